package xraygallery.traceview;

import java.util.Objects;

/** An X-Ray annotation value: a string, a number or a boolean. */
public sealed interface AnnotationValue
        permits AnnotationValue.StringValue, AnnotationValue.NumberValue, AnnotationValue.BooleanValue {

    /** The value as text, as a filter expression or a table would show it. */
    String text();

    static AnnotationValue of(String value) {
        return new StringValue(value);
    }

    static AnnotationValue of(double value) {
        return new NumberValue(value);
    }

    static AnnotationValue of(boolean value) {
        return new BooleanValue(value);
    }

    /** A string annotation. */
    record StringValue(String value) implements AnnotationValue {
        public StringValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String text() {
            return value;
        }
    }

    /** A number annotation (X-Ray keeps every number as a double). */
    record NumberValue(double value) implements AnnotationValue {
        @Override
        public String text() {
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                    : Double.toString(value);
        }
    }

    /** A boolean annotation. */
    record BooleanValue(boolean value) implements AnnotationValue {
        @Override
        public String text() {
            return Boolean.toString(value);
        }
    }
}
