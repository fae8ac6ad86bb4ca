package xraygallery.daemon.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import xraygallery.daemon.Doc;
import xraygallery.daemon.segment.InvalidSegmentException;
import xraygallery.daemon.segment.SegmentDocument;

/**
 * What the decoder computes ahead for a trace that is one complete root segment ({@link SegmentFacts}, from the
 * view the document was validated from) is exactly the times and graph facts the full summary computes from the
 * stored bytes ({@link TraceSummarizer#summarize}): on chosen traces, and on thousands of generated documents with
 * every kind of value where the facts read one (strings for times, numbers for names, flags that are not booleans,
 * missing or null times, nested remote calls, SQL blocks of any type, repeated keys).
 */
class TraceFactsAheadTest {
    private static final long T0 = 1_732_000_000L;

    static Stream<Doc> traces() {
        Doc aws = Doc.subsegment("S3").id("b000000000000001").times(T0 + 0.1, T0 + 0.3).namespace("aws").httpStatus(503)
                .fault().exception("S3Exception", "Service Unavailable");
        aws.node().putObject("aws").put("operation", "PutObject");
        return Stream.of(
                Doc.segment("xray-gallery").trace(Doc.newTraceId(T0)).times(T0, T0 + 1).annotation("action", "upload")
                        .user("tracy"),
                Doc.segment("xray-gallery").trace(Doc.newTraceId(T0)).times(T0, T0 + 2).fault()
                        .sub(Doc.subsegment("resize_image").id("b000000000000002").times(T0 + 0.01, T0 + 0.1))
                        .sub(aws)
                        .sub(Doc.subsegment("photos@127.0.0.1").id("b000000000000003").times(T0 + 0.4, T0 + 1.9)
                                .namespace("remote").sql("jdbc:mysql://127.0.0.1/photos")),
                Doc.segment("xray-gallery").trace(Doc.newTraceId(T0)).times(T0, T0 + 3).origin("AWS::EC2::Instance")
                        .throttle()
                        .sub(Doc.subsegment("upload").id("b000000000000004").inProgress(T0 + 0.01)
                                .sub(Doc.subsegment("Rekognition").id("b000000000000005").times(T0 + 0.5, T0 + 4)
                                        .namespace("aws").error())));
    }

    @ParameterizedTest
    @MethodSource("traces")
    void factsAhead_areTheSummarysTimesAndGraphFacts(Doc doc) throws Exception {
        SegmentDocument document = SegmentDocument.parse(doc.build().json());
        assertThat(document.isCompleteRoot()).isTrue();

        SegmentDocument.TraceFacts ahead = assertSameAsSummary(document);

        assertThat(ahead.graphFacts()).isNotBlank();
        assertThat(document.withTraceFacts(ahead).view()).as("not held past its use").isNull();
    }

    @Test
    void generatedDocuments_factsAheadAgreeWithTheSummary() {
        Random random = new Random(20261130);
        int compared = 0;
        int withRemoteCalls = 0;
        for (int i = 0; i < 4_000; i++) {
            byte[] json = new Generator(random).document().getBytes(StandardCharsets.UTF_8);
            SegmentDocument document;
            try {
                document = SegmentDocument.parse(json);
            } catch (InvalidSegmentException e) {
                continue;
            }
            if (!document.isCompleteRoot()) {
                continue;
            }
            SegmentDocument.TraceFacts ahead = assertSameAsSummary(document);
            compared++;
            withRemoteCalls += ahead.graphFacts().contains("\nC\t") ? 1 : 0;
        }
        assertThat(compared).as("complete roots compared").isGreaterThan(2_000);
        assertThat(withRemoteCalls).as("of which with inferred services").isGreaterThan(1_000);
    }

    private static SegmentDocument.TraceFacts assertSameAsSummary(SegmentDocument document) {
        SegmentDocument.TraceFacts ahead = SegmentFacts.of(document.view());
        TraceRecord full = TraceSummarizer.summarize(
                TraceAssembler.assembleForSummary(document.traceId(), List.of(document.json())), 1);
        assertThat(ahead).as(document.jsonText())
                .isEqualTo(new SegmentDocument.TraceFacts(full.graphFacts(), full.startTime(), full.endTime()));
        return ahead;
    }

    /** Random root segments as JSON text, with odd values wherever the facts read one. */
    private static final class Generator {
        private final Random random;

        Generator(Random random) {
            this.random = random;
        }

        String document() {
            double start = T0 + random.nextInt(1_000_000) / 1e6;
            List<String> fields = new ArrayList<>();
            fields.add("\"name\":" + quote(name()));
            fields.add("\"id\":\"" + Doc.newId() + "\"");
            fields.add("\"trace_id\":\"" + Doc.newTraceId(T0) + "\"");
            fields.add("\"start_time\":" + number(start));
            fields.add("\"end_time\":" + number(start + random.nextInt(3_000_000) / 1e6));
            maybe(fields, "type", "\"segment\"");
            maybe(fields, "parent_id", "null");
            maybe(fields, "in_progress", "false");
            maybe(fields, "origin", pick("\"AWS::EC2::Instance\"", "null", "7", "\"\"", "{\"x\":1}"));
            flags(fields);
            maybe(fields, "annotations", "{\"a\":1}");
            maybe(fields, "metadata", "{\"default\":{\"pad\":\"xxxx\"}}");
            fields.add("\"subsegments\":" + subsegments(3));
            java.util.Collections.shuffle(fields, random);
            return "{" + String.join(",", fields) + "}";
        }

        private String subsegments(int depth) {
            if (depth == 0 || random.nextInt(5) == 0) {
                return pick("[]", "null", "\"none\"", "[5, \"x\"]", "{}");
            }
            List<String> children = new ArrayList<>();
            for (int n = random.nextInt(4); n >= 0; n--) {
                children.add(random.nextInt(10) == 0 ? pick("5", "null", "[]") : subsegment(depth - 1));
            }
            return "[" + String.join(",", children) + "]";
        }

        private String subsegment(int depth) {
            List<String> fields = new ArrayList<>();
            maybe(fields, "name", random.nextInt(8) == 0 ? pick("12", "null", "true", "{}") : quote(name()));
            maybe(fields, "id", pick("\"" + Doc.newId() + "\"", "3", "null"));
            double start = T0 + random.nextInt(3_000_000) / 1e6;
            maybe(fields, "start_time", time(start));
            maybe(fields, "end_time", time(start + random.nextInt(2_000_000) / 1e6));
            maybe(fields, "in_progress", pick("true", "false", "\"true\"", "1", "0", "null", "{}"));
            if (random.nextInt(4) != 0) {
                fields.add("\"namespace\":" + pick("\"aws\"", "\"remote\"", "\"local\"", "\"\"", "5", "null",
                        "{\"aws\":1}"));
            }
            maybe(fields, "sql", pick("{\"url\":\"jdbc:mysql://db/photos\"}", "\"select\"", "null", "[]"));
            flags(fields);
            if (random.nextInt(10) == 0) {
                fields.add("\"namespace\":" + pick("\"aws\"", "\"remote\"", "\"local\"")); // a repeated key: last wins
            }
            maybe(fields, "subsegments", subsegments(depth));
            java.util.Collections.shuffle(fields, random);
            return "{" + String.join(",", fields) + "}";
        }

        private void flags(List<String> fields) {
            for (String flag : new String[] {"fault", "error", "throttle"}) {
                maybe(fields, flag, pick("true", "false", "\"true\"", "\"yes\"", "1", "0", "2.5", "null", "[true]"));
            }
        }

        private String time(double seconds) {
            return pick(number(seconds), number(seconds), number(seconds), "\"" + number(seconds) + "\"", "0",
                    "-1", "null", "true", "\"soon\"", "{}", String.valueOf((long) seconds));
        }

        private String name() {
            return pick("xray-gallery", "S3", "Rekognition", "photos@127.0.0.1", "tab\there", "new\nline",
                    "back\\slash", "ünïcødé", "\"quoted\"");
        }

        private void maybe(List<String> fields, String field, String value) {
            if (random.nextBoolean()) {
                fields.add("\"" + field + "\":" + value);
            }
        }

        private String pick(String... choices) {
            return choices[random.nextInt(choices.length)];
        }

        private static String number(double value) {
            return String.format(Locale.ROOT, "%.6f", value);
        }

        private static String quote(String text) {
            StringBuilder json = new StringBuilder("\"");
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '"' -> json.append("\\\"");
                    case '\\' -> json.append("\\\\");
                    case '\t' -> json.append("\\t");
                    case '\n' -> json.append("\\n");
                    default -> json.append(c);
                }
            }
            return json.append('"').toString();
        }
    }
}
