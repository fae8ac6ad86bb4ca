package xraygallery.daemon.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.daemon.LogThrottle;
import xraygallery.files.OwnerOnly;

/**
 * The documents of one-document traces, kept outside the database: appended to numbered files
 * ({@code bodies/00000001.bodies}, ...) that a {@code traces} row points into with a reference ({@link #ref}: file
 * number and offset) and a length. Only appended to and deleted whole; a new file is started once the current one
 * holds {@link #rollBytes} (it may pass it by one batch).
 *
 * <p>The writer's thread appends a batch ({@link #beginBatch}, {@link #append}, {@link #writeBatch}, or
 * {@link #abortBatch}) before it commits the rows that point to it, and deletes files; the checkpoint thread
 * {@link #force forces} what was written; any thread {@link #read reads}, through one shared read-only channel per
 * file (positional reads), apart from the writer's, opened as soon as the file is known, so that files deleted
 * under the running daemon still read. A body that cannot be read (its file gone before the start, or cut short,
 * say after a power loss) reads as absent and is logged, at most once every 10 s.
 */
final class BodyFiles implements AutoCloseable {
    static final String DIR_NAME = "bodies";
    /** Files are started anew past this size (unless {@link #fitTo a small store} asks for less). */
    static final long ROLL_BYTES = 64L << 20;
    private static final long MIN_ROLL_BYTES = 64L << 10;
    private static final String SUFFIX = ".bodies";
    private static final int BUFFER_BYTES = 2 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(BodyFiles.class);

    private final Path dir;
    /** Read-only channels by file number. */
    private final ConcurrentHashMap<Integer, FileChannel> channels = new ConcurrentHashMap<>();
    /** Channels the writer rolled away from, to be forced once more and closed. */
    private final Queue<FileChannel> rolledUnforced = new ConcurrentLinkedQueue<>();
    private final LogThrottle unreadableLog = new LogThrottle(10_000_000_000L);
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final long maxRollBytes;
    private volatile boolean closed;
    // the writer's thread only, but for the channel the checkpoint thread forces
    private long rollBytes;
    private int current;
    private volatile FileChannel writing;
    private long end;
    private long batchStart;

    private BodyFiles(Path dir, long rollBytes, int lastOnDisk) {
        if (rollBytes <= 0 || rollBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("body files roll between 1 byte and 2 GiB, not " + rollBytes);
        }
        this.dir = dir;
        this.maxRollBytes = rollBytes;
        this.rollBytes = rollBytes;
        this.current = lastOnDisk + 1;
    }

    /** The body files in {@code dir} (created owner-only if missing); new bodies go to a new file. */
    static BodyFiles open(Path dir, long rollBytes) throws IOException {
        OwnerOnly.createDirectories(dir);
        return new BodyFiles(dir, rollBytes, numbersOnDisk(dir).stream().mapToInt(Integer::intValue).max().orElse(0));
    }

    private static List<Integer> numbersOnDisk(Path dir) throws IOException {
        List<Integer> numbers = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(SUFFIX)) {
                    try {
                        numbers.add(Integer.parseInt(name.substring(0, name.length() - SUFFIX.length())));
                    } catch (NumberFormatException e) {
                        // not one of ours
                    }
                }
            }
        }
        return numbers;
    }

    Path dir() {
        return dir;
    }

    Path path(int file) {
        return dir.resolve(String.format("%08d%s", file, SUFFIX));
    }

    static long ref(int file, long offset) {
        return (long) file << 32 | offset;
    }

    static int fileOf(long ref) {
        return (int) (ref >>> 32);
    }

    /**
     * At open, with the files the database lists: a file on disk it does not list holds no body any row points to
     * (its rows were never committed, or were deleted), so it is deleted; new bodies go to a file numbered after
     * every file either knows, so that a number is never reused for different bytes. The listed files are opened
     * for reading.
     */
    void resume(Collection<Integer> listed) throws IOException {
        for (int file : numbersOnDisk(dir)) {
            if (listed.contains(file)) {
                openForReadingNow(file);
            } else {
                LOG.info("deleting {}: no stored trace points into it", path(file));
                delete(file);
            }
        }
        current = Math.max(current, listed.stream().mapToInt(Integer::intValue).max().orElse(0) + 1);
    }

    /**
     * Starts files anew at {@code storeBytes / 16} (at least 64 KiB) when that is less than the configured size:
     * a file is deleted once no row points into it, so a small store should not keep a large one half dead.
     */
    void fitTo(long storeBytes) {
        rollBytes = Math.min(maxRollBytes, Math.max(MIN_ROLL_BYTES, storeBytes / 16));
    }

    /** Starts a batch: a full current file is left for a new one. */
    void beginBatch() {
        buffer.clear();
        if (writing != null && (end >= rollBytes || !writing.isOpen())) {
            roll(); // or closed under the writer (its thread interrupted in a write): what it holds stays readable
        }
        batchStart = end;
    }

    /** Adds {@code body} to the batch; returns its reference, which is valid once {@link #writeBatch} returned. */
    long append(byte[] body) throws IOException {
        if (writing == null) {
            createCurrent();
        }
        if (body.length > buffer.remaining()) {
            writeBuffer();
            if (body.length > buffer.capacity()) {
                long ref = ref(current, end);
                write(ByteBuffer.wrap(body));
                return ref;
            }
        }
        long ref = ref(current, end + buffer.position());
        buffer.put(body);
        return ref;
    }

    /** Drops the body {@link #append} just added, when it is still in the batch's buffer (else its bytes go unused). */
    void takeBack(long ref, int length) {
        long offset = ref & 0xffff_ffffL;
        if (fileOf(ref) == current && offset >= end && offset - end + length == buffer.position()) {
            buffer.position((int) (offset - end));
        }
    }

    /** Writes the batch's bodies; they are readable, and rows may point to them, once this returns. */
    void writeBatch() throws IOException {
        writeBuffer();
    }

    /** Forgets the batch: the current file goes back to its length before it (bytes past that are never read). */
    void abortBatch() {
        buffer.clear();
        if (writing != null && end > batchStart) {
            try {
                writing.truncate(batchStart);
            } catch (IOException e) {
                LOG.debug("cutting {} back to {} bytes failed: {}", path(current), batchStart, e.toString());
            }
        }
        end = batchStart; // later batches write over what is left
    }

    /** The file the batch goes to. */
    int currentFile() {
        return current;
    }

    /** Bytes in the current file, the batch's included. */
    long currentEnd() {
        return end;
    }

    private void createCurrent() throws IOException {
        Path path = path(current);
        FileChannel channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                OwnerOnly.fileAttributes(path));
        end = channel.size();
        batchStart = end;
        writing = channel;
        openForReadingNow(current);
    }

    /**
     * Files are opened for reading as soon as they are known (at start, or created), not when first read, so that a
     * store whose files are deleted under the running daemon goes on answering from them, as SQLite does.
     */
    private void openForReadingNow(int file) throws IOException {
        try {
            channels.computeIfAbsent(file, this::openForReading);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void writeBuffer() throws IOException {
        buffer.flip();
        try {
            write(buffer);
        } finally {
            buffer.clear();
        }
    }

    private void write(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            end += writing.write(bytes, end);
        }
    }

    private void roll() {
        rolledUnforced.add(writing);
        writing = null;
        current++;
        end = 0;
    }

    /** On the checkpoint thread: puts what was written to the current (and any just-rolled) file on disk. */
    void force() {
        for (FileChannel rolled; (rolled = rolledUnforced.poll()) != null; ) {
            forceQuietly(rolled);
            try {
                rolled.close();
            } catch (IOException e) {
                LOG.debug("closing a body file failed: {}", e.toString());
            }
        }
        FileChannel channel = writing;
        if (channel != null) {
            forceQuietly(channel);
        }
    }

    private void forceQuietly(FileChannel channel) {
        try {
            channel.force(false);
        } catch (IOException e) { // closed meanwhile (deleted by retention, or at close), or a failing disk
            if (channel.isOpen()) {
                LOG.warn("putting trace bodies on disk failed: {}", e.toString());
            }
        }
    }

    /** {@code length} bytes at {@code ref}, or null (logged) if they cannot be read. Any thread. */
    byte[] read(long ref, int length) {
        int file = fileOf(ref);
        long offset = ref & 0xffff_ffffL;
        try {
            ByteBuffer bytes = ByteBuffer.allocate(length);
            for (int attempt = 1; bytes.hasRemaining(); attempt++) {
                FileChannel channel = channels.computeIfAbsent(file, this::openForReading);
                try {
                    if (channel.read(bytes, offset + bytes.position()) < 0) {
                        return unreadable(file, offset, length, "the file ends at " + (offset + bytes.position()));
                    }
                } catch (ClosedChannelException e) {
                    // deleted by retention, or closed by a reading thread's interrupt: open it again, once
                    channels.remove(file, channel);
                    if (attempt > 1 || closed) {
                        throw e;
                    }
                }
            }
            byte[] body = bytes.array();
            if (length > 0 && (body[0] == 0 || body[length - 1] == 0)) {
                return unreadable(file, offset, length, "zeros where the document was"); // a write a crash lost
            }
            return body;
        } catch (UncheckedIOException e) {
            return unreadable(file, offset, length, e.getCause() instanceof NoSuchFileException
                    ? "no such file" : e.getCause().toString());
        } catch (IOException e) {
            return unreadable(file, offset, length, e.toString());
        }
    }

    private FileChannel openForReading(int file) {
        if (closed) {
            throw new UncheckedIOException(new IOException("the body files are closed"));
        }
        try {
            return FileChannel.open(path(file), StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] unreadable(int file, long offset, int length, String why) {
        long heldBack = unreadableLog.pass();
        if (heldBack >= 0) {
            LOG.warn("a stored trace document ({} bytes at {} in {}) cannot be read: {}; it is left out{}", length,
                    offset, path(file), why, heldBack > 0 ? " (and " + heldBack + " more since the last message)"
                            : "");
        }
        return null;
    }

    /** Deletes a file (a new one is started if it is the current one); readers of it find nothing. */
    void delete(int file) throws IOException {
        if (file == current && writing != null) {
            roll();
        }
        closeChannel(file);
        Files.deleteIfExists(path(file));
        closeChannel(file); // a reader may have opened it meanwhile
    }

    private void closeChannel(int file) {
        FileChannel channel = channels.remove(file);
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing {} failed: {}", path(file), e.toString());
            }
        }
    }

    /** Forces what was written and closes every file. */
    @Override
    public void close() {
        closed = true;
        FileChannel channel = writing;
        if (channel != null) {
            rolledUnforced.add(channel);
            writing = null;
        }
        force();
        for (Integer file : List.copyOf(channels.keySet())) {
            closeChannel(file);
        }
    }
}
