package xraygallery.daemon.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import xraygallery.daemon.Doc;
import xraygallery.daemon.model.RootCause;
import xraygallery.daemon.model.TraceSummary;

/** Fault, error and response-time root causes as TraceSummarizer computes them. */
class RootCausesTest {
    static final double T = 1_732_000_000;

    static TraceSummary summary(Doc... docs) {
        String traceId = Doc.newTraceId((long) T);
        List<byte[]> bytes = java.util.Arrays.stream(docs).map(d -> d.trace(traceId).bytes()).toList();
        return TraceSummarizer.summarize(TraceAssembler.assemble(traceId, bytes), 1).summary();
    }

    static List<String> services(RootCause cause) {
        return cause.services().stream().map(s -> s.name() + "|" + s.type() + (s.inferred() ? "|inferred" : ""))
                .toList();
    }

    static List<String> entities(RootCause.Service service) {
        return service.entityPath().stream().map(e -> e.name() + (Boolean.TRUE.equals(e.remote()) ? "(remote)" : ""))
                .toList();
    }

    @Test
    void aFaultedS3Call_isTheLastService_inferred_afterThePathThroughTheApp() {
        TraceSummary summary = summary(Doc.segment("xray-gallery").times(T, T + 1).fault()
                .sub(Doc.subsegment("resize_image").times(T, T + 0.1))
                .sub(Doc.subsegment("upload").times(T + 0.1, T + 0.9).fault()
                        .sub(Doc.subsegment("S3").namespace("aws").times(T + 0.2, T + 0.8).fault()
                                .exception("InternalError", "We encountered an internal error"))));

        assertThat(summary.faultRootCauses()).singleElement().satisfies(cause -> {
            assertThat(cause.clientImpacting()).isTrue();
            assertThat(services(cause)).containsExactly("xray-gallery|null", "S3|AWS::S3|inferred");
            assertThat(entities(cause.services().get(0))).containsExactly("xray-gallery", "upload", "S3(remote)");
            assertThat(cause.services().get(0).entityPath().get(2).exceptions()).singleElement()
                    .satisfies(e -> assertThat(e.message()).isEqualTo("We encountered an internal error"));
            assertThat(entities(cause.services().get(1))).containsExactly("S3(remote)");
        });
        assertThat(summary.errorRootCauses()).isEmpty();
    }

    @Test
    void aHandledFault_isARootCause_thatDoesNotImpactTheClient_listedAfterThoseThatDo() {
        TraceSummary summary = summary(Doc.segment("xray-gallery").times(T, T + 1).fault()
                .sub(Doc.subsegment("S3").namespace("aws").times(T + 0.1, T + 0.2).fault())
                .sub(Doc.subsegment("encode").times(T + 0.3, T + 0.9).fault()));
        // S3 faulted under the faulted segment: part of its cause; a second branch, encode, is another cause
        assertThat(summary.faultRootCauses()).extracting(RootCause::clientImpacting).containsExactly(true, true);

        TraceSummary handled = summary(Doc.segment("xray-gallery").times(T, T + 1)
                .sub(Doc.subsegment("S3").namespace("aws").times(T + 0.1, T + 0.2).fault())
                .sub(Doc.subsegment("S3").namespace("aws").times(T + 0.3, T + 0.4)));
        assertThat(handled.faultRootCauses()).singleElement().satisfies(cause -> {
            assertThat(cause.clientImpacting()).isFalse();
            assertThat(services(cause)).containsExactly("xray-gallery|null", "S3|AWS::S3|inferred");
        });
    }

    @Test
    void anErrorInATracedDownstreamService_isOneCause_whosePathCrossesBothServices() {
        Doc call = Doc.subsegment("backend").namespace("remote").times(T + 0.1, T + 0.9).error();
        Doc frontend = Doc.segment("frontend").times(T, T + 1).error().sub(call);
        Doc backend = Doc.segment("backend").parent(call.id()).times(T + 0.15, T + 0.85).throttle()
                .exception("Throttled", "slow down");
        TraceSummary summary = summary(frontend, backend);

        assertThat(summary.errorRootCauses()).singleElement().satisfies(cause -> {
            assertThat(cause.clientImpacting()).isTrue();
            assertThat(services(cause)).containsExactly("frontend|null", "backend|null");
            assertThat(entities(cause.services().get(0))).containsExactly("frontend", "backend(remote)");
            assertThat(entities(cause.services().get(1))).containsExactly("backend");
        });
    }

    @Test
    void theResponseTimeRootCause_followsTheLongestCall_intoDownstreamServices() {
        Doc call = Doc.subsegment("backend").namespace("remote").times(T + 0.1, T + 0.9);
        Doc frontend = Doc.segment("frontend").times(T, T + 1).sub(Doc.subsegment("cache").times(T, T + 0.05))
                .sub(call);
        Doc backend = Doc.segment("backend").parent(call.id()).times(T + 0.15, T + 0.85)
                .sub(Doc.subsegment("DynamoDB").namespace("aws").times(T + 0.2, T + 0.8));
        TraceSummary summary = summary(frontend, backend);

        assertThat(summary.responseTimeRootCauses()).singleElement().satisfies(cause -> {
            assertThat(services(cause)).containsExactly("frontend|null", "backend|null",
                    "DynamoDB|AWS::DynamoDB|inferred");
            assertThat(entities(cause.services().get(0))).containsExactly("frontend", "backend(remote)");
            assertThat(entities(cause.services().get(1))).containsExactly("backend", "DynamoDB(remote)");
            assertThat(cause.services().get(2).entityPath().get(0).coverage()).isEqualTo(0.6);
        });
    }

    @Test
    void aCycleOfParentIds_endsTheWalk() {
        Doc a = Doc.segment("a").times(T, T + 1);
        Doc b = Doc.segment("b").times(T, T + 1).fault();
        Doc callFromA = Doc.subsegment("to-b").namespace("remote").times(T, T + 1).fault();
        Doc callFromB = Doc.subsegment("to-a").namespace("remote").times(T, T + 1).fault();
        a.sub(callFromA).parent(callFromB.id());
        b.sub(callFromB).parent(callFromA.id());

        TraceSummary summary = summary(a, b);
        assertThat(summary.isPartial()).as("no root segment").isTrue();
        assertThat(summary.faultRootCauses()).singleElement().satisfies(cause -> {
            assertThat(cause.clientImpacting()).isFalse();
            assertThat(services(cause)).containsExactly("a|null", "b|null");
        });
    }
}
