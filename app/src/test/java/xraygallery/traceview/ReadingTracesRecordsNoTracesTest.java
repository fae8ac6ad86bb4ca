package xraygallery.traceview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import xraygallery.daemon.DaemonFixture;
import xraygallery.tracing.Tracing;
import xraygallery.tracing.TracingConfig;

/**
 * The panel's reads make no traces: with the app's X-Ray recorder active and a user action running, a burst of
 * queries adds nothing to the daemon beyond the action's own segment.
 */
class ReadingTracesRecordsNoTracesTest {

    @Test
    void aBurstOfQueries_insideAndOutsideATracedAction_recordsNoSubsegmentAndNoTrace() throws Exception {
        try (DaemonFixture fixture = DaemonFixture.start("traceview-untraced");
                Tracing tracing = Tracing.create(TracingConfig.forDaemon(fixture.daemonAddress()));
                XRayTraceSource source = XRayTraceSource.forLocalDaemon(fixture.daemon().endpoint())) {
            // the SDK's own interceptors only (checksums, error hints); none of X-Ray's recorder
            assertThat(source.client().serviceClientConfiguration().overrideConfiguration().executionInterceptors())
                    .noneMatch(i -> i.getClass().getName().startsWith("com.amazonaws.xray"));
            TraceQuery query = TraceQuery.last(Duration.ofMinutes(10), Instant.now().plusSeconds(60));
            tracing.action("upload", "tracy", () -> tracing.subsegment("resize_image", () -> { }));
            await().atMost(Duration.ofSeconds(10)).until(() -> source.recentTraces(query).size() == 1);
            String upload = source.recentTraces(query).get(0).traceId();

            tracing.action("open_trace_panel", "tracy", () -> burst(source, query, upload));
            burst(source, query, upload);

            // each action sends its in-progress copy when it starts and its finished segment when it ends
            await().atMost(Duration.ofSeconds(10)).until(() -> received(source) >= 4);
            List<TraceRow> rows = source.recentTraces(query);
            assertThat(rows).extracting(TraceRow::action).containsExactlyInAnyOrder("upload", "open_trace_panel");
            SpanTree panel = source.trace(rows.stream().filter(r -> r.action().equals("open_trace_panel")).findFirst()
                    .orElseThrow().traceId()).orElseThrow();
            assertThat(panel.size()).isEqualTo(1); // no XRay subsegments under the action
            assertThat(received(source)).isEqualTo(4); // the two actions' segments, nothing else
        }
    }

    private static long received(TraceSource source) throws TraceSourceException {
        return ((DaemonHealth.Reported) source.daemonHealth()).telemetry().received();
    }

    private static void burst(TraceSource source, TraceQuery query, String traceId) throws TraceSourceException {
        for (int i = 0; i < 10; i++) {
            source.recentTraces(query);
            source.trace(traceId);
            source.serviceGraph(query.from(), query.to());
            source.daemonHealth();
        }
    }
}
