package xraygallery.daemon.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SegmentScanner} accepts and refuses what Jackson (as the daemon configures it) does, given well-formed
 * UTF-8, and reads the same values: compared on generated documents (every kind of JSON value, numbers of every
 * form, escapes, non-ASCII text, repeated and escaped field names, nesting) and on each of them corrupted (cut
 * short, a byte inserted, removed or replaced), against a reader that builds the same {@link EntityView} from
 * Jackson's tokens.
 */
class SegmentScannerTest {

    @Test
    void generatedAndCorruptedDocuments_readAsJacksonReadsThem() {
        Random random = new Random(1130);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 3_000; i++) {
            byte[] valid = new Generator(random).document().getBytes(StandardCharsets.UTF_8);
            if (compare(valid)) {
                accepted++;
            } else {
                refused++;
            }
            for (int k = 0; k < 4; k++) {
                if (compare(corrupt(valid, random))) {
                    accepted++;
                } else {
                    refused++;
                }
            }
        }
        assertThat(accepted).as("accepted by both").isGreaterThan(3_000);
        assertThat(refused).as("refused by both").isGreaterThan(3_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "[]", "\"x\"", "5", "{", "}", "{}", " {} ", "{} {}", "{}x", "{\"a\":}",
        "{\"a\":1,}", "{,}", "{\"a\" 1}", "{\"a\":01}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}",
        "{\"a\":1e+}", "{\"a\":+1}", "{\"a\":-0}", "{\"a\":1E-7}", "{\"a\":tru}", "{\"a\":truex}", "{\"a\":nul}",
        "{\"a\":\"\\x\"}", "{\"a\":\"\\u12G4\"}", "{\"a\":\"\\uD83D\\uDE00\"}", "{\"a\":\"\t\"}",
        "{\"a\":\"\u001f\"}", "{\"name\":\"\u001f\"}", "{\"a\u001f\":1}", "{'a':1}",
        "{\"name\":\"a\",\"name\":{\"x\":1}}", "{\"n\\u0061me\":\"escaped\"}", "{\"id\":[1,{\"a\":[]}]}",
        "{\"subsegments\":[1,{\"name\":\"s\"},[],\"x\"]}", "{\"subsegments\":{}}", "{\"a\":[1,2,]}",
        "{\"start_time\":1795623408.301}", "{\"start_time\":17956234083010001234.5}",
        "{\"start_time\":123456789012345678901234567890}",
        "{\"start_time\":-9223372036854775808}", "{\"start_time\":9223372036854775808}", "{\"x\":1}\u0000",
        "\uFEFF{\"name\":\"bom\"}", "{\"a\":\"\u00e9\u4e2d\ud83d\ude00\"}", "{/* no */}"})
    void edgeCases_readAsJacksonReadsThem(String json) {
        compare(json.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"C0AF", "C3", "E282", "F09F98", "80", "BF", "F8", "FF", "C328", "EDA080", "F4908080",
        "F7BFBFBF", "E0808F"})
    void oddUtf8InAString_readsAsJacksonReadsIt(String hex) {
        byte[] odd = HexFormat.of().parseHex(hex);
        for (String field : new String[] {"name", "other"}) {
            byte[] head = ("{\"" + field + "\":\"a").getBytes(StandardCharsets.US_ASCII);
            byte[] tail = "b\"}".getBytes(StandardCharsets.US_ASCII);
            byte[] json = new byte[head.length + odd.length + tail.length];
            System.arraycopy(head, 0, json, 0, head.length);
            System.arraycopy(odd, 0, json, head.length, odd.length);
            System.arraycopy(tail, 0, json, head.length + odd.length, tail.length);
            compare(json);
        }
    }

    @Test
    void nestingBeyondTheLimit_isRefusedByBoth_atTheLimitReadByBoth() {
        int limit = SegmentDocument.MAX_NESTING;
        String atLimit = "{\"a\":" + "[".repeat(limit - 1) + "]".repeat(limit - 1) + "}";
        String beyond = "{\"a\":" + "[".repeat(limit) + "]".repeat(limit) + "}";
        assertThat(compare(atLimit.getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(compare(beyond.getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    /** Reads {@code json} both ways; fails unless both refuse it or both read the same view. True if read. */
    private static boolean compare(byte[] json) {
        EntityView expected;
        try {
            expected = wellFormedUtf8(json) ? readWithJackson(json) : null;
        } catch (IOException | RuntimeException e) {
            expected = null;
        }
        EntityView actual;
        try {
            actual = SegmentScanner.read(json, 0, json.length);
        } catch (JsonCursor.SyntaxException | SegmentScanner.NotAnObjectException e) {
            if (expected != null) {
                fail("refused what Jackson reads (" + e.getMessage() + "): " + show(json));
            }
            return false;
        }
        if (expected == null) {
            fail("read what Jackson refuses: " + show(json));
        }
        assertSame(expected, actual, json);
        return true;
    }

    private static void assertSame(EntityView expected, EntityView actual, byte[] json) {
        for (EntityView.Field field : EntityView.Field.values()) {
            JsonNode e = expected.get(field);
            JsonNode a = actual.get(field);
            if (!e.equals(a) || e.getClass() != a.getClass()) {
                fail(field.json + ": Jackson read " + e + " (" + e.getClass().getSimpleName() + "), the scanner " + a
                        + " (" + a.getClass().getSimpleName() + "), in " + show(json));
            }
        }
        assertThat(actual.hasSql()).as(show(json)).isEqualTo(expected.hasSql());
        assertThat(actual.subsegments()).as(show(json)).hasSameSizeAs(expected.subsegments());
        for (int i = 0; i < expected.subsegments().size(); i++) {
            assertSame(expected.subsegments().get(i), actual.subsegments().get(i), json);
        }
    }

    private static String show(byte[] json) {
        return SegmentDocument.abbreviate(new String(json, StandardCharsets.UTF_8)) + " [" + json.length + " bytes: "
                + HexFormat.of().formatHex(json, 0, Math.min(json.length, 120)) + "]";
    }

    private static byte[] corrupt(byte[] valid, Random random) {
        byte[] odd = "\"\\{}[],:0e-.+ \u0001\u001ftfnx/".getBytes(StandardCharsets.UTF_8);
        int at = random.nextInt(valid.length);
        byte b = random.nextInt(8) == 0 ? (byte) (0x80 + random.nextInt(128)) : odd[random.nextInt(odd.length)];
        return switch (random.nextInt(4)) {
            case 0 -> java.util.Arrays.copyOf(valid, at);
            case 1 -> {
                byte[] out = new byte[valid.length + 1];
                System.arraycopy(valid, 0, out, 0, at);
                out[at] = b;
                System.arraycopy(valid, at, out, at + 1, valid.length - at);
                yield out;
            }
            case 2 -> {
                byte[] out = new byte[valid.length - 1];
                System.arraycopy(valid, 0, out, 0, at);
                System.arraycopy(valid, at + 1, out, at, valid.length - at - 1);
                yield out;
            }
            default -> {
                byte[] out = valid.clone();
                out[at] = b;
                yield out;
            }
        };
    }

    // --- the reference: the view built from Jackson's tokens, as the daemon read documents before the scanner,
    // for bytes that are well-formed UTF-8 by Jackson's rules (Jackson checks field names only when it has not
    // seen them before; the scanner always does)

    /** Lead byte C0-DF, E0-EF or F0-F7 and then 1, 2 or 3 bytes 80-BF; no other byte over 7F. */
    static boolean wellFormedUtf8(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            int extra = b < 0x80 ? 0 : (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : (b & 0xF8) == 0xF0 ? 3 : -1;
            if (extra < 0 || i + extra >= bytes.length && extra > 0) {
                return false;
            }
            for (int k = 1; k <= extra; k++) {
                if ((bytes[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += extra;
        }
        return true;
    }

    static EntityView readWithJackson(byte[] json) throws IOException {
        try (JsonParser p = SummaryView.JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not an object");
            }
            EntityView view = entity(p, true);
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new IOException("unexpected " + p.currentToken());
            }
            if (p.nextToken() != null) {
                throw new IOException("content after the end of the document");
            }
            return view;
        }
    }

    private static EntityView entity(JsonParser p, boolean top) throws IOException {
        EntityView entity = new EntityView();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            EntityView.Field field = EntityView.Field.named(name);
            if (field != null) {
                entity.set(field, scalar(p, value, top && field.validated, entity.get(field)));
            } else if (name.equals("sql")) {
                p.skipChildren();
                entity.sql = true;
            } else if (name.equals("subsegments") && value == JsonToken.START_ARRAY) {
                List<EntityView> children = new ArrayList<>();
                JsonToken token;
                while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (token == JsonToken.START_OBJECT) {
                        children.add(entity(p, false));
                    } else {
                        p.skipChildren();
                    }
                }
                entity.subsegments = children;
            } else {
                p.skipChildren();
            }
        }
        return entity;
    }

    private static JsonNode scalar(JsonParser p, JsonToken value, boolean typed, JsonNode before) throws IOException {
        if (value.isScalarValue()) {
            return SummaryView.scalar(p, value);
        }
        p.skipChildren();
        return typed ? EntityView.WRONG_TYPE : before;
    }

    /** Random JSON objects that use the view's field names among others, with every kind of value. */
    private static final class Generator {
        private static final String[] NAMES = {"name", "id", "parent_id", "type", "trace_id", "start_time",
            "end_time", "in_progress", "fault", "error", "throttle", "namespace", "origin", "sql", "subsegments",
            "metadata", "annotations", "http", "aws", "n\\u0061me", "i\\u0064", "", "x", "naMe", "ids",
            "\\u00e9t\\u00e9"};
        private final Random random;

        Generator(Random random) {
            this.random = random;
        }

        String document() {
            return object(4);
        }

        private String object(int depth) {
            StringBuilder json = new StringBuilder("{");
            int members = random.nextInt(8);
            for (int i = 0; i < members; i++) {
                if (i > 0) {
                    json.append(',').append(space());
                }
                json.append('"').append(NAMES[random.nextInt(NAMES.length)]).append('"').append(space()).append(':')
                        .append(space()).append(value(depth));
            }
            return json.append(space()).append('}').toString();
        }

        private String value(int depth) {
            int kind = random.nextInt(depth > 0 ? 9 : 7);
            return switch (kind) {
                case 0, 1 -> string();
                case 2, 3 -> number();
                case 4 -> pick("true", "false", "null");
                case 5 -> pick("\"aws\"", "\"remote\"", "\"segment\"", "\"subsegment\"");
                case 6 -> pick("1795623408.301", "1.7956234083010001E9", "0", "-1", "\"1795623408.5\"");
                case 7 -> object(depth - 1);
                default -> array(depth - 1);
            };
        }

        private String array(int depth) {
            StringBuilder json = new StringBuilder("[");
            int n = random.nextInt(4);
            for (int i = 0; i < n; i++) {
                json.append(i > 0 ? "," : "").append(space())
                        .append(random.nextBoolean() ? object(depth) : value(depth));
            }
            return json.append(']').toString();
        }

        private String string() {
            StringBuilder json = new StringBuilder("\"");
            int n = random.nextInt(12);
            for (int i = 0; i < n; i++) {
                json.append(pick("a", "Z", "0", " ", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t",
                        "\\u0041", "\\u00e9", "\\uD83D\\uDE00", "\\uDE00", "é", "中", "😀", "x".repeat(40)));
            }
            return json.append('"').toString();
        }

        private String number() {
            String sign = random.nextInt(4) == 0 ? "-" : "";
            String integer = random.nextInt(5) == 0 ? "0" : String.valueOf(1 + random.nextInt(999_999_999))
                    + (random.nextInt(4) == 0 ? "123456789012" : "") + (random.nextInt(8) == 0 ? "98765432109876" : "");
            String fraction = random.nextBoolean() ? "" : "." + (random.nextInt(1_000_000_000) + 1)
                    + (random.nextInt(4) == 0 ? "000" : "");
            String exponent = random.nextInt(4) != 0 ? "" : pick("e", "E") + pick("", "+", "-") + random.nextInt(400);
            return sign + integer + fraction + exponent;
        }

        private String space() {
            return random.nextInt(4) == 0 ? pick(" ", "\n", "\t", "\r\n  ") : "";
        }

        private String pick(String... choices) {
            return choices[random.nextInt(choices.length)];
        }
    }
}
