package xraygallery.ui.traces;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import xraygallery.traceview.SpanTree;
import xraygallery.traceview.TraceQuery;
import xraygallery.traceview.TraceSource;
import xraygallery.traceview.TraceSourceException;
import xraygallery.ui.common.TaskExecutor;

/** What the panel's parts share: the source, the executor, the tree cache, the clock and the list's query. */
record PanelContext(TraceSource source, TaskExecutor tasks, TraceCache cache, Clock clock, String sourceName,
        TraceListViewModel list, int listLimit) {

    /** The list's query as it stands: its range up to now, its applied filter. */
    TraceQuery listQuery() {
        return query(list.appliedFilterProperty().get(), listLimit);
    }

    TraceQuery query(String filter, int limit) {
        Instant now = clock.instant();
        return new TraceQuery(now.minus(list.rangeProperty().get().period()), now, filter, limit,
                TraceQuery.RangeBasis.LAST_EVENT);
    }

    /** Trees for ids: from the cache, the rest read in one call (call off the UI thread). */
    List<SpanTree> trees(List<String> ids) throws TraceSourceException {
        List<SpanTree> found = new ArrayList<>(ids.size());
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            cache.get(id).ifPresentOrElse(found::add, () -> missing.add(id));
        }
        if (!missing.isEmpty()) {
            for (SpanTree tree : source.traces(missing)) {
                cache.put(tree);
                found.add(tree);
            }
        }
        return found;
    }
}
