package xraygallery.daemon.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import xraygallery.daemon.Doc;
import xraygallery.daemon.trace.TraceAssembler;
import xraygallery.daemon.trace.TraceRecord;
import xraygallery.daemon.trace.TraceSummarizer;

class FilterExpressionTest {
    static final double T = 1_732_000_000;

    /**
     * upload by alice: 1.5 s, throttled S3, HTTP 200, annotations action/user/photos/hd/draft, on an EC2 instance in
     * an ECS task.
     */
    static final TraceRecord UPLOAD = record(ec2(Doc.segment("xray-gallery").trace(Doc.newTraceId((long) T))
            .times(T, T + 1.5).user("alice").httpRequest("POST", "app://photos/upload").httpStatus(200)
            .annotation("action", "upload_photo").annotation("user", "alice").annotation("photos", 3)
            .annotation("hd", true).annotation("draft", false)
            .put("resource_arn", "arn:aws:ecs:us-east-1:123456789012:task/gallery/abc")
            .sub(Doc.subsegment("S3").namespace("aws").times(T + 0.1, T + 0.2).throttle())));
    /** sign-in by bob that faulted: 0.2 s, HTTP 500. */
    static final TraceRecord FAILED_SIGN_IN = record(Doc.segment("xray-gallery").trace(Doc.newTraceId((long) T))
            .times(T, T + 0.2).user("bob").httpStatus(500).fault().annotation("action", "sign_in"));

    static Doc ec2(Doc doc) {
        doc.node().with("aws").with("ec2").put("instance_id", "i-0abc").put("availability_zone", "us-east-1a");
        return doc;
    }

    static TraceRecord record(Doc doc) {
        return TraceSummarizer.summarize(TraceAssembler.assemble(doc.build().traceId(), List.of(doc.bytes())), 1);
    }

    static TraceFilter parse(String expression) throws FilterSyntaxException {
        return FilterExpression.parse(expression);
    }

    static boolean matches(TraceFilter filter, TraceRecord trace) {
        return filter.test(trace.summary(), filter.readsGraphFacts() ? trace.graphFacts() : null);
    }

    @ParameterizedTest(name = "{0} -> upload {1}, failed sign-in {2}")
    @CsvSource(delimiter = '|', textBlock = """
        ''                                                | true  | true
        ok                                                | true  | false
        fault                                             | false | true
        !fault                                            | true  | false
        fault = false                                     | true  | false
        fault != true                                     | true  | false
        error                                             | false | false
        throttle                                          | true  | false
        partial                                           | false | false
        responsetime > 1                                  | true  | false
        responsetime < 0.3                                | false | true
        duration >= 1.5 AND duration < 2                  | true  | false
        http.status = 500                                 | false | true
        http.status >= 200 AND http.status < 300          | true  | false
        http.method = "POST"                              | true  | false
        http.url BEGINSWITH "app://photos"                | true  | false
        http.url CONTAINS "upload"                        | true  | false
        user = "alice"                                    | true  | false
        user != "alice"                                   | false | true
        annotation.action = "upload_photo"                | true  | false
        annotation[action] = "sign_in"                    | false | true
        annotation.action ENDSWITH "_in"                  | false | true
        annotation.photos > 2                             | true  | false
        annotation.photos = "3"                           | false | false
        annotation.hd = true                              | true  | false
        annotation.hd                                     | true  | false
        annotation.missing                                | false | false
        !annotation.missing                               | true  | true
        annotation.draft                                  | false | false
        !annotation.draft                                 | true  | true
        annotation.draft = false                          | true  | false
        annotation.draft != true                          | true  | false
        annotation.hd != true                             | false | false
        annotation.photos != 3                            | false | false
        annotation.photos != 4                            | true  | false
        annotation.photos >= 2.5 AND annotation.photos < 3.5 | true | false
        annotation.photos = -3                            | false | false
        annotation["user"] = "alice"                      | true  | false
        annotation.action != "sign_in"                    | true  | false
        annotation.missing != "x"                         | false | false
        responseTime > 1                                  | true  | false
        FAULT                                             | false | true
        http.url                                          | true  | false
        http.url AND responseTime > 1                     | true  | false
        !http.useragent                                   | true  | true
        user CONTAINS ""                                  | true  | true
        availabilityzone = "us-east-1a"                   | true  | false
        instance.id BEGINSWITH "i-"                       | true  | false
        resource.arn CONTAINS ":task/gallery/"            | true  | false
        resource.arn                                      | true  | false
        http.method contains "OS"                         | true  | false
        service("S3")                                     | true  | false
        !service("S3")                                    | false | true
        service("xray-gallery") AND fault                 | false | true
        fault OR throttle                                 | true  | true
        ok !partial duration < 3                          | true  | false
        !(fault OR throttle)                              | false | false
        fault or responsetime > 1 and user = "alice"      | true  | true
        (fault OR responsetime > 1) AND user = "alice"    | true  | false
        """)
    void expressions_selectTheRightTraces(String expression, boolean upload, boolean failedSignIn) throws Exception {
        TraceFilter filter = parse(expression);
        assertThat(matches(filter, UPLOAD)).as("upload").isEqualTo(upload);
        assertThat(matches(filter, FAILED_SIGN_IN)).as("failed sign-in").isEqualTo(failedSignIn);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        responsetime >                 | 15 | not the end of the expression
        responsetime > fast            | 16 | compared with a number
        duration BEGINSWITH 3          | 10 | does not apply
        fault = maybe                  | 9  | true or false
        fault AND                      | 10 | ends where
        AND fault                      | 1  | needs a condition before it
        (ok                            | 4  | ')' to close
        ok)                            | 3  | unexpected ')'
        latency > 3                    | 1  | unknown keyword 'latency'
        http.size = 3                  | 6  | unknown field 'http.size'
        annotation.action = upload     | 21 | quote string values
        annotation = 3                 | 12 | 'annotation.KEY'
        user = "alice                  | 8  | not closed
        service(S3)                    | 9  | quoted service name
        ok # comment                   | 4  | unexpected character '#'
        instance.ip = "x"              | 10 | did you mean instance.id
        resource = "x"                 | 10 | expected '.' after 'resource'
        http.status                    | 12 | needs a number comparison
        annotation.draft = yes         | 20 | quote string values
        annotation.photos BEGINSWITH 3 | 19 | does not compare numbers
        annotation.hd > true           | 15 | does not compare true or false
        """)
    void invalidExpressions_nameThePositionAndTheProblem(String expression, int position, String problem) {
        assertThatThrownBy(() -> parse(expression))
                .isInstanceOfSatisfying(FilterSyntaxException.class, e -> assertThat(e.position()).isEqualTo(position))
                .hasMessageContaining("position " + position)
                .hasMessageContaining(problem);
    }

    @Test
    void hugeExpressions_areRefusedBeforeParsing() {
        String huge = "annotation.x = \"" + "a".repeat(1_000_000) + "\"";
        assertThatThrownBy(() -> parse(huge)).isInstanceOf(FilterSyntaxException.class)
                .hasMessageContaining("the limit is 4096");
    }
}
