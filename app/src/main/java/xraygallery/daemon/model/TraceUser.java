package xraygallery.daemon.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A segment's {@code user} and the services that recorded it. */
public record TraceUser(
        @JsonProperty("UserName") String userName,
        @JsonProperty("ServiceIds") List<ServiceId> serviceIds) {
}
