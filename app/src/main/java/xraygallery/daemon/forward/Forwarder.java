package xraygallery.daemon.forward;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.XRayClientBuilder;
import software.amazon.awssdk.services.xray.model.PutTraceSegmentsResponse;
import software.amazon.awssdk.services.xray.model.UnprocessedTraceSegment;
import xraygallery.daemon.DaemonConfig;
import xraygallery.daemon.DaemonMetrics;
import xraygallery.daemon.segment.SegmentDocument;
import xraygallery.daemon.segment.SegmentSink;

/**
 * Sends documents on to AWS X-Ray (or another X-Ray API endpoint) with {@code PutTraceSegments}, alongside local
 * storage. Like the AWS daemon: batches of at most {@value #BATCH} documents, sent at least every second,
 * {@value #SENDERS} senders, a bounded queue ({@value #QUEUE_CAPACITY} documents) that drops its oldest when
 * full. Unlike it, every loss is counted: dropped, failed after {@value #ATTEMPTS} attempts with exponential
 * backoff, or returned as UnprocessedTraceSegments. {@link #accept} never blocks the writer.
 */
public final class Forwarder implements SegmentSink, AutoCloseable {
    static final int BATCH = 50;
    static final int SENDERS = 4;
    static final int QUEUE_CAPACITY = 10_000;
    static final int ATTEMPTS = 4;
    static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

    private final XRayClient client;
    private final DaemonMetrics metrics;
    private final ArrayDeque<SegmentDocument> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Thread> senders = new ArrayList<>();
    private volatile boolean closing;
    private volatile long lastWarning;

    Forwarder(XRayClient client, DaemonMetrics metrics) {
        this.client = client;
        this.metrics = metrics;
    }

    /** Builds the XRayClient (default credential chain unless given) and starts the senders. */
    public static Forwarder start(DaemonConfig.Forwarding forwarding, DaemonMetrics metrics) {
        XRayClientBuilder builder = XRayClient.builder()
                .httpClient(ApacheHttpClient.builder().maxConnections(SENDERS).build())
                .credentialsProvider(forwarding.credentials() != null ? forwarding.credentials()
                        : DefaultCredentialsProvider.builder().build())
                .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()).apiCallTimeout(Duration.ofSeconds(10)));
        Region region = forwarding.region();
        if (region == null) {
            try {
                region = new DefaultAwsRegionProviderChain().getRegion();
            } catch (SdkClientException e) {
                if (forwarding.endpoint() == null) {
                    throw new IllegalArgumentException("forwarding to AWS X-Ray needs a region: set AWS_REGION, a"
                            + " profile region, or --forward-region", e);
                }
                region = Region.US_EAST_1;
            }
        }
        builder.region(region);
        if (forwarding.endpoint() != null) {
            builder.endpointOverride(forwarding.endpoint());
        }
        Forwarder forwarder = new Forwarder(builder.build(), metrics);
        forwarder.startSenders();
        LOG.info("forwarding to {} in {}", forwarding.endpoint() != null ? forwarding.endpoint() : "AWS X-Ray", region);
        return forwarder;
    }

    void startSenders() {
        for (int i = 0; i < SENDERS; i++) {
            Thread thread = new Thread(this::sendLoop, "daemon-forward-" + (i + 1));
            thread.setDaemon(true);
            senders.add(thread);
            thread.start();
        }
    }

    /** Queues a batch; never blocks. When the queue is full the oldest documents are dropped and counted. */
    @Override
    public void accept(List<SegmentDocument> batch) {
        int dropped = 0;
        lock.lock();
        try {
            if (closing) {
                dropped = batch.size();
            } else {
                for (SegmentDocument document : batch) {
                    if (queue.size() == QUEUE_CAPACITY) {
                        queue.pollFirst();
                        dropped++;
                    }
                    queue.addLast(document);
                }
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (dropped > 0) {
            metrics.forwardDropped(dropped);
            warn("the forwarding queue is full: dropped the oldest {} documents", dropped);
        }
    }

    private void sendLoop() {
        while (true) {
            List<SegmentDocument> batch;
            try {
                batch = nextBatch();
            } catch (InterruptedException e) {
                return;
            }
            if (batch == null) {
                return;
            }
            send(batch);
        }
    }

    /** Waits for a document, then up to {@link #FLUSH_INTERVAL} for a full batch. Null once closed and empty. */
    private List<SegmentDocument> nextBatch() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            do {
                while (queue.isEmpty()) {
                    if (closing) {
                        return null;
                    }
                    changed.await();
                }
                long deadline = System.nanoTime() + FLUSH_INTERVAL.toNanos();
                while (queue.size() < BATCH && !closing) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    changed.awaitNanos(left);
                }
            } while (queue.isEmpty()); // another sender may have taken them while this one waited
            List<SegmentDocument> batch = new ArrayList<>(Math.min(BATCH, queue.size()));
            while (batch.size() < BATCH && !queue.isEmpty()) {
                batch.add(queue.pollFirst());
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private void send(List<SegmentDocument> batch) {
        List<String> documents = batch.stream().map(SegmentDocument::jsonText).toList();
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                PutTraceSegmentsResponse response = client.putTraceSegments(r -> r.traceSegmentDocuments(documents));
                List<UnprocessedTraceSegment> unprocessed = response.unprocessedTraceSegments();
                metrics.forwarded(batch.size() - unprocessed.size());
                if (!unprocessed.isEmpty()) {
                    metrics.forwardUnprocessed(unprocessed.size());
                    UnprocessedTraceSegment first = unprocessed.get(0);
                    warn("X-Ray did not process {} of {} documents; the first: {} {} {}", unprocessed.size(),
                            batch.size(), first.id(), first.errorCode(), first.message());
                }
                return;
            } catch (SdkException e) {
                boolean retryable = e.retryable() || e instanceof SdkClientException
                        || e instanceof SdkServiceException service
                        && (service.statusCode() >= 500 || service.isThrottlingException());
                if (!retryable || attempt == ATTEMPTS || closing) {
                    metrics.forwardFailed(batch.size());
                    warn("forwarding {} documents failed after {} attempts: {}", batch.size(), attempt, e.getMessage());
                    return;
                }
                long jitter = ThreadLocalRandom.current().nextLong(backoff.toMillis() / 2 + 1);
                if (!pause(backoff.toMillis() + jitter)) {
                    metrics.forwardFailed(batch.size());
                    return;
                }
                backoff = backoff.multipliedBy(2);
            } catch (RuntimeException e) {
                metrics.forwardFailed(batch.size());
                warn("forwarding {} documents failed: {}", batch.size(), e.toString());
                return;
            }
        }
    }

    /** Waits before a retry; false if the forwarder is closing. */
    private boolean pause(long millis) {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
            while (nanos > 0 && !closing) {
                nanos = changed.awaitNanos(nanos);
            }
            return !closing;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Documents waiting to be sent. */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private void warn(String format, Object... args) {
        long now = System.nanoTime();
        if (now - lastWarning > 10_000_000_000L) {
            lastWarning = now;
            LOG.warn(format, args);
        } else {
            LOG.debug(format, args);
        }
    }

    /** Sends what is queued (one attempt per batch, at most 10 s in all), then stops. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Thread sender : senders) {
            try {
                sender.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int left = queued();
        if (left > 0) {
            metrics.forwardFailed(left);
            LOG.warn("{} documents were not forwarded before shutdown", left);
        }
        client.close();
    }
}
