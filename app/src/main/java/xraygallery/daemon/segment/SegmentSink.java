package xraygallery.daemon.segment;

import java.util.ArrayList;
import java.util.List;

/**
 * Takes batches of validated documents: the store (when {@link #accept} returns, the batch is durable for a
 * durable store and visible to its queries) and forwarding. A failure throws; what it means (a lost batch, a
 * retry) is the sink's own business, counted where it happens.
 */
@FunctionalInterface
public interface SegmentSink {
    void accept(List<SegmentDocument> batch);

    /**
     * One sink handing each batch to every one of {@code sinks}, in order (like OpenTelemetry's
     * {@code SpanExporter.composite}): a sink that throws does not keep the batch from the ones after it; the first
     * failure is thrown once all were tried, later ones suppressed in it.
     */
    static SegmentSink composite(List<? extends SegmentSink> sinks) {
        List<SegmentSink> all = List.copyOf(sinks);
        if (all.size() == 1) {
            return all.get(0);
        }
        return batch -> {
            List<RuntimeException> failures = new ArrayList<>();
            for (SegmentSink sink : all) {
                try {
                    sink.accept(batch);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
            if (!failures.isEmpty()) {
                RuntimeException first = failures.get(0);
                failures.stream().skip(1).forEach(first::addSuppressed);
                throw first;
            }
        };
    }
}
