package xraygallery.traceview;

/**
 * The {@code sql} block of a span recorded by X-Ray's SQL module; each field null when absent. There is no
 * password field, and {@link #url()} is cleaned of any credentials it carried.
 *
 * @param url the connection URL, without user info or password parameters
 * @param databaseType {@code MySQL}, ...
 * @param databaseVersion the server's version
 * @param driverVersion the JDBC driver's version
 * @param user the database user
 * @param sanitizedQuery the statement without literals, if the app recorded it
 */
public record SqlCall(String url, String databaseType, String databaseVersion, String driverVersion, String user,
        String sanitizedQuery) {
}
