package xraygallery.photos.fakes;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sql.DataSource;
import xraygallery.cloud.ConnectionSource;
import xraygallery.photos.GalleryDatabase;

/**
 * The gallery's tables in memory behind a JDBC {@link DataSource}, for unit tests of the use-cases through the
 * {@link GalleryDatabase} seam (no MariaDB, no Flyway). It knows the statements the upload pipeline runs (a photo
 * looked up by its SHA-256; a photo inserted with its labels and faces), keeps transactions (a rolled-back insert
 * leaves nothing), enforces one photo per owner and SHA-256 as the real schema does, and fails on request: the
 * database unreachable ({@link #unreachable}) or a statement failing ({@link #failNext}). A statement it does not
 * know fails the test loudly.
 */
public final class FakeGalleryData extends ConnectionSource {
    private static final String FIND_BY_SHA = "SELECT id FROM photos WHERE owner_id = ? AND sha256 = ?";
    private static final String INSERT_PHOTO = "INSERT INTO photos";
    private static final String INSERT_LABELS = "INSERT INTO labels";
    private static final String INSERT_FACES = "INSERT INTO faces";

    /** A committed photo row, with the names of its label rows and the number of its face rows. */
    public record PhotoRow(long id, long ownerId, String originalName, String contentType, int width, int height,
            long bytes, String sha256, int faces, String originalKey, String displayKey, String thumbnailKey,
            String uploadTraceId, List<String> labelRows, int faceRows) {
    }

    private final Map<Long, PhotoRow> photos = new LinkedHashMap<>(); // guarded by this
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Queue<Supplier<SQLException>>> failures = new ConcurrentHashMap<>();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final AtomicInteger commits = new AtomicInteger();
    private final AtomicInteger rollbacks = new AtomicInteger();
    private volatile boolean unreachable;

    /** A {@link GalleryDatabase} on this data, with nothing to migrate. */
    public GalleryDatabase database() {
        return new GalleryDatabase(this, "the fake database", () -> { });
    }

    /** From now on (until called with false) no connection can be made: the database is stopped. */
    public FakeGalleryData unreachable(boolean stopped) {
        this.unreachable = stopped;
        return this;
    }

    /** The next statement whose SQL starts with {@code sqlStart} fails with {@code failure} (once per call of this). */
    public FakeGalleryData failNext(String sqlStart, Supplier<SQLException> failure) {
        failures.computeIfAbsent(sqlStart, k -> new ConcurrentLinkedQueue<>()).add(failure);
        return this;
    }

    /** The connection drops in the middle of the next photo insert (SQL state 08S01, a communications failure). */
    public FakeGalleryData dropConnectionOnNextInsert() {
        return failNext(INSERT_PHOTO, () -> new SQLNonTransientConnectionException(
                "Communications link failure", "08S01"));
    }

    /** The next photo insert is refused by the server for a reason that is not the connection (e.g. a value too long). */
    public FakeGalleryData refuseNextInsert() {
        return failNext(INSERT_PHOTO, () -> new SQLException("Data too long for column ? at row 1", "22001", 1406));
    }

    /** A photo committed by someone else (another upload of the same bytes, in parallel): its id. */
    public synchronized long insertCommitted(long ownerId, String sha256) {
        long id = ids.incrementAndGet();
        photos.put(id, new PhotoRow(id, ownerId, "other.jpg", "image/jpeg", 1, 1, 1, sha256, 0, "o", "d", "t", null,
                List.of(), 0));
        return id;
    }

    /** The committed photos, in insertion order. */
    public synchronized List<PhotoRow> photos() {
        return List.copyOf(photos.values());
    }

    public int openConnections() {
        return openConnections.get();
    }

    public int commits() {
        return commits.get();
    }

    public int rollbacks() {
        return rollbacks.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (unreachable) {
            throw new SQLNonTransientConnectionException("Could not create connection to database server.", "08001");
        }
        openConnections.incrementAndGet();
        return proxy(Connection.class, new FakeConnection());
    }

    private SQLException scriptedFailure(String sql) {
        for (Map.Entry<String, Queue<Supplier<SQLException>>> entry : failures.entrySet()) {
            if (sql.startsWith(entry.getKey())) {
                Supplier<SQLException> failure = entry.getValue().poll();
                if (failure != null) {
                    return failure.get();
                }
            }
        }
        return null;
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(FakeGalleryData.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /** What {@link Object} methods answer on a proxy; null when {@code method} is not one of them. */
    private static Object objectMethod(Object proxy, Method method, Object[] args, String name) {
        return switch (method.getName()) {
            case "toString" -> name;
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> null;
        };
    }

    private static UnsupportedOperationException unknown(Method method) {
        return new UnsupportedOperationException("FakeGalleryData does not fake " + method);
    }

    /** One connection: its transaction's inserts are kept aside until commit. */
    private final class FakeConnection implements InvocationHandler {
        private final List<PhotoRow> pending = new ArrayList<>();
        private boolean autoCommit = true;
        private boolean closed;

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws SQLException {
            Object object = objectMethod(proxy, method, args, "FakeConnection");
            if (object != null) {
                return object;
            }
            switch (method.getName()) {
                case "setAutoCommit" -> {
                    autoCommit = (Boolean) args[0];
                    return null;
                }
                case "getAutoCommit" -> {
                    return autoCommit;
                }
                case "commit" -> {
                    commit();
                    return null;
                }
                case "rollback" -> {
                    pending.clear();
                    rollbacks.incrementAndGet();
                    return null;
                }
                case "close" -> {
                    if (!closed) {
                        closed = true;
                        pending.clear();
                        openConnections.decrementAndGet();
                    }
                    return null;
                }
                case "isClosed" -> {
                    return closed;
                }
                case "prepareStatement" -> {
                    return proxy(PreparedStatement.class, new FakeStatement(this, (String) args[0]));
                }
                default -> throw unknown(method);
            }
        }

        private void commit() {
            synchronized (FakeGalleryData.this) {
                for (PhotoRow row : pending) {
                    photos.put(row.id(), row);
                }
            }
            pending.clear();
            commits.incrementAndGet();
        }

        /** The photo rows this connection sees: committed ones and its own pending ones. */
        private List<PhotoRow> visible() {
            List<PhotoRow> rows;
            synchronized (FakeGalleryData.this) {
                rows = new ArrayList<>(photos.values());
            }
            rows.addAll(pending);
            return rows;
        }

        private void insert(PhotoRow row) {
            pending.add(row);
            if (autoCommit) {
                commit();
            }
        }

        private void replace(PhotoRow old, PhotoRow updated) {
            int index = pending.indexOf(old);
            if (index < 0) {
                throw new IllegalStateException("labels or faces for a photo not inserted in this transaction");
            }
            pending.set(index, updated);
        }
    }

    /** One prepared statement of the pipeline's; its parameters by index, its batch as copies of them. */
    private final class FakeStatement implements InvocationHandler {
        private final FakeConnection connection;
        private final String sql;
        private final Map<Integer, Object> parameters = new HashMap<>();
        private final List<Map<Integer, Object>> batch = new ArrayList<>();
        private Long generatedKey;

        FakeStatement(FakeConnection connection, String sql) {
            this.connection = connection;
            this.sql = sql;
            if (!sql.equals(FIND_BY_SHA) && !sql.startsWith(INSERT_PHOTO) && !sql.startsWith(INSERT_LABELS)
                    && !sql.startsWith(INSERT_FACES)) {
                throw new UnsupportedOperationException("FakeGalleryData does not know the statement: " + sql);
            }
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws SQLException {
            Object object = objectMethod(proxy, method, args, "FakeStatement[" + sql + "]");
            if (object != null) {
                return object;
            }
            String name = method.getName();
            if (name.startsWith("set") && args != null && args.length == 2 && args[0] instanceof Integer index) {
                parameters.put(index, args[1]);
                return null;
            }
            switch (name) {
                case "close" -> {
                    return null;
                }
                case "addBatch" -> {
                    batch.add(new HashMap<>(parameters));
                    return null;
                }
                case "executeQuery" -> {
                    fail();
                    return findBySha();
                }
                case "executeUpdate" -> {
                    fail();
                    return insertPhoto();
                }
                case "executeBatch" -> {
                    fail();
                    return executeBatch();
                }
                case "getGeneratedKeys" -> {
                    return rows(generatedKey == null ? List.of() : List.of(generatedKey));
                }
                default -> throw unknown(method);
            }
        }

        private void fail() throws SQLException {
            SQLException failure = scriptedFailure(sql);
            if (failure != null) {
                throw failure;
            }
        }

        private ResultSet findBySha() {
            long owner = (Long) parameters.get(1);
            String sha = (String) parameters.get(2);
            return rows(connection.visible().stream().filter(r -> r.ownerId() == owner && r.sha256().equals(sha))
                    .map(PhotoRow::id).toList());
        }

        private int insertPhoto() throws SQLException {
            if (!sql.startsWith(INSERT_PHOTO)) {
                throw new UnsupportedOperationException("executeUpdate of " + sql);
            }
            long owner = (Long) parameters.get(1);
            String sha = (String) parameters.get(8);
            if (connection.visible().stream().anyMatch(r -> r.ownerId() == owner && r.sha256().equals(sha))) {
                throw new SQLIntegrityConstraintViolationException(
                        "Duplicate entry ? for key 'uq_photos_owner_sha256'", "23000", 1062);
            }
            long id = ids.incrementAndGet();
            connection.insert(new PhotoRow(id, owner, (String) parameters.get(2), (String) parameters.get(4),
                    (Integer) parameters.get(5), (Integer) parameters.get(6), (Long) parameters.get(7), sha,
                    (Integer) parameters.get(9), (String) parameters.get(11), (String) parameters.get(12),
                    (String) parameters.get(13), (String) parameters.get(14), List.of(), 0));
            generatedKey = id;
            return 1;
        }

        private int[] executeBatch() {
            int[] counts = new int[batch.size()];
            for (int i = 0; i < batch.size(); i++) {
                Map<Integer, Object> row = batch.get(i);
                long photoId = (Long) row.get(1);
                PhotoRow photo = connection.pending.stream().filter(p -> p.id() == photoId).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no photo " + photoId + " in this transaction"));
                List<String> labels = new ArrayList<>(photo.labelRows());
                int faces = photo.faceRows();
                if (sql.startsWith(INSERT_LABELS)) {
                    labels.add((String) row.get(2));
                } else if (sql.startsWith(INSERT_FACES)) {
                    faces++;
                } else {
                    throw new UnsupportedOperationException("executeBatch of " + sql);
                }
                connection.replace(photo, new PhotoRow(photo.id(), photo.ownerId(), photo.originalName(),
                        photo.contentType(), photo.width(), photo.height(), photo.bytes(), photo.sha256(),
                        photo.faces(), photo.originalKey(), photo.displayKey(), photo.thumbnailKey(),
                        photo.uploadTraceId(), List.copyOf(labels), faces));
                counts[i] = 1;
            }
            batch.clear();
            return counts;
        }
    }

    /** A result set of one {@code long} column. */
    private static ResultSet rows(List<Long> values) {
        int[] at = {-1};
        return proxy(ResultSet.class, (proxy, method, args) -> {
            Object object = objectMethod(proxy, method, args, "FakeResultSet");
            if (object != null) {
                return object;
            }
            return switch (method.getName()) {
                case "next" -> ++at[0] < values.size();
                case "getLong" -> {
                    if ((Integer) args[0] != 1) {
                        throw new SQLException("one column only");
                    }
                    yield values.get(at[0]);
                }
                case "close" -> null;
                default -> throw unknown(method);
            };
        });
    }
}
