package xraygallery.photos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import xraygallery.daemon.MutableClock;
import xraygallery.photos.Accounts.SignInException;

/**
 * The lock-out answers every name alike, whether an account has it or not, and backs off: against a real MariaDB,
 * with a clock the test moves. Each test uses names of its own.
 */
@Tag("integration")
class SignInLockOutTest {
    private static final List<String> STATEMENTS = Collections.synchronizedList(new ArrayList<>());
    private static GalleryTestBed bed;
    private static PasswordHasher hasher;
    private MutableClock clock;
    private Accounts accounts;

    @BeforeAll
    static void start() throws IOException {
        bed = GalleryTestBed.startDecorated("lock-out", SignInLockOutTest::recording);
        hasher = new PasswordHasher(1024, 1, 1); // cheap: these tests count answers, not hashing cost
    }

    @AfterAll
    static void stop() {
        bed.close();
    }

    @BeforeEach
    void newAccounts() {
        clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
        accounts = new Accounts(bed.services.database(), hasher, ActionTracing.none(), clock);
    }

    private String answer(String name, String password) {
        try {
            accounts.signIn(name, password.toCharArray());
            return "signed in";
        } catch (SignInException e) {
            return e.getMessage();
        }
    }

    @Test
    void anUnknownName_getsExactlyTheAnswersOfAKnownOne_throughTheLockOut() {
        accounts.signUp("known-kim", "kim's password".toCharArray());
        List<String> known = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < Accounts.MAX_FAILURES + 1; i++) {
            known.add(answer("known-kim", "guess " + i));
            unknown.add(answer("nobody-kim", "guess " + i));
        }
        known.add(answer("known-kim", "kim's password"));
        unknown.add(answer("nobody-kim", "kim's password"));

        assertThat(known).isEqualTo(unknown);
        assertThat(known.subList(0, Accounts.MAX_FAILURES - 1)).containsOnly("Wrong user name or password.");
        assertThat(known.get(Accounts.MAX_FAILURES - 1)).isEqualTo("Too many failed sign-ins. Try again in 5 s.");
        assertThat(known.get(Accounts.MAX_FAILURES)).isEqualTo("Too many failed sign-ins. Try again in 5 s.");
        assertThat(known.get(Accounts.MAX_FAILURES + 1)).as("even the right password waits")
                .isEqualTo("Too many failed sign-ins. Try again in 5 s.");
    }

    @Test
    void anUnknownName_makesTheSameStatementsAsAKnownOne() {
        accounts.signUp("known-lou", "lou's password".toCharArray());
        STATEMENTS.clear();
        answer("known-lou", "wrong");
        List<String> known = List.copyOf(STATEMENTS);
        STATEMENTS.clear();
        answer("nobody-lou", "wrong");
        List<String> unknown = List.copyOf(STATEMENTS);

        assertThat(known).isNotEmpty().isEqualTo(unknown);
    }

    @Test
    void theLockOut_doublesWithEachFailure_upToItsCap_andSaysWhenToTryAgain() {
        accounts.signUp("known-max", "max's password".toCharArray());
        for (int i = 0; i < Accounts.MAX_FAILURES - 1; i++) {
            answer("known-max", "guess");
        }
        assertThat(answer("known-max", "guess")).isEqualTo("Too many failed sign-ins. Try again in 5 s.");
        clock.advance(Duration.ofSeconds(4));
        assertThat(answer("known-max", "max's password")).isEqualTo("Too many failed sign-ins. Try again in 1 s.");
        clock.advance(Duration.ofSeconds(1));
        assertThat(answer("known-max", "guess")).isEqualTo("Too many failed sign-ins. Try again in 10 s.");
        clock.advance(Duration.ofSeconds(10));
        assertThat(answer("known-max", "guess")).isEqualTo("Too many failed sign-ins. Try again in 20 s.");
        clock.advance(Duration.ofSeconds(20));
        assertThat(answer("known-max", "guess")).isEqualTo("Too many failed sign-ins. Try again in 40 s.");
        clock.advance(Duration.ofSeconds(40));
        assertThat(answer("known-max", "guess")).isEqualTo("Too many failed sign-ins. Try again in 80 s.");
        clock.advance(Duration.ofSeconds(80));
        assertThat(answer("known-max", "guess")).isEqualTo("Too many failed sign-ins. Try again in 3 min.");

        assertThat(Accounts.lockOut(Accounts.MAX_FAILURES - 1)).isZero();
        assertThat(Accounts.lockOut(Accounts.MAX_FAILURES + 7)).isEqualTo(Duration.ofSeconds(640));
        assertThat(Accounts.lockOut(Accounts.MAX_FAILURES + 8)).isEqualTo(Accounts.MAX_LOCK_OUT);
        assertThat(Accounts.lockOut(Integer.MAX_VALUE)).isEqualTo(Accounts.MAX_LOCK_OUT);

        clock.advance(Duration.ofMinutes(3));
        assertThat(answer("known-max", "max's password")).isEqualTo("signed in");
        assertThat(answer("known-max", "guess")).as("a success forgets the failures")
                .isEqualTo("Wrong user name or password.");
    }

    @Test
    void theCount_survivesARestart_andIsForgottenAfterADay() {
        for (int i = 0; i < Accounts.MAX_FAILURES; i++) {
            answer("nobody-ned", "guess");
        }
        Accounts afterRestart = new Accounts(bed.services.database(), hasher, ActionTracing.none(), clock);
        assertThatThrownBy(() -> afterRestart.signIn("NOBODY-NED", "guess".toCharArray()))
                .as("the same name in other case").hasMessage("Too many failed sign-ins. Try again in 5 s.");

        clock.advance(Accounts.FORGET_AFTER.plusSeconds(1));
        assertThat(answer("nobody-ned", "guess")).isEqualTo("Wrong user name or password.");
    }

    @Test
    void namesNoAccountCanHave_getTheSameAnswers() {
        String tooLong = "x".repeat(400);
        for (int i = 0; i < Accounts.MAX_FAILURES - 1; i++) {
            assertThat(answer(tooLong, "guess")).isEqualTo("Wrong user name or password.");
            assertThat(answer("has space' --", "guess")).isEqualTo("Wrong user name or password.");
        }
        assertThat(answer(tooLong, "guess")).isEqualTo("Too many failed sign-ins. Try again in 5 s.");
    }

    /** A DataSource whose connections note every statement prepared. */
    private static DataSource recording(DataSource dataSource) {
        return (DataSource) Proxy.newProxyInstance(SignInLockOutTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(method, dataSource, args);
                    return result instanceof Connection connection ? recording(connection) : result;
                });
    }

    private static Connection recording(Connection connection) {
        return (Connection) Proxy.newProxyInstance(SignInLockOutTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql) {
                        STATEMENTS.add(sql);
                    }
                    return invoke(method, connection, args);
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
