package xraygallery.tracing;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of the {@code sql} block of subsegments: the connection URL loses user info and every
 * parameter (passwords are often passed as {@code ?password=} or {@code ;password=}), and a recorded query has
 * its literals replaced by {@code ?}. The X-Ray SQL module records no parameter values and no query text unless
 * told to; this guards the URL, and the query for anyone who turns query recording on.
 */
final class SqlRedaction {
    private static final Pattern USER_INFO = Pattern.compile("(?<=//)[^/@?;]*@");
    private static final Pattern ORACLE_CREDENTIALS = Pattern.compile("(?i)(?<=jdbc:oracle:thin:)[^@]*@");
    private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^']|'')*'");
    private static final Pattern NUMBER_LITERAL = Pattern.compile("(?<![\\w$])-?\\d+(?:\\.\\d+)?(?![\\w$])");

    private SqlRedaction() {
    }

    static void redact(Map<String, Object> sql) {
        if (sql == null || sql.isEmpty()) {
            return;
        }
        Object url = sql.get("url");
        if (url instanceof String text) {
            sql.put("url", url(text));
        }
        Object query = sql.get("sanitized_query");
        if (query instanceof String text) {
            sql.put("sanitized_query", query(text));
        }
        sql.remove("password");
    }

    static String url(String url) {
        String clean = USER_INFO.matcher(url).replaceFirst("");
        clean = ORACLE_CREDENTIALS.matcher(clean).replaceFirst("@");
        int cut = indexOfAny(clean, '?', ';');
        return cut < 0 ? clean : clean.substring(0, cut);
    }

    static String query(String query) {
        return NUMBER_LITERAL.matcher(STRING_LITERAL.matcher(query).replaceAll("?")).replaceAll("?");
    }

    private static int indexOfAny(String text, char a, char b) {
        int i = text.indexOf(a);
        int j = text.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
