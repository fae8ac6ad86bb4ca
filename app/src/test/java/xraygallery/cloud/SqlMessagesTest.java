package xraygallery.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLIntegrityConstraintViolationException;
import org.junit.jupiter.api.Test;

/** Driver messages keep their structure and lose their values. */
class SqlMessagesTest {

    @Test
    void duplicateEntry_losesTheValue_keepsTheKey() {
        assertThat(SqlMessages.redact("Duplicate entry 'BOB' for key 'uq_users_username'"))
                .isEqualTo("Duplicate entry ? for key 'uq_users_username'");
    }

    @Test
    void duplicateEntry_withQuotesInsideTheValue_losesAllOfIt() {
        assertThat(SqlMessages.redact("Duplicate entry '7-it's' for key 'x' here' for key 'uq_photos_owner_sha'"))
                .isEqualTo("Duplicate entry ? for key 'uq_photos_owner_sha'");
    }

    @Test
    void incorrectValues_andSyntaxErrors_loseTheirQuotedText() {
        assertThat(SqlMessages.redact("Incorrect integer value: 'secret 42' for column `photos`.`faces` at row 1"))
                .isEqualTo("Incorrect integer value: ? for column `photos`.`faces` at row 1");
        assertThat(SqlMessages.redact("Incorrect integer value: 'abc' for column 'faces' at row 1"))
                .isEqualTo("Incorrect integer value: ? for column 'faces' at row 1");
        assertThat(SqlMessages.redact("You have an error in your SQL syntax; check the manual that corresponds to your"
                + " MariaDB server version for the right syntax to use near 'hunter2' WHERE id = 3' at line 1"))
                .doesNotContain("hunter2").endsWith("near ? at line 1");
        assertThat(SqlMessages.redact("Access denied for user 'root'@'localhost' (using password: YES)"))
                .isEqualTo("Access denied for user ?@? (using password: YES)");
    }

    @Test
    void schemaNames_stay() {
        assertThat(SqlMessages.redact("Table 'photos.users' doesn't exist")).isEqualTo("Table 'photos.users' doesn't exist");
        assertThat(SqlMessages.redact("Unknown column 'nme' in 'field list'")).isEqualTo("Unknown column 'nme' in 'field list'");
        assertThat(SqlMessages.redact("Data too long for column 'original_name' at row 1"))
                .isEqualTo("Data too long for column 'original_name' at row 1");
    }

    @Test
    void sqlTypes_areRecognised() {
        assertThat(SqlMessages.isSqlError(new SQLIntegrityConstraintViolationException("x"))).isTrue();
        assertThat(SqlMessages.isSqlType("com.mysql.cj.jdbc.exceptions.CommunicationsException")).isTrue();
        assertThat(SqlMessages.isSqlError(new IllegalStateException("x"))).isFalse();
        assertThat(SqlMessages.redact(null)).isNull();
    }
}
