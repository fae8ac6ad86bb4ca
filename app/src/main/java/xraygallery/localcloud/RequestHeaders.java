package xraygallery.localcloud;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request's header fields by lower-case name, each name's values in the order they came. Ours,
 * not the HTTP server's, so that handlers and the SigV4 verifier do not depend on the server.
 */
public final class RequestHeaders {
    private final Map<String, List<String>> byName;

    private RequestHeaders(Map<String, List<String>> byName) {
        this.byName = byName;
    }

    /** Headers from fields in arrival order; names that differ only in case are one header. */
    public static RequestHeaders of(Iterable<? extends Map.Entry<String, String>> fields) {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : fields) {
            byName.computeIfAbsent(field.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                    .add(field.getValue());
        }
        byName.replaceAll((name, values) -> List.copyOf(values));
        return new RequestHeaders(Collections.unmodifiableMap(byName));
    }

    /** Every value of a header, or an empty list. */
    public List<String> values(String name) {
        return byName.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The first value of a header, or null. */
    public String first(String name) {
        List<String> values = values(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** All headers by lower-case name (unmodifiable). */
    public Map<String, List<String>> asMap() {
        return byName;
    }
}
