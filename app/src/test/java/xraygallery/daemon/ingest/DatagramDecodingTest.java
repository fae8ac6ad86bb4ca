package xraygallery.daemon.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import xraygallery.daemon.Doc;
import xraygallery.daemon.segment.InvalidSegmentException;
import xraygallery.daemon.segment.RejectReason;
import xraygallery.daemon.segment.SegmentDocument;
import xraygallery.daemon.segment.SummaryView;

class DatagramDecodingTest {
    static final String TRACE = "1-5f84c7a1-2f3c4d5e6f708192a3b4c5d6";

    static byte[] datagram(String header, String body) {
        return (header + "\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes the datagram of {@code header}, a newline and {@code body}. */
    private static SegmentDocument decode(String header, String body) throws Exception {
        byte[] bytes = datagram(header, body);
        return DatagramDecoder.decode(bytes, 0, bytes.length);
    }

    @Test
    void aSegmentFromTheSdk_isDecodedWithItsIndexedFields() throws Exception {
        String body = "{\"name\":\"xray-gallery\",\"id\":\"70de5b6f19ff9a0a\",\"trace_id\":\"" + TRACE + "\","
                + "\"start_time\":1.602537377E9,\"end_time\":1602537378.5,\"annotations\":{\"action\":\"x\"}}";
        SegmentDocument document = decode("{\"format\": \"json\", \"version\": 1}", body);
        assertThat(document.traceId()).isEqualTo(TRACE);
        assertThat(document.id()).isEqualTo("70de5b6f19ff9a0a");
        assertThat(document.kind()).isEqualTo(SegmentDocument.Kind.SEGMENT);
        assertThat(document.startTime()).isEqualTo(1_602_537_377.0);
        assertThat(document.endTime()).isEqualTo(1_602_537_378.5);
        assertThat(document.isCompleteRoot()).isTrue();
        assertThat(document.jsonText()).isEqualTo(body);
    }

    @Test
    void upperCaseHexIds_areAccepted_andStoredInLowerCase() throws Exception {
        String body = "{\"name\":\"a\",\"id\":\"70DE5B6F19FF9A0A\",\"parent_id\":\"ABCDEF0123456789\","
                + "\"trace_id\":\"1-5F84C7A1-2F3C4D5E6F708192A3B4C5D6\",\"start_time\":1,\"end_time\":2}";
        SegmentDocument document = decode("{\"format\": \"json\", \"version\": 1}", body);
        assertThat(document.id()).isEqualTo("70de5b6f19ff9a0a");
        assertThat(document.parentId()).isEqualTo("abcdef0123456789");
        assertThat(document.traceId()).isEqualTo("1-5f84c7a1-2f3c4d5e6f708192a3b4c5d6");
    }

    @Test
    void aHeaderWithOtherSpacing_isAccepted_asTheAwsDaemonDoes() throws Exception {
        assertThat(decode("{ \"version\":1,\"format\":\"json\" }", Doc.segment("a").trace(TRACE).times(1, 2).json()).name())
                .isEqualTo("a");
    }

    @Test
    void aSubsegmentSentAlone_needsItsTypeTraceAndParent() throws Exception {
        SegmentDocument sub = Doc.subsegment("S3").times(1, 2).standalone(TRACE, "70de5b6f19ff9a0a").build();
        assertThat(sub.kind()).isEqualTo(SegmentDocument.Kind.SUBSEGMENT);
        assertThat(sub.parentId()).isEqualTo("70de5b6f19ff9a0a");
        assertThat(sub.isCompleteRoot()).isFalse();
        assertThatThrownBy(() -> SegmentDocument.parse(("{\"type\":\"subsegment\",\"name\":\"S3\",\"id\":\"70de5b6f19ff9a0b\","
                + "\"trace_id\":\"" + TRACE + "\",\"start_time\":1,\"end_time\":2}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidSegmentException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.MISSING_FIELD))
                .hasMessageContaining("parent_id");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "no header                | `{\"name\":\"a\"}`                                                 | BAD_HEADER",
        "xml header               | `{\"format\":\"xml\",\"version\":1}\n{}`                            | BAD_HEADER",
        "version 2                | `{\"format\":\"json\",\"version\":2}\n{}`                           | BAD_HEADER",
        "header only              | `{\"format\": \"json\", \"version\": 1}\n`                          | MALFORMED_JSON",
        "truncated                | `{\"format\": \"json\", \"version\": 1}\n{\"name\":\"a\",\"id\":`    | MALFORMED_JSON",
        "an array                 | `{\"format\": \"json\", \"version\": 1}\n[1,2]`                     | MALFORMED_JSON",
        "two documents            | `{\"format\": \"json\", \"version\": 1}\n{} {}`                     | MALFORMED_JSON",
        "no name                  | `{\"format\": \"json\", \"version\": 1}\n{\"id\":\"70de5b6f19ff9a0a\"}` | MISSING_FIELD",
        "id too short             | `{\"format\": \"json\", \"version\": 1}\n{\"name\":\"a\",\"id\":\"70de5b\",\"trace_id\":\"1-5f84c7a1-2f3c4d5e6f708192a3b4c5d6\",\"start_time\":1,\"end_time\":2}` | INVALID_FIELD",
        "id not hex               | `{\"format\": \"json\", \"version\": 1}\n{\"name\":\"a\",\"id\":\"70de5b6f19ff9a0z\",\"trace_id\":\"1-5f84c7a1-2f3c4d5e6f708192a3b4c5d6\",\"start_time\":1,\"end_time\":2}` | INVALID_FIELD",
        "id upper case, not hex   | `{\"format\": \"json\", \"version\": 1}\n{\"name\":\"a\",\"id\":\"70DE5B6F19FF9A0G\",\"trace_id\":\"1-5f84c7a1-2f3c4d5e6f708192a3b4c5d6\",\"start_time\":1,\"end_time\":2}` | INVALID_FIELD",
        "id too long              | `{\"format\": \"json\", \"version\": 1}\n{\"name\":\"a\",\"id\":\"70de5b6f19ff9a0a1\",\"trace_id\":\"1-5f84c7a1-2f3c4d5e6f708192a3b4c5d6\",\"start_time\":1,\"end_time\":2}` | INVALID_FIELD",
        "trace id not hex         | `{\"format\": \"json\", \"version\": 1}\n{\"name\":\"a\",\"id\":\"70de5b6f19ff9a0a\",\"trace_id\":\"1-5f84c7a1-2f3c4d5e6f708192a3b4c5dg\",\"start_time\":1,\"end_time\":2}` | INVALID_FIELD",
        "trace id without dash    | `{\"format\": \"json\", \"version\": 1}\n{\"name\":\"a\",\"id\":\"70de5b6f19ff9a0a\",\"trace_id\":\"1-5f84c7a1a2f3c4d5e6f708192a3b4c5d6\",\"start_time\":1,\"end_time\":2}` | INVALID_FIELD",
        "trace id too long        | `{\"format\": \"json\", \"version\": 1}\n{\"name\":\"a\",\"id\":\"70de5b6f19ff9a0a\",\"trace_id\":\"1-5f84c7a1-2f3c4d5e6f708192a3b4c5d60\",\"start_time\":1,\"end_time\":2}` | INVALID_FIELD",
        "parent id not hex        | `{\"format\": \"json\", \"version\": 1}\n{\"name\":\"a\",\"id\":\"70de5b6f19ff9a0a\",\"parent_id\":\"70de5b6f19ff9a0-\",\"trace_id\":\"1-5f84c7a1-2f3c4d5e6f708192a3b4c5d6\",\"start_time\":1,\"end_time\":2}` | INVALID_FIELD",
        "bad trace id             | `{\"format\": \"json\", \"version\": 1}\n{\"name\":\"a\",\"id\":\"70de5b6f19ff9a0a\",\"trace_id\":\"2-5f84c7a1-2f3c\",\"start_time\":1,\"end_time\":2}` | INVALID_FIELD",
        "no end, not in progress  | `{\"format\": \"json\", \"version\": 1}\n{\"name\":\"a\",\"id\":\"70de5b6f19ff9a0a\",\"trace_id\":\"1-5f84c7a1-2f3c4d5e6f708192a3b4c5d6\",\"start_time\":1}` | MISSING_FIELD",
        "ends before it starts    | `{\"format\": \"json\", \"version\": 1}\n{\"name\":\"a\",\"id\":\"70de5b6f19ff9a0a\",\"trace_id\":\"1-5f84c7a1-2f3c4d5e6f708192a3b4c5d6\",\"start_time\":5,\"end_time\":2}` | INVALID_FIELD",
        "start time is text       | `{\"format\": \"json\", \"version\": 1}\n{\"name\":\"a\",\"id\":\"70de5b6f19ff9a0a\",\"trace_id\":\"1-5f84c7a1-2f3c4d5e6f708192a3b4c5d6\",\"start_time\":\"now\",\"end_time\":2}` | INVALID_FIELD",
        "name is an object        | `{\"format\": \"json\", \"version\": 1}\n{\"name\":{\"a\":1},\"id\":\"70de5b6f19ff9a0a\",\"trace_id\":\"1-5f84c7a1-2f3c4d5e6f708192a3b4c5d6\",\"start_time\":1,\"end_time\":2}` | INVALID_FIELD",
        "id is a list             | `{\"format\": \"json\", \"version\": 1}\n{\"name\":\"a\",\"id\":[1],\"trace_id\":\"1-5f84c7a1-2f3c4d5e6f708192a3b4c5d6\",\"start_time\":1,\"end_time\":2}` | INVALID_FIELD",
        "in_progress is null      | `{\"format\": \"json\", \"version\": 1}\n{\"name\":\"a\",\"id\":\"70de5b6f19ff9a0a\",\"trace_id\":\"1-5f84c7a1-2f3c4d5e6f708192a3b4c5d6\",\"start_time\":1,\"in_progress\":null}` | INVALID_FIELD",
        "unknown type             | `{\"format\": \"json\", \"version\": 1}\n{\"type\":\"span\",\"name\":\"a\",\"id\":\"70de5b6f19ff9a0a\",\"trace_id\":\"1-5f84c7a1-2f3c4d5e6f708192a3b4c5d6\",\"start_time\":1,\"end_time\":2}` | INVALID_FIELD",
    })
    void badDatagrams_areRejectedWithAReason(String what, String datagram, RejectReason reason) {
        byte[] bytes = datagram.replace("\\n", "\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DatagramDecoder.decode(bytes, 0, bytes.length))
                .isInstanceOfSatisfying(InvalidSegmentException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void anIntegerBeyondLong_inAnAnnotation_isKept_likeAnyOtherValue() throws Exception {
        String body = "{\"name\":\"a\",\"id\":\"70de5b6f19ff9a0a\",\"trace_id\":\"" + TRACE + "\","
                + "\"start_time\":1,\"end_time\":2,\"annotations\":{\"big\":123456789012345678901234567890}}";
        SegmentDocument document = decode("{\"format\": \"json\", \"version\": 1}", body);
        assertThat(document.jsonText()).isEqualTo(body);
        assertThat(SummaryView.parse(document.json()).path("annotations").path("big").bigIntegerValue())
                .isEqualTo(new java.math.BigInteger("123456789012345678901234567890"));
    }

    @Test
    void deeplyNestedJson_isRejected_notAStackOverflow() {
        String body = "{\"name\":\"a\",\"x\":" + "[".repeat(SegmentDocument.MAX_NESTING + 1) + "]".repeat(SegmentDocument.MAX_NESTING + 1) + "}";
        assertThatThrownBy(() -> SegmentDocument.parse(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidSegmentException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.MALFORMED_JSON));
    }

    @Test
    void documentsOver64KiB_areTooLarge() {
        byte[] big = Doc.segment("a").trace(TRACE).times(1, 2).put("pad", "x".repeat(70_000)).bytes();
        assertThatThrownBy(() -> SegmentDocument.parse(big))
                .isInstanceOfSatisfying(InvalidSegmentException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectReason.TOO_LARGE);
                    assertThat(e.getMessage()).contains(big.length + " bytes");
                });
    }
}
