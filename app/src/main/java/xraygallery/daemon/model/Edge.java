package xraygallery.daemon.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import xraygallery.daemon.DaemonJson;

/** A call from one service to another (its ReferenceId names the downstream service). */
public record Edge(
        @JsonProperty("ReferenceId") Integer referenceId,
        @JsonProperty("StartTime") @JsonSerialize(using = DaemonJson.EpochSeconds.class) Double startTime,
        @JsonProperty("EndTime") @JsonSerialize(using = DaemonJson.EpochSeconds.class) Double endTime,
        @JsonProperty("SummaryStatistics") Statistics summaryStatistics,
        @JsonProperty("ResponseTimeHistogram") List<HistogramEntry> responseTimeHistogram,
        @JsonProperty("Aliases") List<Object> aliases) {
}
