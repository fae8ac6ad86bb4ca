package xraygallery.daemon.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** An annotation value and the services whose segments carried it. */
public record ValueWithServiceIds(
        @JsonProperty("AnnotationValue") AnnotationValue annotationValue,
        @JsonProperty("ServiceIds") List<ServiceId> serviceIds) {
}
