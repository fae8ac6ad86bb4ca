package xraygallery.ui.traces;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import xraygallery.traceview.SpanTree;

/**
 * Complete traces already read (a complete trace no longer changes), most recently used kept, so that selecting
 * a row again, comparing or profiling does not read them twice. Traces still in progress are never kept.
 * Thread-safe: background tasks fill it.
 */
final class TraceCache {
    private final int capacity;
    private final LinkedHashMap<String, SpanTree> trees;

    TraceCache(int capacity) {
        this.capacity = capacity;
        this.trees = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SpanTree> eldest) {
                return size() > TraceCache.this.capacity;
            }
        };
    }

    synchronized Optional<SpanTree> get(String traceId) {
        return Optional.ofNullable(trees.get(traceId));
    }

    synchronized void put(SpanTree tree) {
        if (!tree.inProgress()) {
            trees.put(tree.traceId(), tree);
        }
    }

    synchronized List<SpanTree> all() {
        return new ArrayList<>(trees.values());
    }

    synchronized int size() {
        return trees.size();
    }
}
