package xraygallery.localcloud.s3;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.NavigableMap;
import xraygallery.localcloud.AwsServiceException;

/**
 * One page of a bucket listing: keys under a prefix after a marker, with keys that share the part
 * up to the next delimiter rolled up into common prefixes, at most {@code maxKeys} entries together.
 *
 * @param lastWasPrefix whether {@code last} is a common prefix (the next page starts after all its keys)
 */
record ObjectListing(List<StoredObject> contents, List<String> commonPrefixes, boolean truncated,
        String last, boolean lastWasPrefix) {

    static ObjectListing list(NavigableMap<String, StoredObject> index, String prefix, String delimiter,
            String after, boolean afterIsPrefix, int maxKeys) {
        String p = prefix == null ? "" : prefix;
        String d = delimiter == null || delimiter.isEmpty() ? null : delimiter;
        List<StoredObject> contents = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String cursor = after;
        boolean cursorIsPrefix = afterIsPrefix;
        String last = null;
        boolean lastWasPrefix = false;
        boolean truncated = false;
        while (true) {
            String key = next(index, p, cursor, cursorIsPrefix);
            if (key == null || !key.startsWith(p)) {
                break;
            }
            if (contents.size() + prefixes.size() >= maxKeys) {
                truncated = maxKeys > 0;
                break;
            }
            int at = d == null ? -1 : key.indexOf(d, p.length());
            if (at >= 0) {
                String common = key.substring(0, at + d.length());
                prefixes.add(common);
                cursor = common;
                cursorIsPrefix = true;
            } else {
                contents.add(index.get(key));
                cursor = key;
                cursorIsPrefix = false;
            }
            last = cursor;
            lastWasPrefix = cursorIsPrefix;
        }
        return new ObjectListing(contents, prefixes, truncated, last, lastWasPrefix);
    }

    /** The first key after the cursor (after every key under it when it is a common prefix). */
    private static String next(NavigableMap<String, StoredObject> index, String prefix, String cursor,
            boolean cursorIsPrefix) {
        if (cursor == null || cursor.compareTo(prefix) < 0) {
            return index.ceilingKey(prefix);
        }
        if (cursorIsPrefix) {
            String successor = successor(cursor);
            return successor == null ? null : index.ceilingKey(successor);
        }
        return index.higherKey(cursor);
    }

    /** The smallest string greater than every string starting with {@code s}, or null. */
    private static String successor(String s) {
        StringBuilder b = new StringBuilder(s);
        for (int i = b.length() - 1; i >= 0; i--) {
            if (b.charAt(i) != Character.MAX_VALUE) {
                b.setCharAt(i, (char) (b.charAt(i) + 1));
                b.setLength(i + 1);
                return b.toString();
            }
        }
        return null;
    }

    /** An opaque continuation token for the page after this one. */
    String continuationToken() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(((lastWasPrefix ? "P" : "K") + last).getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a token: [marker, "P" or "K"]. */
    static String[] decodeToken(String token) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.length() < 2 || (decoded.charAt(0) != 'P' && decoded.charAt(0) != 'K')) {
                throw new IllegalArgumentException();
            }
            return new String[] {decoded.substring(1), decoded.substring(0, 1)};
        } catch (IllegalArgumentException e) {
            throw new AwsServiceException(400, "InvalidArgument", "The continuation token provided is incorrect");
        }
    }
}
