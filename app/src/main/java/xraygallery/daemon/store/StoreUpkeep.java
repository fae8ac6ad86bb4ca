package xraygallery.daemon.store;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The store's upkeep between batches, run by the writer: summaries of traces that settled every time, retention
 * (age, then size) once a minute.
 */
public final class StoreUpkeep implements Consumer<Instant> {
    private static final Duration RETENTION_EVERY = Duration.ofMinutes(1);

    private final TraceStorage storage;
    private final Duration maxAge;
    private final long maxBytes;
    private Instant nextRetention = Instant.MIN;

    public StoreUpkeep(TraceStorage storage, Duration maxAge, long maxBytes) {
        this.storage = storage;
        this.maxAge = maxAge;
        this.maxBytes = maxBytes;
    }

    @Override
    public void accept(Instant now) {
        storage.maintain(now);
        if (!now.isBefore(nextRetention)) {
            nextRetention = now.plus(RETENTION_EVERY);
            storage.enforceRetention(now, maxAge, maxBytes);
        }
    }
}
