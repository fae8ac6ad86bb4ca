package xraygallery.daemon.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How many calls took about {@code value} seconds. */
public record HistogramEntry(
        @JsonProperty("Value") double value,
        @JsonProperty("Count") int count) {
}
