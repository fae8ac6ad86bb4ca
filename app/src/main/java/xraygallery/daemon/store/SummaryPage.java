package xraygallery.daemon.store;

import java.util.List;
import xraygallery.daemon.model.TraceSummary;

/**
 * One page of trace summaries.
 *
 * @param summaries matching summaries, newest first
 * @param processed traces examined, matching or not (the API's TracesProcessedCount)
 * @param next where to continue, or null when the range is exhausted
 */
public record SummaryPage(List<TraceSummary> summaries, long processed, SummaryQuery.Cursor next) {
}
