package xraygallery.localcloud.rds;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates an instance's master user and database on its first boot, through the server's
 * {@code --init-file} (no {@code mariadb} client binary, which needs libncurses5), and proves the
 * login works over JDBC.
 */
final class MasterUserSetup {
    private MasterUserSetup() {
    }

    /**
     * The first-boot SQL, one statement a line and safe to run again: removes the anonymous accounts
     * and {@code test} database that mariadb-install-db creates, then creates the master user (TCP
     * from 127.0.0.1 and the Unix socket) with every privilege, and its database.
     */
    static String initSql(MasterCredentials credentials) {
        String user = credentials.username();
        StringBuilder sql = new StringBuilder()
                .append("DELETE FROM mysql.global_priv WHERE User = '';\n")
                .append("DELETE FROM mysql.proxies_priv WHERE Host <> 'localhost';\n")
                .append("DELETE FROM mysql.db WHERE Db = 'test' OR Db = 'test\\\\_%';\n")
                .append("DROP DATABASE IF EXISTS test;\n")
                .append("FLUSH PRIVILEGES;\n");
        for (String host : new String[] {LocalPorts.LOOPBACK, "localhost"}) {
            sql.append("CREATE OR REPLACE USER '").append(user).append("'@'").append(host)
                    .append("' IDENTIFIED BY '").append(credentials.password()).append("';\n");
            sql.append("GRANT ALL PRIVILEGES ON *.* TO '").append(user).append("'@'").append(host)
                    .append("' WITH GRANT OPTION;\n");
        }
        sql.append("CREATE DATABASE IF NOT EXISTS `").append(credentials.database())
                .append("` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n");
        return sql.toString();
    }

    /** Logs in as the master user to its database, as a client would; throws if that fails. */
    static void checkLogin(String jdbcUrl, MasterCredentials credentials) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, credentials.username(),
                credentials.password()); Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
        }
    }
}
