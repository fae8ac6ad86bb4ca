package xraygallery.daemon.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Response statistics of a service or an edge (ServiceStatistics and EdgeStatistics have this shape). */
public record Statistics(
        @JsonProperty("OkCount") Long okCount,
        @JsonProperty("ErrorStatistics") ErrorStatistics errorStatistics,
        @JsonProperty("FaultStatistics") FaultStatistics faultStatistics,
        @JsonProperty("TotalCount") Long totalCount,
        @JsonProperty("TotalResponseTime") Double totalResponseTime) {

    /** 4xx outcomes, throttles (429) counted apart. */
    public record ErrorStatistics(
            @JsonProperty("ThrottleCount") Long throttleCount,
            @JsonProperty("OtherCount") Long otherCount,
            @JsonProperty("TotalCount") Long totalCount) {
    }

    /** 5xx outcomes. */
    public record FaultStatistics(
            @JsonProperty("OtherCount") Long otherCount,
            @JsonProperty("TotalCount") Long totalCount) {
    }
}
