package xraygallery.photos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xraygallery.photos.Accounts.SignInException;

/** Accounts against a real MariaDB behind the local cloud's RDS (the lock-out in detail: SignInLockOutTest). */
@org.junit.jupiter.api.Tag("integration")
class AccountsTest {
    private static GalleryTestBed bed;
    private static Accounts accounts;

    @BeforeAll
    static void start() throws IOException {
        bed = GalleryTestBed.start("accounts", true, ActionTracing.none());
        accounts = bed.services.accounts();
    }

    @AfterAll
    static void stop() {
        bed.close();
    }

    @Test
    void signUpThenSignIn_returnsTheSameUser() {
        User alice = accounts.signUp("alice", "correct horse".toCharArray());

        User signedIn = accounts.signIn("alice", "correct horse".toCharArray());

        assertThat(signedIn).isEqualTo(alice);
    }

    @Test
    void passwordsAreStoredAsArgon2idHashes() {
        accounts.signUp("hashed", "a secret password".toCharArray());

        String stored = bed.services.database().inTransaction(c -> {
            try (var s = c.prepareStatement("SELECT password_hash FROM users WHERE username = 'hashed'");
                    var r = s.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        });

        assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("a secret password");
    }

    @Test
    void wrongPasswordAndUnknownUser_getTheSameMessage() {
        accounts.signUp("bob", "bob's password".toCharArray());

        assertThatThrownBy(() -> accounts.signIn("bob", "wrong password".toCharArray()))
                .isInstanceOf(SignInException.class).hasMessage("Wrong user name or password.");
        assertThatThrownBy(() -> accounts.signIn("nobody-here", "bob's password".toCharArray()))
                .isInstanceOf(SignInException.class).hasMessage("Wrong user name or password.");
    }

    @Test
    void theFifthFailureInARow_locksTheName_sayingWhenToTryAgain() {
        accounts.signUp("carol", "carol's password".toCharArray());
        for (int i = 0; i < Accounts.MAX_FAILURES - 1; i++) {
            assertThatThrownBy(() -> accounts.signIn("carol", "guess".toCharArray()))
                    .isInstanceOf(SignInException.class).hasMessage("Wrong user name or password.");
        }

        assertThatThrownBy(() -> accounts.signIn("carol", "guess".toCharArray()))
                .isInstanceOf(SignInException.class).hasMessageMatching("Too many failed sign-ins. Try again in \\d s.");
    }

    @Test
    void userNames_areUniqueRegardlessOfCase() {
        accounts.signUp("Dave", "dave's password".toCharArray());

        assertThatThrownBy(() -> accounts.signUp("dave", "another password".toCharArray()))
                .isInstanceOf(GalleryException.class).hasMessageContaining("taken");
        assertThat(accounts.signIn("DAVE", "dave's password".toCharArray()).name()).isEqualTo("Dave");
    }

    @Test
    void badNamesAndPasswords_areRefusedWithAClearMessage() {
        assertThatThrownBy(() -> accounts.signUp("x", "long enough password".toCharArray())).hasMessageContaining("3 to 64");
        assertThatThrownBy(() -> accounts.signUp("has space", "long enough password".toCharArray())).hasMessageContaining("letters");
        assertThatThrownBy(() -> accounts.signUp("eve", "short".toCharArray())).hasMessageContaining("8 to 1024");
    }

    @Test
    void sqlInjectionInUserNames_isInert() {
        accounts.signUp("mallory", "mallory's password".toCharArray());

        assertThatThrownBy(() -> accounts.signUp("x' OR '1'='1", "long enough password".toCharArray()))
                .isInstanceOf(GalleryException.class);
        assertThatThrownBy(() -> accounts.signIn("mallory' -- ", "anything".toCharArray())).isInstanceOf(SignInException.class);
        assertThatThrownBy(() -> accounts.signIn("' OR 1=1 -- ", "anything".toCharArray())).isInstanceOf(SignInException.class);
        assertThat(accounts.signIn("mallory", "mallory's password".toCharArray()).name()).isEqualTo("mallory");
    }

    @Test
    void signInWithoutADatabase_saysToStartItFirst() throws IOException {
        try (GalleryTestBed stopped = GalleryTestBed.start("accounts-no-db", false, ActionTracing.none())) {
            assertThatThrownBy(() -> stopped.services.accounts().signIn("alice", "correct horse".toCharArray()))
                    .isInstanceOf(GalleryDatabase.DatabaseUnavailableException.class)
                    .hasMessageContaining("is not available").hasMessageContaining("xray-gallery db start");
        }
    }
}
