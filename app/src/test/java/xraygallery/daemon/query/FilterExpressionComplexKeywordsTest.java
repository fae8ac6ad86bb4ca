package xraygallery.daemon.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import xraygallery.daemon.Doc;
import xraygallery.daemon.trace.TraceAssembler;
import xraygallery.daemon.trace.TraceRecord;
import xraygallery.daemon.trace.TraceSummarizer;

/** service(...) { }, edge(...), id(...) and rootcause.* over five traces, and the errors they can raise. */
class FilterExpressionComplexKeywordsTest {
    static final double T = 1_732_000_000;

    /** A: an upload whose S3 call was throttled (error + throttle on the S3 subsegment only). */
    static final TraceRecord THROTTLED = record(Doc.segment("xray-gallery").trace(Doc.newTraceId((long) T))
            .times(T, T + 1.5)
            .sub(Doc.subsegment("S3").namespace("aws").times(T + 0.1, T + 0.2).throttle()));
    /** B: a sign-in that faulted in the app itself. */
    static final TraceRecord APP_FAULT = record(Doc.segment("xray-gallery").trace(Doc.newTraceId((long) T))
            .times(T, T + 0.2).fault());
    /** C: an upload whose S3 PutObject answered 500, and the fault went up to the user. */
    static final TraceRecord S3_FAULT = record(Doc.segment("xray-gallery").trace(Doc.newTraceId((long) T))
            .times(T, T + 1).fault()
            .sub(Doc.subsegment("upload").times(T + 0.1, T + 0.9).fault()
                    .sub(Doc.subsegment("S3").namespace("aws").times(T + 0.2, T + 0.8).fault().httpStatus(500)
                            .exception("InternalError", "We encountered an internal error"))));
    /** D: an S3 call answered 503, retried successfully: the user saw no fault. */
    static final TraceRecord HANDLED = record(Doc.segment("xray-gallery").trace(Doc.newTraceId((long) T))
            .times(T, T + 2)
            .sub(Doc.subsegment("S3").namespace("aws").times(T + 0.1, T + 0.3).fault()
                    .exception("ServiceUnavailable", "Please reduce your request rate"))
            .sub(Doc.subsegment("S3").namespace("aws").times(T + 0.4, T + 0.6)));
    /** E: frontend (on EC2) calls the traced backend, which answers 404; the backend's DynamoDB call was fine. */
    static final TraceRecord TWO_SERVICES = twoServices();

    static TraceRecord twoServices() {
        String traceId = Doc.newTraceId((long) T);
        Doc call = Doc.subsegment("backend").namespace("remote").times(T + 0.1, T + 0.9).error();
        Doc frontend = Doc.segment("frontend").origin("AWS::EC2::Instance").trace(traceId).times(T, T + 1).error()
                .sub(call);
        Doc backend = Doc.segment("backend").trace(traceId).parent(call.id()).times(T + 0.15, T + 0.85).error()
                .exception("NotFound", "photo 42 not found")
                .sub(Doc.subsegment("DynamoDB").namespace("aws").times(T + 0.2, T + 0.8));
        return TraceSummarizer.summarize(TraceAssembler.assemble(traceId, List.of(frontend.bytes(), backend.bytes())),
                1);
    }

    static TraceRecord record(Doc doc) {
        return TraceSummarizer.summarize(TraceAssembler.assemble(doc.build().traceId(), List.of(doc.bytes())), 1);
    }

    static boolean matches(TraceFilter filter, TraceRecord trace) {
        return filter.test(trace.summary(), filter.readsGraphFacts() ? trace.graphFacts() : null);
    }

    @ParameterizedTest(name = "{0} -> {1} {2} {3} {4} {5}")
    @CsvSource(delimiter = '|', textBlock = """
        service("S3") { fault }                                      | false | false | true  | true  | false
        service("S3") { fault = true }                               | false | false | true  | true  | false
        service("S3") { throttle }                                   | true  | false | false | false | false
        service("S3") { error }                                      | true  | false | false | false | false
        service("S3") { ok }                                         | false | false | false | true  | false
        service("S3") { !ok }                                        | true  | false | true  | true  | false
        service("S3") { fault AND responsetime > 0.5 }               | false | false | true  | false | false
        service("S3") { responsetime < 0.15 }                        | true  | false | false | false | false
        service("S3") { (fault OR throttle) and responsetime < 1 }   | true  | false | true  | true  | false
        service() { fault }                                          | false | true  | true  | true  | false
        service() { error }                                          | true  | false | false | false | true
        service()                                                    | true  | true  | true  | true  | true
        service("xray-gallery") { root AND fault }                   | false | true  | true  | false | false
        service("frontend") { root = true }                          | false | false | false | false | true
        service("backend") { root }                                  | false | false | false | false | false
        service(id(name: "S3", type: "AWS::S3")) { fault }           | false | false | true  | true  | false
        service(id(type: "AWS::S3"))                                 | true  | false | true  | true  | false
        service(id(name: "S3", type: "AWS::DynamoDB"))               | false | false | false | false | false
        service(id(type: "AWS::DynamoDB")) { ok }                    | false | false | false | false | true
        service(id(account.id: "123456789012"))                      | false | false | false | false | false
        service(id(name: "frontend", type: "AWS::EC2::Instance")) { error } | false | false | false | false | true
        !service("S3") { fault }                                     | true  | true  | false | false | true
        service("S3") { fault } AND !fault                           | false | false | false | true  | false
        service("frontend") AND service("backend") { error }         | false | false | false | false | true
        edge("xray-gallery", "S3")                                   | true  | false | true  | true  | false
        edge("xray-gallery", "S3") { fault }                         | false | false | true  | true  | false
        edge("xray-gallery", "S3") { throttle }                      | true  | false | false | false | false
        edge("frontend", "backend") { error }                        | false | false | false | false | true
        edge("backend", "frontend")                                  | false | false | false | false | false
        edge("backend", "DynamoDB") { ok AND responsetime >= 0.5 }   | false | false | false | false | true
        edge(id(name: "frontend", type: "AWS::EC2::Instance"), "backend") | false | false | false | false | true
        edge(id(type: "AWS::EC2::Instance"), id(type: "AWS::S3"))    | false | false | false | false | false
        rootcause.fault.service                                      | false | true  | true  | true  | false
        rootcause.fault.service { name = "S3" }                      | false | false | true  | true  | false
        rootcause.fault.service { last AND inferred AND type = "AWS::S3" } | false | false | true | true | false
        rootcause.fault.service { first and name = "xray-gallery" }  | false | true  | true  | true  | false
        rootcause.fault.service { index = 1 }                        | false | false | true  | true  | false
        rootcause.fault.service { index > 1 }                        | false | false | false | false | false
        rootcause.error.service { name = "backend" AND last }        | false | false | false | false | true
        rootcause.error.service { name = "S3" }                      | true  | false | false | false | false
        rootcause.error.service { inferred }                         | true  | false | false | false | false
        rootcause.fault.entity { last AND name = "S3" AND remote }   | false | false | true  | true  | false
        rootcause.fault.entity { name = "upload" }                   | false | false | true  | false | false
        rootcause.fault.entity { first AND name = "xray-gallery" }   | false | true  | true  | true  | false
        rootcause.error.entity { name = "backend" AND remote }       | false | false | false | false | true
        rootcause.fault.exception                                    | false | false | true  | true  | false
        rootcause.fault.exception { message CONTAINS "internal error" } | false | false | true | false | false
        rootcause.fault.exception { last AND name = "ServiceUnavailable" } | false | false | false | true | false
        rootcause.error.exception { message = "photo 42 not found" AND name = "NotFound" } | false | false | false | false | true
        rootcause.responsetime.service { last AND type = "AWS::S3" } | true  | false | true  | true  | false
        rootcause.responsetime.service { last AND type = "AWS::DynamoDB" } | false | false | false | false | true
        rootcause.responsetime.service { name = "backend" }          | false | false | false | false | true
        rootcause.responsetime.entity { coverage > 0.5 AND remote }  | false | false | true  | false | true
        rootcause.responsetime.entity { last AND coverage >= 0.6 }   | false | true  | true  | false | true
        """)
    void complexKeywords_selectTheRightTraces(String expression, boolean throttled, boolean appFault, boolean s3Fault,
            boolean handled, boolean twoServices) throws Exception {
        TraceFilter filter = FilterExpression.parse(expression);
        assertThat(matches(filter, THROTTLED)).as("throttled S3").isEqualTo(throttled);
        assertThat(matches(filter, APP_FAULT)).as("app fault").isEqualTo(appFault);
        assertThat(matches(filter, S3_FAULT)).as("S3 fault").isEqualTo(s3Fault);
        assertThat(matches(filter, HANDLED)).as("handled S3 fault").isEqualTo(handled);
        assertThat(matches(filter, TWO_SERVICES)).as("two services").isEqualTo(twoServices);
    }

    @Test
    void onlyServiceBodiesAndEdges_readGraphFacts_andThenEachTraceIsReadOnce() throws Exception {
        assertThat(FilterExpression.parse("service(\"S3\") AND rootcause.fault.service { name = \"S3\" }")
                .readsGraphFacts()).isFalse();
        assertThat(FilterExpression.parse("service(\"S3\") { fault }").readsGraphFacts()).isTrue();
        assertThat(FilterExpression.parse("ok OR edge(\"a\", \"b\")").readsGraphFacts()).isTrue();
        assertThat(FilterExpression.parse(null)).isSameAs(TraceFilter.ALL);

        TraceFilter both = FilterExpression.parse("service(\"S3\") { fault } AND edge(\"xray-gallery\", \"S3\")");
        assertThat(Stream.of(THROTTLED, APP_FAULT, S3_FAULT, HANDLED, TWO_SERVICES).filter(t -> matches(both, t)))
                .containsExactly(S3_FAULT, HANDLED);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        service("S3") {                         | 16 | ends where a condition was expected
        service("S3") { fault                   | 22 | to close the '{' at position 15
        service("S3") { }                       | 17 | the braces are empty
        service("a") { fault } }                | 24 | unexpected '}'
        service("S3") { annotation.x = 1 }      | 17 | annotations cannot be used inside service
        service("S3") { duration > 1 }          | 17 | duration' does not apply inside service(...)
        service("S3") { responsetime }          | 30 | needs a number comparison
        service("S3" { fault }                  | 14 | expected ')' after the service
        service(3) { fault }                    | 9  | quoted service name
        edge("a")                               | 9  | expected ',' and the called service
        edge()                                  | 6  | edge(...) takes two services
        edge("a", "b") { root }                 | 18 | root' does not apply inside edge(...)
        edge("a", "b", "c")                     | 14 | expected ')' after the two services
        id(name: "S3")                          | 1  | id(...) names a service inside service(...) or edge(...)
        service(id(name:))                      | 17 | expected a "quoted string" after 'name:'
        service(id())                           | 12 | at least one of name
        service(id(colour: "red"))              | 12 | expected name:, type: or account.id:
        service(id(name "S3"))                  | 17 | expected ':' after 'name'
        service(id(name: "a", name: "b"))       | 23 | name' is given twice
        service(id(account.name: "a"))          | 20 | expected 'account.id'
        service(id(name: "a" type: "b"))        | 22 | expected ',' or ')' in id(...)
        rootcause.fault.service { name = }      | 34 | compared with a "quoted string"
        rootcause.fault.service { name = S3 }   | 34 | compared with a "quoted string"
        rootcause.fault                         | 16 | expected '.' after 'rootcause.fault'
        rootcause.fault.thing                   | 17 | expected service, entity or exception
        rootcause.latency.service               | 11 | expected fault, error or responsetime
        rootcause.responsetime.exception        | 24 | response-time root causes have no exceptions
        rootcause.fault.entity { coverage > 0.5 } | 26 | coverage' applies to rootcause.responsetime.entity only
        rootcause.fault.entity { message = "x" } | 26 | use rootcause.fault.exception { message
        rootcause.fault.service { remote }      | 27 | remote' does not apply inside rootcause.fault.service
        rootcause.fault.exception { last and message = "x" | 51 | to close the '{' at position 27
        rootcause.json = "x"                    | 11 | rootcause.json is not supported
        group.name = "slow"                     | 1  | no X-Ray groups
        group.arn = "arn:aws:xray:us-east-1:1:group/slow" | 1 | no X-Ray groups
        inferred                                | 1  | not supported at the top level
        last AND fault                          | 1  | applies inside rootcause
        root                                    | 1  | applies inside service(...) { ... }
        frobnicate("x")                         | 1  | unknown keyword 'frobnicate'
        """)
    void invalidExpressions_nameThePositionAndTheProblem(String expression, int position, String problem) {
        assertThatThrownBy(() -> FilterExpression.parse(expression))
                .isInstanceOfSatisfying(FilterSyntaxException.class, e -> assertThat(e.position()).isEqualTo(position))
                .hasMessageContaining("position " + position)
                .hasMessageContaining(problem);
    }
}
