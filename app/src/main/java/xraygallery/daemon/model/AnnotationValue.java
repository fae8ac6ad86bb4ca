package xraygallery.daemon.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One annotation value: exactly one of number, boolean or string is set. */
public record AnnotationValue(
        @JsonProperty("NumberValue") Double numberValue,
        @JsonProperty("BooleanValue") Boolean booleanValue,
        @JsonProperty("StringValue") String stringValue) {

    public static AnnotationValue ofString(String value) {
        return new AnnotationValue(null, null, value);
    }

    public static AnnotationValue ofNumber(double value) {
        return new AnnotationValue(value, null, null);
    }

    public static AnnotationValue ofBoolean(boolean value) {
        return new AnnotationValue(null, value, null);
    }
}
