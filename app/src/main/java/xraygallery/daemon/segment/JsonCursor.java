package xraygallery.daemon.segment;

import com.fasterxml.jackson.core.io.NumberInput;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * A position in a JSON document's bytes and the checks and reads at it, for {@link SegmentScanner}: whitespace,
 * members and elements of objects and arrays (with their nesting counted), strings (checked, or read into a
 * {@code String}), numbers and literals (read as the nodes Jackson's tree would hold), and skipping any value,
 * checked but not kept. What JSON allows is RFC 8259 as Jackson reads it by default: no comments, no trailing
 * commas, no unescaped control characters in strings, UTF-8 lead bytes C0-F7 each followed by the right number of
 * bytes 80-BF, numbers without leading zeroes and of at most {@value #MAX_NUMBER_LENGTH} characters.
 */
final class JsonCursor {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Jackson's default limit on a number's length ({@code StreamReadConstraints}). */
    private static final int MAX_NUMBER_LENGTH = 1000;
    private static final int ESCAPED = 1;
    private static final int NON_ASCII = 2;
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
    private final int maxDepth;
    private int pos;
    private int depth;
    private int nameFrom;
    private int nameTo;
    private boolean nameEscaped;

    /** At the first of {@code length} bytes at {@code offset}, past a UTF-8 byte order mark (Jackson skips it too). */
    JsonCursor(byte[] in, int offset, int length, int maxDepth) {
        this.in = in;
        this.start = offset;
        this.end = offset + length;
        this.maxDepth = maxDepth;
        boolean bom = length >= 3 && (in[offset] & 0xff) == 0xEF && (in[offset + 1] & 0xff) == 0xBB
                && (in[offset + 2] & 0xff) == 0xBF;
        this.pos = bom ? offset + 3 : offset;
    }

    /** The next byte that is not JSON whitespace (not consumed), or -1 at the end. */
    int peek() {
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

    /** The first byte of a value, which must follow (not consumed). */
    int valueStart() throws SyntaxException {
        int c = peek();
        if (c == -1) {
            throw error("unexpected end of the document");
        }
        return c;
    }

    /**
     * Enters the object or array whose '{' or '[' is next; returns true, having left it again, if it is empty
     * ({@code close} follows at once).
     */
    boolean openIsEmpty(char close) throws SyntaxException {
        if (++depth > maxDepth) {
            throw error("nested more than " + maxDepth + " levels deep");
        }
        pos++;
        if (peek() == close) {
            pos++;
            depth--;
            return true;
        }
        return false;
    }

    /**
     * After a member or element: true if a ',' follows (consumed), false if {@code close} does (consumed, and the
     * object or array left).
     */
    boolean more(char close) throws SyntaxException {
        int c = peek();
        if (c == ',') {
            pos++;
            return true;
        }
        if (c == close) {
            pos++;
            depth--;
            return false;
        }
        throw error(c == -1 ? "unexpected end of the document" : "expected ',' or '" + close + "'");
    }

    /**
     * A member's name and ':', checked; returns the first byte of its value. The name's bytes are then
     * {@link #nameIs}'s to compare, or {@link #decodedName}'s when it has escapes.
     */
    int memberName() throws SyntaxException {
        int c = peek();
        if (c != '"') {
            throw error(c == -1 ? "unexpected end of the document" : "expected a field name");
        }
        nameFrom = pos + 1;
        nameEscaped = skipString();
        nameTo = pos - 1;
        if (peek() != ':') {
            throw error("expected ':'");
        }
        pos++;
        return valueStart();
    }

    /** Whether the last member name has escapes (then only {@link #decodedName} tells what it is). */
    boolean nameEscaped() {
        return nameEscaped;
    }

    /** The last member name's length in bytes, as written (escapes not decoded). */
    int nameLength() {
        return nameTo - nameFrom;
    }

    /** Whether the last member name is {@code expected}, byte for byte (an ASCII name without escapes). */
    boolean nameIs(String expected) {
        return !nameEscaped && nameTo - nameFrom == expected.length() && bytesAre(nameFrom, expected);
    }

    /** The last member name, decoded; the position stays where it is. */
    String decodedName() throws SyntaxException {
        int at = pos;
        pos = nameFrom - 1;
        String name = string();
        pos = at;
        return name;
    }

    /** Whether the bytes at {@code at} are {@code expected} (ASCII). */
    private boolean bytesAre(int at, String expected) {
        if (end - at < expected.length()) {
            return false;
        }
        for (int i = 0; i < expected.length(); i++) {
            if (in[at + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The string, number, true, false or null starting with {@code c}, as Jackson's tree would hold it. */
    JsonNode scalar(int c) throws SyntaxException {
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
            default -> {
                return number();
            }
        }
    }

    /** Checks and skips any value starting with {@code c}. */
    void skipValue(int c) throws SyntaxException {
        switch (c) {
            case '"' -> skipString();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            case '{', '[' -> {
                char close = c == '{' ? '}' : ']';
                if (openIsEmpty(close)) {
                    return;
                }
                do {
                    skipValue(close == '}' ? memberName() : valueStart());
                } while (more(close));
            }
            default -> scanNumber();
        }
    }

    private void literal(String word) throws SyntaxException {
        if (!bytesAre(pos, word)) {
            throw error("unrecognized token");
        }
        pos += word.length();
    }

    /**
     * Checks and skips a string, {@code pos} on its opening quote; ends past the closing one. Returns whether it has
     * escapes.
     */
    boolean skipString() throws SyntaxException {
        return (scanString(null) & ESCAPED) != 0;
    }

    /** Reads a string, {@code pos} on its opening quote; ends past the closing one. */
    String string() throws SyntaxException {
        int quote = pos;
        if (scanString(null) == 0) { // ASCII without escapes, the usual case: one pass
            return new String(in, quote + 1, pos - quote - 2, StandardCharsets.ISO_8859_1);
        }
        StringBuilder text = new StringBuilder(pos - quote);
        pos = quote;
        scanString(text);
        return text.toString();
    }

    /**
     * Checks a string, {@code pos} on its opening quote, appending its characters to {@code text} if not null; ends
     * past the closing quote. Returns {@link #ESCAPED} and {@link #NON_ASCII} for what it met.
     */
    private int scanString(StringBuilder text) throws SyntaxException {
        int i = pos + 1;
        int met = 0;
        while (true) {
            if (i >= end) {
                pos = i;
                throw error("unexpected end of the document in a string");
            }
            int c = in[i] & 0xff;
            if (c == '"') {
                pos = i + 1;
                return met;
            }
            if (c == '\\') {
                pos = i;
                i = escape(text);
                met |= ESCAPED;
            } else if (c < 0x20) {
                pos = i;
                throw error("unescaped control character in a string");
            } else if (c < 0x80) {
                if (text != null) {
                    text.append((char) c);
                }
                i++;
            } else {
                pos = i;
                i = utf8(text);
                met |= NON_ASCII;
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
                return parsedByJackson(from, to);
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
            return parsedByJackson(from, to);
        }
        double value = digits / POWERS_OF_TEN[decimals];
        return negative ? -value : value;
    }

    private double parsedByJackson(int from, int to) {
        return NumberInput.parseDouble(new String(in, from, to - from, StandardCharsets.ISO_8859_1), true);
    }

    /**
     * Checks a number's grammar ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}) and moves past it; returns
     * whether it is an integer (no fraction, no exponent). What follows it is the caller's to check.
     */
    private boolean scanNumber() throws SyntaxException {
        int from = pos;
        int i = pos;
        if (i < end && in[i] == '-') {
            i++;
        }
        if (i < end && in[i] == '0' && i + 1 < end && isDigit(in[i + 1])) {
            pos = i;
            throw error("leading zeroes are not allowed");
        }
        i = digits(i, "unrecognized token");
        boolean integral = true;
        if (i < end && in[i] == '.') {
            integral = false;
            i = digits(i + 1, "a decimal point must be followed by a digit");
        }
        if (i < end && (in[i] == 'e' || in[i] == 'E')) {
            integral = false;
            i++;
            if (i < end && (in[i] == '+' || in[i] == '-')) {
                i++;
            }
            i = digits(i, "an exponent must have digits");
        }
        if (i - from > MAX_NUMBER_LENGTH) {
            pos = from;
            throw error("a number longer than " + MAX_NUMBER_LENGTH + " characters");
        }
        pos = i;
        return integral;
    }

    /** The index past the one or more digits at {@code i}; {@code missing} is the error when there are none. */
    private int digits(int i, String missing) throws SyntaxException {
        if (i >= end || !isDigit(in[i])) {
            pos = i;
            throw error(missing);
        }
        while (i < end && isDigit(in[i])) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    SyntaxException error(String message) {
        return new SyntaxException(message, pos - start);
    }
}
