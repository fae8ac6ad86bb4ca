package xraygallery.daemon.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The HTTP request a trace served (from its root segment's {@code http} block). */
public record Http(
        @JsonProperty("HttpURL") String httpUrl,
        @JsonProperty("HttpStatus") Integer httpStatus,
        @JsonProperty("HttpMethod") String httpMethod,
        @JsonProperty("UserAgent") String userAgent,
        @JsonProperty("ClientIp") String clientIp) {
}
