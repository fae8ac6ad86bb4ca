package xraygallery.tracing;

import com.amazonaws.xray.entities.Cause;
import com.amazonaws.xray.entities.ThrowableDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import xraygallery.cloud.SqlMessages;

/**
 * Keeps secrets and values out of what a trace records:
 * <ul>
 * <li>the {@code sql} block of subsegments: the connection URL loses user info and every parameter (passwords are
 *     often passed as {@code ?password=} or {@code ;password=}), and a recorded query has its literals replaced by
 *     {@code ?}. The X-Ray SQL module records no parameter values and no query text unless told to; this guards the
 *     URL, and the query for anyone who turns query recording on;</li>
 * <li>recorded exceptions ({@code cause}): the message of every JDBC, driver or Flyway exception loses the values
 *     the database quoted in it ({@link SqlMessages}: {@code Duplicate entry ? for key 'uq_users_username'}), and so
 *     does any other exception of the same cause that repeats such a message (a wrapper's {@code toString()});</li>
 * <li>the cause's {@code working_directory}, which the X-Ray SDK fills with the JVM's {@code user.dir} (for a
 *     desktop app, the user's home: their account name), is left out: it says nothing about the failure, and a
 *     trace may be forwarded to AWS X-Ray.</li>
 * </ul>
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

    static void redact(Cause cause) {
        if (cause == null) {
            return;
        }
        cause.setWorkingDirectory(null);
        List<ThrowableDescription> exceptions = cause.getExceptions();
        if (exceptions == null || exceptions.isEmpty()) {
            return;
        }
        List<String> sqlMessages = new ArrayList<>();
        for (ThrowableDescription description : exceptions) {
            if (isSql(description) && description.getMessage() != null && !description.getMessage().isEmpty()) {
                sqlMessages.add(description.getMessage());
            }
            // a wrapper's message may repeat a database message described elsewhere (in a subsegment's cause)
            for (Throwable t = description.getThrowable(); t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (SqlMessages.isSqlError(t) && t.getMessage() != null && !t.getMessage().isEmpty()) {
                    sqlMessages.add(t.getMessage());
                }
            }
        }
        if (sqlMessages.isEmpty()) {
            return;
        }
        for (ThrowableDescription description : exceptions) {
            String message = description.getMessage();
            if (message == null) {
                continue;
            }
            if (isSql(description)) {
                description.setMessage(SqlMessages.redact(message));
            } else {
                for (String sql : sqlMessages) {
                    message = message.replace(sql, SqlMessages.redact(sql));
                }
                description.setMessage(message);
            }
        }
    }

    private static boolean isSql(ThrowableDescription description) {
        return SqlMessages.isSqlType(description.getType())
                || (description.getThrowable() != null && SqlMessages.isSqlError(description.getThrowable()));
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
