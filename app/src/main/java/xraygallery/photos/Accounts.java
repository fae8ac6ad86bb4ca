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
 * Sign-up and sign-in. Passwords are Argon2id hashes; a wrong password and an unknown user get the
 * same message after the same work; after {@value #MAX_FAILURES} failures in a row an account is
 * locked for a short while.
 */
public final class Accounts {
    static final int MAX_FAILURES = 5;
    static final Duration LOCK_OUT = Duration.ofSeconds(30);
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
                throw new GalleryException("The user name '" + name + "' is taken.");
            }
        });
    }

    private User checkPassword(String username, char[] password) {
        String name = username == null ? "" : username.strip();
        User user = database.inTransaction(connection -> {
            long id;
            String storedName;
            String hash;
            int failures;
            Timestamp lockedUntil;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, username, password_hash, failed_sign_ins, locked_until FROM users WHERE username = ? FOR UPDATE")) {
                select.setString(1, name);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        hasher.verify(password == null ? new char[0] : password, dummyHash);
                        throw new SignInException(BAD_CREDENTIALS);
                    }
                    id = row.getLong(1);
                    storedName = row.getString(2);
                    hash = row.getString(3);
                    failures = row.getInt(4);
                    lockedUntil = row.getTimestamp(5);
                }
            }
            Instant now = clock.instant();
            if (lockedUntil != null && lockedUntil.toInstant().isAfter(now)) {
                long seconds = Math.max(1, Duration.between(now, lockedUntil.toInstant()).toSeconds());
                throw new SignInException("Too many failed sign-ins. Try again in " + seconds + " s.");
            }
            boolean ok = password != null && hasher.verify(password, hash);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE users SET failed_sign_ins = ?, locked_until = ? WHERE id = ?")) {
                int newFailures = ok ? 0 : failures + 1;
                boolean lock = newFailures >= MAX_FAILURES;
                update.setInt(1, lock ? 0 : newFailures);
                update.setTimestamp(2, lock ? Timestamp.from(now.plus(LOCK_OUT)) : null);
                update.setLong(3, id);
                update.executeUpdate();
            }
            if (!ok) {
                return null;
            }
            return new User(id, storedName);
        });
        if (user == null) {
            // the failure count is committed; only then is the caller told
            throw new SignInException(BAD_CREDENTIALS);
        }
        return user;
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
