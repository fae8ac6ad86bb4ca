package xraygallery.traceview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.model.BatchGetTracesResponse;
import software.amazon.awssdk.services.xray.model.Edge;
import software.amazon.awssdk.services.xray.model.EdgeStatistics;
import software.amazon.awssdk.services.xray.model.ErrorStatistics;
import software.amazon.awssdk.services.xray.model.FaultStatistics;
import software.amazon.awssdk.services.xray.model.GetServiceGraphResponse;
import software.amazon.awssdk.services.xray.model.GetTraceSummariesRequest;
import software.amazon.awssdk.services.xray.model.GetTraceSummariesResponse;
import software.amazon.awssdk.services.xray.model.HistogramEntry;
import software.amazon.awssdk.services.xray.model.Segment;
import software.amazon.awssdk.services.xray.model.Service;
import software.amazon.awssdk.services.xray.model.ServiceStatistics;
import software.amazon.awssdk.services.xray.model.TimeRangeType;
import software.amazon.awssdk.services.xray.model.Trace;
import software.amazon.awssdk.services.xray.model.TraceSummary;
import software.amazon.awssdk.services.xray.model.ValueWithServiceIds;

/**
 * The {@link TraceSource} on the AWS SDK's {@code XRayClient}: the same code reads the bundled daemon
 * ({@link #forLocalDaemon}) and AWS X-Ray ({@link #forAws}); only the client's endpoint, credentials and timeouts
 * differ. The client carries no tracing interceptor, so reading traces records none. Timeouts are short, so a
 * daemon that is down is reported within about a second. Thread-safe; close it when the panel goes away.
 */
public final class XRayTraceSource implements TraceSource {
    /** The most trace ids AWS X-Ray takes in one BatchGetTraces call. */
    static final int TRACE_IDS_PER_CALL = 5;
    /** GetTraceSummaries pages read at most, however many rows are still missing. */
    static final int MAX_SUMMARY_PAGES = 50;
    private static final Logger LOG = LoggerFactory.getLogger(XRayTraceSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Timeouts LOCAL = new Timeouts(Duration.ofMillis(1000), Duration.ofSeconds(10),
            Duration.ofSeconds(15), 2);
    private static final Timeouts AWS = new Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(20),
            Duration.ofSeconds(45), 3);

    /** For {@code GET /telemetry}: one for the process (Java 17's HttpClient cannot be closed). */
    private static final HttpClient TELEMETRY_HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(LOCAL.connect()).build();

    private final XRayClient client;
    private final URI telemetry;
    private final Timeouts timeouts;
    private final String description;

    private XRayTraceSource(XRayClient client, URI telemetry, Timeouts timeouts, String description) {
        this.client = client;
        this.telemetry = telemetry;
        this.timeouts = timeouts;
        this.description = description;
    }

    /** Connect, read and whole-call timeouts, and attempts per call (the first plus retries). */
    private record Timeouts(Duration connect, Duration read, Duration call, int attempts) {
    }

    /** Reads the X-Ray daemon at {@code endpoint} ({@code http://127.0.0.1:2000}); its counters at /telemetry. */
    public static XRayTraceSource forLocalDaemon(URI endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        // the bundled daemon does not check signatures; the SDK signs every call, so it gets a made-up key
        XRayClient client = build(endpoint, Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")), null, LOCAL);
        return new XRayTraceSource(client, endpoint.resolve("/telemetry"), LOCAL, "the X-Ray daemon at " + endpoint);
    }

    /**
     * Reads AWS X-Ray with the default credential and region chains (environment, profile files, SSO, instance
     * roles).
     *
     * @param profile a profile of the AWS config files, or null for the default one
     * @param region a region ({@code eu-west-1}), or null for the profile's or the environment's
     * @throws TraceSourceFailedException if no region is configured anywhere
     */
    public static XRayTraceSource forAws(String profile, String region) throws TraceSourceException {
        Region resolved;
        try {
            resolved = region != null ? Region.of(region)
                    : DefaultAwsRegionProviderChain.builder().profileName(profile).build().getRegion();
        } catch (SdkException e) {
            throw new TraceSourceFailedException("no AWS region is configured for reading X-Ray traces: name one, or"
                    + " set it in the profile or AWS_REGION (" + e.getMessage() + ")", false, e);
        }
        AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().profileName(profile).build();
        XRayClient client = build(null, resolved, credentials, profile, AWS);
        return new XRayTraceSource(client, null, AWS,
                "AWS X-Ray in " + resolved.id() + (profile != null ? " (profile " + profile + ")" : ""));
    }

    private static XRayClient build(URI endpoint, Region region, AwsCredentialsProvider credentials, String profile,
            Timeouts timeouts) {
        var builder = XRayClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(timeouts.connect())
                        .socketTimeout(timeouts.read())
                        .connectionAcquisitionTimeout(timeouts.connect())
                        .connectionMaxIdleTime(Duration.ofSeconds(20)))
                // no execution interceptors: reading traces must not record any
                .overrideConfiguration(c -> {
                    c.apiCallTimeout(timeouts.call())
                            .apiCallAttemptTimeout(timeouts.read())
                            .retryStrategy(r -> r.maxAttempts(timeouts.attempts()));
                    if (profile != null) {
                        c.defaultProfileName(profile);
                    }
                });
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    /** Where this source reads ("the X-Ray daemon at http://127.0.0.1:2000", "AWS X-Ray in eu-west-1"). */
    public String description() {
        return description;
    }

    /** The client, for tests of its configuration. */
    XRayClient client() {
        return client;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Pages through GetTraceSummaries until {@code limit} rows are in or no page is left (at most
     * {@value #MAX_SUMMARY_PAGES} pages), then orders them by start, newest first. The bundled daemon answers
     * newest first, so its rows are the newest; AWS X-Ray promises no order, so over a busy range its rows are
     * the first {@code limit} it returned.
     */
    @Override
    public List<TraceRow> recentTraces(TraceQuery query) throws TraceSourceException {
        long started = System.nanoTime();
        GetTraceSummariesRequest.Builder request = GetTraceSummariesRequest.builder()
                .startTime(query.from())
                .endTime(query.to())
                .timeRangeType(query.rangeBasis() == TraceQuery.RangeBasis.TRACE_START ? TimeRangeType.TRACE_ID
                        : TimeRangeType.EVENT)
                .sampling(false)
                .filterExpression(query.filterExpression());
        List<TraceRow> rows = new ArrayList<>();
        String token = null;
        int pages = 0;
        try {
            do {
                GetTraceSummariesResponse page = client.getTraceSummaries(request.nextToken(token).build());
                pages++;
                for (TraceSummary summary : page.traceSummaries()) {
                    rows.add(row(summary));
                }
                token = page.nextToken();
            } while (rows.size() < query.limit() && token != null && !token.isEmpty() && pages < MAX_SUMMARY_PAGES);
        } catch (RuntimeException e) {
            throw XRayErrors.translate(e, description, query.filterExpression());
        }
        rows.sort(Comparator.comparing(TraceRow::start).thenComparing(TraceRow::traceId).reversed());
        List<TraceRow> newest = List.copyOf(rows.subList(0, Math.min(rows.size(), query.limit())));
        LOG.debug("{} trace summaries from {} in {} page(s), {} ms", newest.size(), description, pages,
                (System.nanoTime() - started) / 1_000_000);
        return newest;
    }

    static TraceRow row(TraceSummary summary) {
        Map<String, List<AnnotationValue>> annotations = new LinkedHashMap<>();
        if (summary.hasAnnotations()) {
            summary.annotations().forEach((key, values) -> {
                List<AnnotationValue> converted = new ArrayList<>(values.size());
                for (ValueWithServiceIds value : values) {
                    AnnotationValue annotation = annotation(value);
                    if (annotation != null) {
                        converted.add(annotation);
                    }
                }
                annotations.put(key, converted);
            });
        }
        String action = first(annotations, "action");
        String user = first(annotations, "user");
        if (user == null && summary.hasUsers() && !summary.users().isEmpty()) {
            user = summary.users().get(0).userName();
        }
        Instant start = summary.startTime() != null ? summary.startTime()
                : SpanTreeParser.epochOfTraceId(summary.id());
        Duration responseTime = seconds(summary.responseTime());
        return new TraceRow(summary.id(), start, action, user, seconds(summary.duration()), responseTime,
                summary.http() != null ? summary.http().httpStatus() : null, Boolean.TRUE.equals(summary.hasFault()),
                Boolean.TRUE.equals(summary.hasError()), Boolean.TRUE.equals(summary.hasThrottle()),
                Boolean.TRUE.equals(summary.isPartial()) || responseTime == null, annotations);
    }

    private static AnnotationValue annotation(ValueWithServiceIds value) {
        var annotation = value.annotationValue();
        if (annotation == null) {
            return null;
        }
        if (annotation.stringValue() != null) {
            return AnnotationValue.of(annotation.stringValue());
        }
        if (annotation.numberValue() != null) {
            return AnnotationValue.of(annotation.numberValue());
        }
        if (annotation.booleanValue() != null) {
            return AnnotationValue.of(annotation.booleanValue());
        }
        return null;
    }

    private static String first(Map<String, List<AnnotationValue>> annotations, String key) {
        List<AnnotationValue> values = annotations.get(key);
        return values == null || values.isEmpty() ? null : values.get(0).text();
    }

    @Override
    public Optional<SpanTree> trace(String traceId) throws TraceSourceException {
        return traces(List.of(traceId)).stream().findFirst();
    }

    @Override
    public List<SpanTree> traces(List<String> traceIds) throws TraceSourceException {
        List<String> ids = List.copyOf(new LinkedHashSet<>(traceIds));
        Map<String, List<String>> documents = new LinkedHashMap<>();
        try {
            for (int from = 0; from < ids.size(); from += TRACE_IDS_PER_CALL) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + TRACE_IDS_PER_CALL));
                String token = null;
                do {
                    String pageToken = token;
                    BatchGetTracesResponse page = client.batchGetTraces(b -> b.traceIds(chunk).nextToken(pageToken));
                    for (Trace trace : page.traces()) {
                        List<String> docs = documents.computeIfAbsent(trace.id(), id -> new ArrayList<>());
                        for (Segment segment : trace.segments()) {
                            docs.add(segment.document());
                        }
                    }
                    if (page.hasUnprocessedTraceIds() && !page.unprocessedTraceIds().isEmpty()) {
                        LOG.debug("{} did not process trace ids {}", description, page.unprocessedTraceIds());
                    }
                    token = page.nextToken();
                } while (token != null && !token.isEmpty());
            }
        } catch (RuntimeException e) {
            throw XRayErrors.translate(e, description, null);
        }
        List<SpanTree> trees = new ArrayList<>(documents.size());
        for (String id : ids) {
            List<String> docs = documents.get(id);
            if (docs != null) {
                SpanTreeParser.parse(id, docs).ifPresent(trees::add);
            }
        }
        return List.copyOf(trees);
    }

    @Override
    public ServiceGraph serviceGraph(Instant from, Instant to) throws TraceSourceException {
        List<ServiceGraph.Node> nodes = new ArrayList<>();
        List<ServiceGraph.Edge> edges = new ArrayList<>();
        try {
            String token = null;
            do {
                String pageToken = token;
                GetServiceGraphResponse page = client.getServiceGraph(b -> b.startTime(from).endTime(to)
                        .nextToken(pageToken));
                for (Service service : page.services()) {
                    int reference = service.referenceId() == null ? -1 : service.referenceId();
                    nodes.add(new ServiceGraph.Node(reference, service.name() == null ? "" : service.name(),
                            service.type(), ServiceGraph.NodeKind.ofType(service.type()),
                            Boolean.TRUE.equals(service.root()), stats(service.summaryStatistics(),
                                    service.hasResponseTimeHistogram() ? service.responseTimeHistogram() : List.of())));
                    if (service.hasEdges()) {
                        for (Edge edge : service.edges()) {
                            edges.add(new ServiceGraph.Edge(reference,
                                    edge.referenceId() == null ? -1 : edge.referenceId(),
                                    stats(edge.summaryStatistics(), edge.hasResponseTimeHistogram()
                                            ? edge.responseTimeHistogram() : List.of())));
                        }
                    }
                }
                token = page.nextToken();
            } while (token != null && !token.isEmpty());
        } catch (RuntimeException e) {
            throw XRayErrors.translate(e, description, null);
        }
        return new ServiceGraph(from, to, nodes, edges);
    }

    static CallStats stats(ServiceStatistics statistics, List<HistogramEntry> histogram) {
        if (statistics == null) {
            return callStats(null, null, null, null, null, histogram);
        }
        return callStats(statistics.okCount(), statistics.errorStatistics(), statistics.faultStatistics(),
                statistics.totalCount(), statistics.totalResponseTime(), histogram);
    }

    static CallStats stats(EdgeStatistics statistics, List<HistogramEntry> histogram) {
        if (statistics == null) {
            return callStats(null, null, null, null, null, histogram);
        }
        return callStats(statistics.okCount(), statistics.errorStatistics(), statistics.faultStatistics(),
                statistics.totalCount(), statistics.totalResponseTime(), histogram);
    }

    private static CallStats callStats(Long okCount, ErrorStatistics errors, FaultStatistics faults, Long totalCount,
            Double totalResponseTime, List<HistogramEntry> histogram) {
        long ok = okCount == null ? 0 : okCount;
        long throttles = errors == null || errors.throttleCount() == null ? 0 : errors.throttleCount();
        long otherErrors = errors == null ? 0 : errors.otherCount() != null ? errors.otherCount()
                : errors.totalCount() == null ? 0 : Math.max(0, errors.totalCount() - throttles);
        long faultCount = faults == null || faults.totalCount() == null ? 0 : faults.totalCount();
        long count = totalCount != null ? totalCount : ok + throttles + otherErrors + faultCount;
        Duration average = count > 0 && totalResponseTime != null ? seconds(totalResponseTime / count) : null;
        List<Percentiles.Bucket> buckets = new ArrayList<>(histogram.size());
        for (HistogramEntry entry : histogram) {
            if (entry.value() != null && entry.count() != null) {
                buckets.add(new Percentiles.Bucket(entry.value(), entry.count()));
            }
        }
        double p95 = Percentiles.ofHistogram(buckets, 0.95);
        return new CallStats(count, ok, otherErrors, throttles, faultCount, average,
                Double.isNaN(p95) ? null : seconds(p95));
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code GET /telemetry} on the daemon's port; AWS X-Ray, and an endpoint without that path, have no
     * counters: {@link DaemonHealth.NotAvailable}.
     */
    @Override
    public DaemonHealth daemonHealth() throws TraceSourceException {
        if (telemetry == null) {
            return new DaemonHealth.NotAvailable("AWS X-Ray has no daemon counters; they show when the panel reads"
                    + " the bundled daemon");
        }
        HttpResponse<String> response;
        try {
            response = TELEMETRY_HTTP.send(HttpRequest.newBuilder(telemetry).timeout(timeouts.read()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TraceSourceUnreachableException(description + " is not answering ("
                    + XRayErrors.describe(e) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TraceSourceFailedException("interrupted while reading the daemon's counters", true, e);
        }
        if (response.statusCode() == 404) {
            return new DaemonHealth.NotAvailable(description + " has no /telemetry: it is not the bundled daemon");
        }
        if (response.statusCode() != 200) {
            throw new TraceSourceFailedException(description + " answered " + response.statusCode()
                    + " to GET /telemetry", response.statusCode() >= 500, null);
        }
        try {
            return new DaemonHealth.Reported(telemetry(JSON.readTree(response.body())));
        } catch (IOException | RuntimeException e) {
            throw new TraceSourceFailedException(description + " sent counters that cannot be read: " + e.getMessage(),
                    false, e);
        }
    }

    static DaemonTelemetry telemetry(JsonNode t) {
        if (t == null || !t.isObject() || !t.has("received")) {
            throw new IllegalArgumentException("not a telemetry document");
        }
        Map<String, Long> byReason = new LinkedHashMap<>();
        t.path("rejectedByReason").properties().forEach(e -> byReason.put(e.getKey(), e.getValue().asLong()));
        JsonNode forwarding = t.path("forwarding");
        DaemonTelemetry.Forwarding forwarded = forwarding.isObject()
                ? new DaemonTelemetry.Forwarding(forwarding.path("enabled").asBoolean(false),
                        forwarding.path("forwarded").asLong(), forwarding.path("failures").asLong(),
                        forwarding.path("unprocessed").asLong(), forwarding.path("dropped").asLong(),
                        forwarding.path("queued").asLong())
                : DaemonTelemetry.Forwarding.DISABLED;
        return new DaemonTelemetry(Duration.ofSeconds(t.path("uptimeSeconds").asLong()), t.path("received").asLong(),
                t.path("stored").asLong(), t.path("rejected").asLong(), byReason,
                t.hasNonNull("lastRejection") ? t.get("lastRejection").asText() : null, t.path("spillover").asLong(),
                t.path("udpKernelDrops").asLong(-1), t.path("storeFailures").asLong(), t.path("buffered").asLong(),
                forwarded, t.path("store").path("traces").asLong(-1), t.path("store").path("bytes").asLong(-1));
    }

    /** Seconds as X-Ray reports them, to a duration (to the microsecond); null stays null. */
    static Duration seconds(Double seconds) {
        if (seconds == null || seconds.isNaN() || seconds.isInfinite()) {
            return null;
        }
        return Duration.ofNanos(Math.round(seconds * 1_000_000d) * 1000L);
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "XRayTraceSource[" + description + "]";
    }
}
