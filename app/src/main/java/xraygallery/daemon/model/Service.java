package xraygallery.daemon.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import xraygallery.daemon.DaemonJson;

/** A node of a service graph: a traced service, or one inferred from its AWS, SQL or HTTP calls. */
public record Service(
        @JsonProperty("ReferenceId") Integer referenceId,
        @JsonProperty("Name") String name,
        @JsonProperty("Names") List<String> names,
        @JsonProperty("Root") Boolean root,
        @JsonProperty("AccountId") String accountId,
        @JsonProperty("Type") String type,
        @JsonProperty("State") String state,
        @JsonProperty("StartTime") @JsonSerialize(using = DaemonJson.EpochSeconds.class) Double startTime,
        @JsonProperty("EndTime") @JsonSerialize(using = DaemonJson.EpochSeconds.class) Double endTime,
        @JsonProperty("Edges") List<Edge> edges,
        @JsonProperty("SummaryStatistics") Statistics summaryStatistics,
        @JsonProperty("DurationHistogram") List<HistogramEntry> durationHistogram,
        @JsonProperty("ResponseTimeHistogram") List<HistogramEntry> responseTimeHistogram) {
}
