package xraygallery.localcloud.rds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Properties;

/**
 * The master user of an instance and the database created for it, kept in an owner-only
 * {@code credentials.properties} (keys {@code username}, {@code password}, {@code database}) that
 * the app reads in local mode. The password is random and made once, when the instance is created.
 */
public record MasterCredentials(String username, String password, String database) {
    public static final String DEFAULT_USERNAME = "admin";
    public static final String DEFAULT_DATABASE = "photos";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int PASSWORD_LENGTH = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    public MasterCredentials {
        // identifiers and the password go into SQL (init file): allow only characters that need no quoting
        requireSafe("username", username, "[A-Za-z][A-Za-z0-9_]{0,31}");
        requireSafe("database", database, "[A-Za-z][A-Za-z0-9_]{0,63}");
        requireSafe("password", password, "[A-Za-z0-9]{8,128}");
    }

    private static void requireSafe(String what, String value, String pattern) {
        if (value == null || !value.matches(pattern)) {
            throw new IllegalArgumentException(what + " must match " + pattern);
        }
    }

    /** A new master user {@code admin} with a random password, for database {@code photos}. */
    static MasterCredentials generate() {
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return new MasterCredentials(DEFAULT_USERNAME, password.toString(), DEFAULT_DATABASE);
    }

    /** Reads {@code file}, or generates credentials and stores them there (rw-------) if it is absent. */
    static MasterCredentials loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            return load(file);
        }
        MasterCredentials created = generate();
        Properties properties = new Properties();
        properties.setProperty("username", created.username());
        properties.setProperty("password", created.password());
        properties.setProperty("database", created.database());
        AtomicFiles.writeProperties(file, properties,
                "Master user of the local RDS instance; host and port: DescribeDBInstances Endpoint");
        return created;
    }

    /** Reads a {@code credentials.properties} file. */
    public static MasterCredentials load(Path file) throws IOException {
        Properties properties = AtomicFiles.readProperties(file);
        try {
            return new MasterCredentials(properties.getProperty("username"), properties.getProperty("password"),
                    properties.getProperty("database"));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a valid credentials file: " + e.getMessage(), e);
        }
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "MasterCredentials[username=" + username + ", database=" + database + "]";
    }
}
