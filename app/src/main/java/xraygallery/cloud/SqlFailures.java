package xraygallery.cloud;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** Telling a database that cannot be reached from a statement that failed. */
public final class SqlFailures {
    private SqlFailures() {
    }

    /** True if {@code e}, or one of its causes, says the connection failed (SQL state class 08, refused socket). */
    public static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLNonTransientConnectionException || t instanceof SQLTransientConnectionException
                    || t instanceof java.net.ConnectException
                    || (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08"))) {
                return true;
            }
        }
        return false;
    }
}
