package xraygallery.cloud;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import javax.sql.DataSource;

/** A DataSource made on first use (and again until it can be made), e.g. once a credentials file exists. */
class DelegatingDataSource extends ConnectionSource {
    /** Makes the real DataSource, or null when it cannot be made yet. */
    @FunctionalInterface
    interface Factory {
        DataSource create() throws IOException;
    }

    private final Factory factory;
    private volatile DataSource delegate;

    DelegatingDataSource(Factory factory) {
        this.factory = factory;
    }

    private DataSource delegate() throws SQLException {
        DataSource d = delegate;
        if (d == null) {
            try {
                d = factory.create();
            } catch (IOException e) {
                throw new SQLNonTransientConnectionException("cannot read the database credentials: " + e.getMessage(), "08001", e);
            }
            if (d == null) {
                throw new SQLNonTransientConnectionException("the database has never been started", "08001");
            }
            delegate = d;
        }
        return d;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return delegate().getConnection();
    }
}
