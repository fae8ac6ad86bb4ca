package xraygallery.cloud;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Database driver messages without the values in them. MySQL and MariaDB quote the offending value in their
 * messages ({@code Duplicate entry 'bob' for key 'uq_users_username'}); what the app shows or records (an
 * exception in a trace, a message to the user) keeps the structure and drops the values:
 * {@code Duplicate entry ? for key 'uq_users_username'}. Quoted names that follow {@code key}, {@code column},
 * {@code table}, {@code constraint}, {@code index}, {@code database} or {@code in} are schema names and stay;
 * every other quoted text becomes {@code ?}; back-quoted identifiers stay.
 */
public final class SqlMessages {
    /** The value is printed raw (quotes inside it unescaped): everything up to the last "' for key '" is the value. */
    private static final Pattern DUPLICATE_ENTRY = Pattern.compile("Duplicate entry '.*' for key '([^']*)'", Pattern.DOTALL);
    /** {@code Incorrect integer value: 'x' for column 'c'}, {@code Truncated incorrect DOUBLE value: 'x'}. */
    private static final Pattern INCORRECT_VALUE = Pattern.compile("(?i)(value: )'.*?'(?=( for column '|$))", Pattern.DOTALL);
    /** A syntax error quotes the statement's text from where it went wrong: values, quotes and all. */
    private static final Pattern NEAR = Pattern.compile("near '.*' at line (\\d+)", Pattern.DOTALL);
    private static final Pattern QUOTED = Pattern.compile("'(?:[^'\\\\]|\\\\.|'')*'|\"(?:[^\"\\\\]|\\\\.|\"\")*\"", Pattern.DOTALL);
    private static final Set<String> NAME_WORDS = Set.of("key", "column", "table", "constraint", "index", "database",
            "schema", "in", "procedure", "function", "field", "savepoint", "trigger", "view");
    private static final String[] SQL_PACKAGES = {"java.sql.", "javax.sql.", "com.mysql.", "org.mariadb.", "org.flywaydb."};

    private SqlMessages() {
    }

    /** {@code message} with every quoted value replaced by {@code ?} (null stays null). */
    public static String redact(String message) {
        if (message == null || message.isEmpty()) {
            return message;
        }
        String text = DUPLICATE_ENTRY.matcher(message).replaceAll(m -> "Duplicate entry ? for key '"
                + Matcher.quoteReplacement(m.group(1)) + "'");
        text = INCORRECT_VALUE.matcher(text).replaceAll("$1?");
        text = NEAR.matcher(text).replaceAll("near ? at line $1");
        Matcher quoted = QUOTED.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        while (quoted.find()) {
            out.append(text, last, quoted.start());
            String literal = quoted.group();
            boolean name = literal.startsWith("'") && NAME_WORDS.contains(previousWord(text, quoted.start()))
                    && literal.length() <= 130 && !literal.substring(1, literal.length() - 1).contains("'");
            out.append(name ? literal : "?");
            last = quoted.end();
        }
        out.append(text, last, text.length());
        return out.toString();
    }

    /** True for exception types of JDBC, the MySQL/MariaDB drivers and Flyway, whose messages may carry values. */
    public static boolean isSqlType(String className) {
        if (className == null) {
            return false;
        }
        for (String prefix : SQL_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** True if {@code error} is an {@link java.sql.SQLException} or comes from a database library. */
    public static boolean isSqlError(Throwable error) {
        if (error instanceof java.sql.SQLException) {
            return true;
        }
        for (Class<?> type = error == null ? null : error.getClass(); type != null; type = type.getSuperclass()) {
            if (isSqlType(type.getName())) {
                return true;
            }
        }
        return false;
    }

    private static String previousWord(String text, int before) {
        int end = before;
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        int start = end;
        while (start > 0 && Character.isLetter(text.charAt(start - 1))) {
            start--;
        }
        return text.substring(start, end).toLowerCase(Locale.ROOT);
    }
}
