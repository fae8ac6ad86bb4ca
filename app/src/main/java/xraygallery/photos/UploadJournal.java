package xraygallery.photos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.files.FileTrees;
import xraygallery.files.OwnerOnly;

/**
 * Photos accepted for upload but not yet saved. Accepting copies the file into the journal (so a
 * photo the user moves or deletes meanwhile is not lost) and writes its entry last, as the commit;
 * an entry leaves the journal only when the photo is saved, skipped, or refused for good. After a
 * crash, or while the database is stopped, entries stay here and are resumed later.
 */
public final class UploadJournal {
    private static final Logger LOG = LoggerFactory.getLogger(UploadJournal.class);
    private static final String ENTRY = "entry.json";
    private static final String CONTENT = "content";
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Path dir;

    /** Journal ids name folders: letters, digits and dashes only (UUIDs). */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    /**
     * One accepted photo.
     *
     * @param id also names the photo's objects, so a resumed upload overwrites its own earlier attempt
     * @param sourcePath where the file was picked from (for a retry from the original), or null if not known
     */
    public record Entry(String id, long userId, String userName, String originalName, String description,
            Instant acceptedAt, int attempts, String lastError, String sourcePath) {
        Entry withAttempt(String error) {
            return new Entry(id, userId, userName, originalName, description, acceptedAt, attempts + 1, error,
                    sourcePath);
        }
    }

    /** Opens the journal in {@code dir}, removing half-accepted leftovers of a crash. */
    public UploadJournal(Path dir) throws IOException {
        this.dir = OwnerOnly.createDirectories(dir); // photos waiting to be saved: the owner's only
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                if (Files.isDirectory(child) && !Files.exists(child.resolve(ENTRY))) {
                    LOG.info("removing half-accepted upload {}", child.getFileName());
                    FileTrees.deleteTree(child);
                }
            }
        }
    }

    /** Copies {@code file} into the journal under a new id and records it as pending for {@code user}. */
    public Entry accept(User user, Path file, String originalName, String description, Instant now) throws IOException {
        return accept(UUID.randomUUID().toString(), user, file, originalName, description, now);
    }

    /**
     * Copies {@code file} into the journal under {@code id} and records it as pending for {@code user}. If the copy
     * fails, nothing of it is left.
     */
    public Entry accept(String id, User user, Path file, String originalName, String description, Instant now)
            throws IOException {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("bad journal id " + id);
        }
        Path entryDir = OwnerOnly.createDirectories(dir.resolve(id));
        try {
            Path content = entryDir.resolve(CONTENT);
            Files.deleteIfExists(content);
            Files.createFile(content, OwnerOnly.fileAttributes(content));
            try (InputStream in = Files.newInputStream(file); OutputStream out = Files.newOutputStream(content)) {
                in.transferTo(out);
            }
            force(content);
            Entry entry = new Entry(id, user.id(), user.name(), originalName, description, now, 0, null,
                    file.toAbsolutePath().toString());
            write(entry);
            return entry;
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteTree(entryDir);
            throw e;
        }
    }

    /** The pending entry {@code id}, if it is still in the journal. */
    public Optional<Entry> find(String id) {
        if (!ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return read(dir.resolve(id).resolve(ENTRY));
    }

    /** An entry file, or empty when there is none (never written, or completed while we looked). */
    private static Optional<Entry> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), Entry.class));
        } catch (IOException e) {
            if (!Files.exists(file)) {
                return Optional.empty(); // completed meanwhile
            }
            throw new UncheckedIOException("unreadable upload journal entry " + file, e);
        }
    }

    /** The journal's copy of the photo's bytes. */
    public Path content(Entry entry) {
        return dir.resolve(entry.id()).resolve(CONTENT);
    }

    /** Records a failed attempt that left the entry pending. */
    public Entry recordAttempt(Entry entry, String error) {
        Entry updated = entry.withAttempt(error);
        try {
            write(updated);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return updated;
    }

    /** Removes a finished entry (saved, skipped, or refused for good). */
    public void complete(Entry entry) {
        try {
            Path entryDir = dir.resolve(entry.id());
            Files.deleteIfExists(entryDir.resolve(ENTRY));
            FileTrees.deleteTree(entryDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pending entries of one user, oldest first. */
    public List<Entry> pending(long userId) {
        return all().stream().filter(e -> e.userId() == userId).toList();
    }

    /** Every pending entry, oldest first. */
    public List<Entry> all() {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                read(child.resolve(ENTRY)).ifPresent(entries::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        entries.sort(Comparator.comparing(Entry::acceptedAt).thenComparing(Entry::id));
        return entries;
    }

    private void write(Entry entry) throws IOException {
        Path entryDir = dir.resolve(entry.id());
        Path temp = entryDir.resolve(ENTRY + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, OwnerOnly.fileAttributes(temp));
        Files.write(temp, JSON.writeValueAsBytes(entry));
        force(temp);
        Files.move(temp, entryDir.resolve(ENTRY), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }
}
