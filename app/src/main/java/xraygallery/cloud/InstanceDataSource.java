package xraygallery.cloud;

import com.mysql.cj.jdbc.MysqlDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.function.Supplier;
import xraygallery.cloud.DatabaseInstance.DatabaseStatus;

/**
 * MySQL connections to wherever the RDS instance is now: the endpoint is looked up when first
 * needed and again after a connection fails, so the app survives the instance being stopped and
 * started (possibly on another port) while it runs. A stopped instance is a connection failure
 * that names its state.
 */
final class InstanceDataSource extends ConnectionSource {
    private final Supplier<DatabaseStatus> endpoint;
    private final String user;
    private final String password;
    private final String database;
    private final boolean local;
    private volatile MysqlDataSource current;

    InstanceDataSource(Supplier<DatabaseStatus> endpoint, String user, String password, String database, boolean local) {
        this.endpoint = endpoint;
        this.user = user;
        this.password = password;
        this.database = database;
        this.local = local;
    }

    @Override
    public Connection getConnection() throws SQLException {
        MysqlDataSource source = current;
        if (source == null) {
            source = resolve();
        }
        try {
            return source.getConnection();
        } catch (SQLException e) {
            current = null;
            if (SqlFailures.isConnectionFailure(e)) {
                return resolve().getConnection();
            }
            throw e;
        }
    }

    private MysqlDataSource resolve() throws SQLException {
        DatabaseStatus status;
        try {
            status = endpoint.get();
        } catch (RuntimeException e) {
            throw new SQLNonTransientConnectionException("cannot look up the database instance: " + e.getMessage(), "08001", e);
        }
        if (!status.isAvailable()) {
            throw new SQLNonTransientConnectionException("database instance " + status.instanceId() + " is "
                    + status.state(), "08001");
        }
        MysqlDataSource source = new MysqlDataSource();
        source.setUrl("jdbc:mysql://" + status.host() + ":" + status.port() + "/" + database
                + (local ? "?useSSL=false&allowPublicKeyRetrieval=true" : "?sslMode=PREFERRED")
                + "&connectTimeout=5000&socketTimeout=60000");
        source.setUser(user);
        source.setPassword(password);
        current = source;
        return source;
    }
}
