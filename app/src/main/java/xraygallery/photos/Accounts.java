package xraygallery.photos;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Sign-up and sign-in. Passwords are Argon2id hashes. Failed sign-ins are counted per name tried
 * ({@code sign_in_attempts}), whether an account has that name or not, so a wrong password and an unknown
 * name get the same answers, lock-out included, after the same statements and the same Argon2 verification:
 * nothing tells which names exist. After {@value #MAX_FAILURES} failures in a row the name is locked for
 * {@link #FIRST_LOCK_OUT}, doubling with each further failure up to {@link #MAX_LOCK_OUT}; the message says
 * when to try again. A success forgets the failures; so does a day without one. The count is in the database,
 * so a restart of the app does not reset it.
 */
public final class Accounts {
    static final int MAX_FAILURES = 5;
    static final Duration FIRST_LOCK_OUT = Duration.ofSeconds(5);
    static final Duration MAX_LOCK_OUT = Duration.ofMinutes(15);
    /** Failures older than this no longer count. */
    static final Duration FORGET_AFTER = Duration.ofDays(1);
    private static final int MAX_ATTEMPT_KEY = 255;
    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}._-]{3,64}");
    private static final int MIN_PASSWORD = 8;
    private static final int MAX_PASSWORD = 1024;
    private static final String BAD_CREDENTIALS = "Wrong user name or password.";

    private final GalleryDatabase database;
    private final PasswordHasher hasher;
    private final ActionTracing tracing;
    private final Clock clock;
    private final String dummyHash;

    public Accounts(GalleryDatabase database, PasswordHasher hasher, ActionTracing tracing, Clock clock) {
        this.database = database;
        this.hasher = hasher;
        this.tracing = tracing;
        this.clock = clock;
        this.dummyHash = hasher.hash("not a real password".toCharArray());
    }

    /** Creates an account (a traced action); the name is unique regardless of case. */
    public User signUp(String username, char[] password) {
        return traced("sign_up", username, () -> createAccount(username, password));
    }

    /**
     * Checks a password (a traced action); {@link SignInException} with one message for unknown
     * users and wrong passwords.
     */
    public User signIn(String username, char[] password) {
        return traced("sign_in", username, () -> checkPassword(username, password));
    }

    private User traced(String action, String username, ActionTracing.Work<User> work) {
        try {
            return tracing.action(action, username == null ? null : username.strip(), work);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private User createAccount(String username, char[] password) {
        String name = checkUsername(username);
        if (password == null || password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
            throw new GalleryException("A password needs " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters.");
        }
        String hash = hasher.hash(password);
        return database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO users (username, password_hash, created_at) VALUES (?, ?, ?)",
                    PreparedStatement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, name);
                insert.setString(2, hash);
                insert.setTimestamp(3, Timestamp.from(clock.instant()));
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    return new User(keys.getLong(1), name);
                }
            } catch (SQLIntegrityConstraintViolationException e) {
                throw new GalleryException("The user name " + name + " is taken.");
            }
        });
    }

    private User checkPassword(String username, char[] password) {
        // the same statements, the same Argon2 verification and the same answers whether the name exists or not
        String name = attemptKey(username);
        Attempt attempt = database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT IGNORE INTO sign_in_attempts (name, failures) VALUES (?, 0)")) {
                insert.setString(1, name);
                insert.executeUpdate();
            }
            int failures;
            Timestamp lastFailure;
            Timestamp lockedUntil;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT failures, last_failure, locked_until FROM sign_in_attempts WHERE name = ? FOR UPDATE")) {
                select.setString(1, name);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    failures = row.getInt(1);
                    lastFailure = row.getTimestamp(2);
                    lockedUntil = row.getTimestamp(3);
                }
            }
            Instant now = clock.instant();
            if (lockedUntil != null && lockedUntil.toInstant().isAfter(now)) {
                return Attempt.locked(Duration.between(now, lockedUntil.toInstant()));
            }
            User found = null;
            String hash = dummyHash;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, username, password_hash FROM users WHERE username = ?")) {
                select.setString(1, name);
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        found = new User(row.getLong(1), row.getString(2));
                        hash = row.getString(3);
                    }
                }
            }
            boolean ok = hasher.verify(password == null ? new char[0] : password, hash) && found != null;
            if (ok) {
                try (PreparedStatement forget = connection.prepareStatement(
                        "DELETE FROM sign_in_attempts WHERE name = ?")) {
                    forget.setString(1, name);
                    forget.executeUpdate();
                }
                return Attempt.signedIn(found);
            }
            boolean stale = lastFailure == null || lastFailure.toInstant().isBefore(now.minus(FORGET_AFTER));
            int newFailures = stale ? 1 : failures + 1;
            Duration lock = lockOut(newFailures);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE sign_in_attempts SET failures = ?, last_failure = ?, locked_until = ? WHERE name = ?")) {
                update.setInt(1, newFailures);
                update.setTimestamp(2, Timestamp.from(now));
                update.setTimestamp(3, lock.isZero() ? null : Timestamp.from(now.plus(lock)));
                update.setString(4, name);
                update.executeUpdate();
            }
            try (PreparedStatement prune = connection.prepareStatement(
                    "DELETE FROM sign_in_attempts WHERE last_failure < ? AND (locked_until IS NULL OR locked_until < ?)"
                            + " LIMIT 100")) {
                prune.setTimestamp(1, Timestamp.from(now.minus(FORGET_AFTER)));
                prune.setTimestamp(2, Timestamp.from(now));
                prune.executeUpdate();
            }
            return lock.isZero() ? Attempt.refused() : Attempt.locked(lock);
        });
        // the failure count is committed; only then is the caller told
        if (attempt.user() != null) {
            return attempt.user();
        }
        if (attempt.lockedFor() != null) {
            throw new SignInException("Too many failed sign-ins. Try again in " + describe(attempt.lockedFor()) + ".");
        }
        throw new SignInException(BAD_CREDENTIALS);
    }

    /**
     * How long a name is locked after {@code failures} failures in a row: nothing for the first
     * {@value #MAX_FAILURES} - 1, then {@link #FIRST_LOCK_OUT}, doubling with each further failure up to
     * {@link #MAX_LOCK_OUT}.
     */
    static Duration lockOut(int failures) {
        if (failures < MAX_FAILURES) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - MAX_FAILURES, 30);
        Duration lock = FIRST_LOCK_OUT.multipliedBy(1L << doublings);
        return lock.compareTo(MAX_LOCK_OUT) > 0 ? MAX_LOCK_OUT : lock;
    }

    /** "7 s", "3 min" (rounded up: never earlier than the lock ends). */
    static String describe(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        if (seconds < 90) {
            return seconds + " s";
        }
        return ((seconds + 59) / 60) + " min";
    }

    /** The name as the attempts table keys it: stripped, and cut to what the column holds. */
    private static String attemptKey(String username) {
        String name = username == null ? "" : username.strip();
        return name.length() > MAX_ATTEMPT_KEY ? name.substring(0, MAX_ATTEMPT_KEY) : name;
    }

    /** What one sign-in came to: a user, a lock-out with its wait, or wrong credentials. */
    private record Attempt(User user, Duration lockedFor) {
        static Attempt signedIn(User user) {
            return new Attempt(user, null);
        }

        static Attempt locked(Duration wait) {
            return new Attempt(null, wait);
        }

        static Attempt refused() {
            return new Attempt(null, null);
        }
    }

    private static String checkUsername(String username) {
        String name = username == null ? "" : username.strip();
        if (!USERNAME.matcher(name).matches()) {
            throw new GalleryException("A user name has 3 to 64 letters, digits, '.', '_' or '-'.");
        }
        return name;
    }

    /** Sign-in refused: wrong credentials, or locked out for now. */
    public static final class SignInException extends GalleryException {
        public SignInException(String message) {
            super(message);
        }
    }
}
