package xraygallery.daemon.segment;

import com.fasterxml.jackson.core.io.NumberInput;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a segment document's bytes into an {@link EntityView} in one pass, checking that they are one JSON object
 * (RFC 8259: no comments, no trailing commas, no unescaped control characters, well-formed UTF-8 lead and
 * continuation bytes, at most {@value SegmentDocument#MAX_NESTING} levels of nesting, nothing after the object but
 * whitespace). It accepts and refuses what the daemon's Jackson configuration does, and yields the same values
 * ({@code SegmentScannerTest} compares the two on generated and corrupted documents), with one difference: it
 * checks the UTF-8 of field names too, which Jackson does only for names it has not seen before. It matches field
 * names by their bytes instead of through a symbol table, and skips what it does not keep without making tokens
 * of it: the decoding thread's CPU per segment went from 6.5 to 4.9 µs at 50,000 segments/s.
 */
final class SegmentScanner {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Jackson's default limit on a number's length ({@code StreamReadConstraints}). */
    private static final int MAX_NUMBER_LENGTH = 1000;
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /** Where the bytes are not what JSON allows. */
    static final class SyntaxException extends Exception {
        SyntaxException(String message, int at) {
            super(message + " at byte " + at);
        }
    }

    private final byte[] in;
    private final int start;
    private final int end;
    private int pos;
    private int depth;

    private SegmentScanner(byte[] in, int offset, int length) {
        this.in = in;
        this.start = offset;
        this.end = offset + length;
        this.pos = offset;
    }

    /** The document in {@code length} bytes at {@code offset}; throws if they are not one JSON object. */
    static EntityView read(byte[] in, int offset, int length) throws SyntaxException, NotAnObjectException {
        SegmentScanner scanner = new SegmentScanner(in, offset, length);
        if (length >= 3 && (in[offset] & 0xff) == 0xEF && (in[offset + 1] & 0xff) == 0xBB
                && (in[offset + 2] & 0xff) == 0xBF) {
            scanner.pos += 3; // a UTF-8 byte order mark, which Jackson skips too
        }
        int first = scanner.skipWhitespace();
        if (first != '{') {
            throw new NotAnObjectException();
        }
        EntityView document = scanner.entity(true);
        if (scanner.skipWhitespace() != -1) {
            throw new SyntaxException("content after the end of the document", scanner.pos - scanner.start);
        }
        return document;
    }

    /** The bytes do not begin with an object (empty, an array, a string...). */
    static final class NotAnObjectException extends Exception {
        NotAnObjectException() {
            super("a segment document must be a JSON object", null, false, false);
        }
    }

    /** An object, {@code pos} on its '{'; ends past its '}'. */
    private EntityView entity(boolean top) throws SyntaxException {
        enter();
        pos++;
        EntityView entity = new EntityView();
        int c = skipWhitespace();
        if (c == '}') {
            pos++;
            depth--;
            return entity;
        }
        while (true) {
            if (c != '"') {
                throw error(c == -1 ? "unexpected end of the document" : "expected a field name");
            }
            int nameStart = pos + 1;
            boolean escaped = skipString();
            int nameEnd = pos - 1;
            if (skipWhitespace() != ':') {
                throw error("expected ':'");
            }
            pos++;
            int v = skipWhitespace();
            if (v == -1) {
                throw error("unexpected end of the document");
            }
            if (escaped) {
                escapedMember(entity, nameStart - 1, v, top);
            } else {
                member(entity, in, nameStart, nameEnd, v, top);
            }
            c = skipWhitespace();
            if (c == ',') {
                pos++;
                c = skipWhitespace();
            } else if (c == '}') {
                pos++;
                depth--;
                return entity;
            } else {
                throw error(c == -1 ? "unexpected end of the document" : "expected ',' or '}'");
            }
        }
    }

    /**
     * One member, its name the bytes {@code [name, nameEnd)} of {@code names}: kept in the view when it is one of its
     * fields, else checked and skipped.
     */
    private void member(EntityView e, byte[] names, int name, int nameEnd, int v, boolean top)
            throws SyntaxException {
        switch (nameEnd - name) {
            case 2 -> {
                if (is(names, name, "id")) {
                    e.id = scalar(v, top, e.id);
                    return;
                }
            }
            case 3 -> {
                if (is(names, name, "sql")) {
                    skipValue(v);
                    e.sql = true;
                    return;
                }
            }
            case 4 -> {
                if (is(names, name, "name")) {
                    e.name = scalar(v, top, e.name);
                    return;
                }
                if (is(names, name, "type")) {
                    e.type = scalar(v, top, e.type);
                    return;
                }
            }
            case 5 -> {
                if (is(names, name, "fault")) {
                    e.fault = scalar(v, false, e.fault);
                    return;
                }
                if (is(names, name, "error")) {
                    e.error = scalar(v, false, e.error);
                    return;
                }
            }
            case 6 -> {
                if (is(names, name, "origin")) {
                    e.origin = scalar(v, false, e.origin);
                    return;
                }
            }
            case 8 -> {
                if (is(names, name, "trace_id")) {
                    e.traceId = scalar(v, top, e.traceId);
                    return;
                }
                if (is(names, name, "end_time")) {
                    e.endTime = scalar(v, top, e.endTime);
                    return;
                }
                if (is(names, name, "throttle")) {
                    e.throttle = scalar(v, false, e.throttle);
                    return;
                }
            }
            case 9 -> {
                if (is(names, name, "parent_id")) {
                    e.parentId = scalar(v, top, e.parentId);
                    return;
                }
                if (is(names, name, "namespace")) {
                    e.namespace = scalar(v, false, e.namespace);
                    return;
                }
            }
            case 10 -> {
                if (is(names, name, "start_time")) {
                    e.startTime = scalar(v, top, e.startTime);
                    return;
                }
            }
            case 11 -> {
                if (is(names, name, "in_progress")) {
                    e.inProgress = scalar(v, top, e.inProgress);
                    return;
                }
                if (is(names, name, "subsegments")) {
                    e.subsegments = subsegments(v, e.subsegments);
                    return;
                }
            }
            default -> {
            }
        }
        skipValue(v);
    }

    /**
     * A member whose name has escapes ({@code "n\u0061me"} is {@code name}): matched once decoded. A name with
     * non-ASCII bytes is none of the view's fields.
     */
    private void escapedMember(EntityView e, int nameQuote, int v, boolean top) throws SyntaxException {
        int valueAt = pos;
        for (int i = nameQuote + 1; i < valueAt; i++) {
            if (in[i] < 0) {
                skipValue(v);
                return;
            }
        }
        pos = nameQuote;
        byte[] name = string().getBytes(StandardCharsets.UTF_8);
        pos = valueAt;
        member(e, name, 0, name.length, v, top);
    }

    /** Whether the bytes at {@code at} are {@code expected} (ASCII; the length is the caller's to check). */
    private static boolean is(byte[] bytes, int at, String expected) {
        for (int i = 0; i < expected.length(); i++) {
            if (bytes[at + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A scalar field's value as a tree would hold it; an object or array is skipped ({@code typed}: WRONG_TYPE). */
    private JsonNode scalar(int c, boolean typed, JsonNode before) throws SyntaxException {
        switch (c) {
            case '"' -> {
                return NODES.textNode(string());
            }
            case 't' -> {
                literal("true");
                return NODES.booleanNode(true);
            }
            case 'f' -> {
                literal("false");
                return NODES.booleanNode(false);
            }
            case 'n' -> {
                literal("null");
                return NODES.nullNode();
            }
            case '{', '[' -> {
                skipValue(c);
                return typed ? EntityView.WRONG_TYPE : before;
            }
            default -> {
                return number();
            }
        }
    }

    /** {@code subsegments}: an array's objects, other elements skipped; any other value skipped ({@code before}). */
    private List<EntityView> subsegments(int c, List<EntityView> before) throws SyntaxException {
        if (c != '[') {
            skipValue(c);
            return before;
        }
        enter();
        pos++;
        List<EntityView> children = new ArrayList<>(4);
        c = skipWhitespace();
        if (c == ']') {
            pos++;
            depth--;
            return children;
        }
        while (true) {
            if (c == '{') {
                children.add(entity(false));
            } else if (c == -1) {
                throw error("unexpected end of the document");
            } else {
                skipValue(c);
            }
            c = skipWhitespace();
            if (c == ',') {
                pos++;
                c = skipWhitespace();
            } else if (c == ']') {
                pos++;
                depth--;
                return children;
            } else {
                throw error(c == -1 ? "unexpected end of the document" : "expected ',' or ']'");
            }
        }
    }

    /** Checks and skips any value starting with {@code c} at {@code pos}. */
    private void skipValue(int c) throws SyntaxException {
        switch (c) {
            case '"' -> skipString();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            case '{' -> skipContainer('}');
            case '[' -> skipContainer(']');
            default -> skipNumber();
        }
    }

    private void skipContainer(char close) throws SyntaxException {
        enter();
        pos++;
        int c = skipWhitespace();
        if (c == close) {
            pos++;
            depth--;
            return;
        }
        while (true) {
            if (close == '}') {
                if (c != '"') {
                    throw error(c == -1 ? "unexpected end of the document" : "expected a field name");
                }
                skipString();
                if (skipWhitespace() != ':') {
                    throw error("expected ':'");
                }
                pos++;
                c = skipWhitespace();
            }
            if (c == -1) {
                throw error("unexpected end of the document");
            }
            skipValue(c);
            c = skipWhitespace();
            if (c == ',') {
                pos++;
                c = skipWhitespace();
            } else if (c == close) {
                pos++;
                depth--;
                return;
            } else {
                throw error(c == -1 ? "unexpected end of the document" : "expected ',' or '" + close + "'");
            }
        }
    }

    private void enter() throws SyntaxException {
        if (++depth > SegmentDocument.MAX_NESTING) {
            throw error("nested more than " + SegmentDocument.MAX_NESTING + " levels deep");
        }
    }

    private void literal(String word) throws SyntaxException {
        if (end - pos < word.length() || !is(in, pos, word)) {
            throw error("unrecognized token");
        }
        pos += word.length();
    }

    /** The next byte that is not JSON whitespace (not consumed), or -1 at the end. */
    private int skipWhitespace() {
        while (pos < end) {
            int c = in[pos] & 0xff;
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                pos++;
            } else {
                return c;
            }
        }
        return -1;
    }

    /**
     * Checks and skips a string, {@code pos} on its opening quote; ends past the closing one. Returns whether it has
     * escapes.
     */
    private boolean skipString() throws SyntaxException {
        int i = pos + 1;
        boolean escaped = false;
        while (true) {
            if (i >= end) {
                pos = i;
                throw error("unexpected end of the document in a string");
            }
            int c = in[i] & 0xff;
            if (c == '"') {
                pos = i + 1;
                return escaped;
            }
            if (c == '\\') {
                pos = i;
                i = escape(null);
                escaped = true;
            } else if (c < 0x20) {
                pos = i;
                throw error("unescaped control character in a string");
            } else if (c < 0x80) {
                i++;
            } else {
                pos = i;
                i = utf8(null);
            }
        }
    }

    /** Reads a string, {@code pos} on its opening quote; ends past the closing one. */
    private String string() throws SyntaxException {
        int from = pos + 1;
        int i = from;
        while (i < end) {
            int c = in[i] & 0xff;
            if (c == '"') {
                pos = i + 1;
                return new String(in, from, i - from, StandardCharsets.ISO_8859_1); // ASCII without escapes
            }
            if (c == '\\' || c < 0x20 || c >= 0x80) {
                break;
            }
            i++;
        }
        StringBuilder text = new StringBuilder(i - from + 16);
        text.append(new String(in, from, i - from, StandardCharsets.ISO_8859_1));
        while (true) {
            if (i >= end) {
                pos = i;
                throw error("unexpected end of the document in a string");
            }
            int c = in[i] & 0xff;
            if (c == '"') {
                pos = i + 1;
                return text.toString();
            }
            pos = i;
            if (c == '\\') {
                i = escape(text);
            } else if (c < 0x20) {
                throw error("unescaped control character in a string");
            } else if (c < 0x80) {
                text.append((char) c);
                i++;
            } else {
                i = utf8(text);
            }
        }
    }

    /** An escape at {@code pos}, appended to {@code text} if not null; returns the index past it. */
    private int escape(StringBuilder text) throws SyntaxException {
        if (pos + 1 >= end) {
            throw error("unexpected end of the document in an escape");
        }
        int c = in[pos + 1];
        char decoded;
        switch (c) {
            case '"' -> decoded = '"';
            case '\\' -> decoded = '\\';
            case '/' -> decoded = '/';
            case 'b' -> decoded = '\b';
            case 'f' -> decoded = '\f';
            case 'n' -> decoded = '\n';
            case 'r' -> decoded = '\r';
            case 't' -> decoded = '\t';
            case 'u' -> {
                if (pos + 6 > end) {
                    throw error("unexpected end of the document in an escape");
                }
                int value = 0;
                for (int k = pos + 2; k < pos + 6; k++) {
                    int digit = Character.digit(in[k], 16);
                    if (digit < 0 || in[k] < 0) {
                        throw error("expected a hex digit in a \\u escape");
                    }
                    value = value * 16 + digit;
                }
                if (text != null) {
                    text.append((char) value);
                }
                return pos + 6;
            }
            default -> throw error("unrecognized escape");
        }
        if (text != null) {
            text.append(decoded);
        }
        return pos + 2;
    }

    /**
     * A multi-byte UTF-8 character at {@code pos}, decoded as Jackson decodes it (lead byte C0-DF, E0-EF or F0-F7
     * and then 1, 2 or 3 bytes 80-BF; no further checks), appended to {@code text} if not null; returns the index
     * past it.
     */
    private int utf8(StringBuilder text) throws SyntaxException {
        int lead = in[pos] & 0xff;
        int extra;
        int value;
        if ((lead & 0xE0) == 0xC0) {
            extra = 1;
            value = lead & 0x1F;
        } else if ((lead & 0xF0) == 0xE0) {
            extra = 2;
            value = lead & 0x0F;
        } else if ((lead & 0xF8) == 0xF0) {
            extra = 3;
            value = lead & 0x07;
        } else {
            throw error("invalid UTF-8 start byte");
        }
        for (int k = 1; k <= extra; k++) {
            if (pos + k >= end) {
                throw error("unexpected end of the document in a string");
            }
            int next = in[pos + k] & 0xff;
            if ((next & 0xC0) != 0x80) {
                throw error("invalid UTF-8 middle byte");
            }
            value = (value << 6) | (next & 0x3F);
        }
        if (text != null) {
            if (extra == 3) {
                value -= 0x10000;
                text.append((char) (0xD800 | (value >> 10))).append((char) (0xDC00 | (value & 0x3FF)));
            } else {
                text.append((char) value);
            }
        }
        return pos + extra + 1;
    }

    /** Checks and skips a number at {@code pos}. */
    private void skipNumber() throws SyntaxException {
        scanNumber();
    }

    /** Reads a number at {@code pos} as a tree would hold it (long, big integer, or double). */
    private JsonNode number() throws SyntaxException {
        int from = pos;
        boolean integral = scanNumber();
        int length = pos - from;
        if (integral) {
            if (length <= 18) {
                long value = 0;
                int i = from;
                boolean negative = in[i] == '-';
                if (negative) {
                    i++;
                }
                for (; i < pos; i++) {
                    value = value * 10 + (in[i] - '0');
                }
                return NODES.numberNode(negative ? -value : value);
            }
            BigInteger value = new BigInteger(new String(in, from, length, StandardCharsets.ISO_8859_1));
            return value.bitLength() < 64 ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
        }
        return NODES.numberNode(parseDouble(from, pos));
    }

    /**
     * A decimal like {@code 1795623408.301}: with at most 15 significant digits and 22 decimals, the digits as a
     * long divided by an exact power of ten is the correctly rounded value (Clinger's fast path), which is what
     * {@link Double#parseDouble} gives, at a fraction of its cost; anything else goes to Jackson's fast parser, as
     * it would when Jackson reads the document.
     */
    private double parseDouble(int from, int to) {
        int i = from;
        boolean negative = in[i] == '-';
        if (negative) {
            i++;
        }
        long digits = 0;
        int significant = 0;
        int decimals = -1;
        for (; i < to; i++) {
            byte b = in[i];
            if (b == '.') {
                decimals = 0;
                continue;
            }
            if (b < '0' || b > '9' || significant >= 15) {
                return NumberInput.parseDouble(new String(in, from, to - from, StandardCharsets.ISO_8859_1), true);
            }
            if (digits != 0 || b != '0') {
                significant++;
            }
            digits = digits * 10 + (b - '0');
            if (decimals >= 0) {
                decimals++;
            }
        }
        if (decimals < 0 || decimals > 22) {
            return NumberInput.parseDouble(new String(in, from, to - from, StandardCharsets.ISO_8859_1), true);
        }
        double value = digits / POWERS_OF_TEN[decimals];
        return negative ? -value : value;
    }

    /**
     * Checks a number's grammar ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, followed by a byte that
     * cannot continue it) and moves past it; returns whether it is an integer (no fraction, no exponent).
     */
    private boolean scanNumber() throws SyntaxException {
        int from = pos;
        int i = pos;
        if (i < end && in[i] == '-') {
            i++;
        }
        if (i >= end || !isDigit(in[i])) {
            pos = i;
            throw error("unrecognized token");
        }
        if (in[i] == '0' && i + 1 < end && isDigit(in[i + 1])) {
            pos = i;
            throw error("leading zeroes are not allowed");
        }
        while (i < end && isDigit(in[i])) {
            i++;
        }
        boolean integral = true;
        if (i < end && in[i] == '.') {
            integral = false;
            i++;
            if (i >= end || !isDigit(in[i])) {
                pos = i;
                throw error("a decimal point must be followed by a digit");
            }
            while (i < end && isDigit(in[i])) {
                i++;
            }
        }
        if (i < end && (in[i] == 'e' || in[i] == 'E')) {
            integral = false;
            i++;
            if (i < end && (in[i] == '+' || in[i] == '-')) {
                i++;
            }
            if (i >= end || !isDigit(in[i])) {
                pos = i;
                throw error("an exponent must have digits");
            }
            while (i < end && isDigit(in[i])) {
                i++;
            }
        }
        if (i - from > MAX_NUMBER_LENGTH) {
            pos = from;
            throw error("a number longer than " + MAX_NUMBER_LENGTH + " characters");
        }
        pos = i;
        return integral;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private SyntaxException error(String message) {
        return new SyntaxException(message, pos - start);
    }
}
