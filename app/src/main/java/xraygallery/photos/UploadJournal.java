package xraygallery.photos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
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
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    /**
     * One accepted photo.
     *
     * @param id also names the photo's objects, so a resumed upload overwrites its own earlier attempt
     */
    public record Entry(String id, long userId, String userName, String originalName, String description,
            Instant acceptedAt, int attempts, String lastError) {
        Entry withAttempt(String error) {
            return new Entry(id, userId, userName, originalName, description, acceptedAt, attempts + 1, error);
        }
    }

    /** Opens the journal in {@code dir}, removing half-accepted leftovers of a crash. */
    public UploadJournal(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                if (Files.isDirectory(child) && !Files.exists(child.resolve(ENTRY))) {
                    LOG.info("removing half-accepted upload {}", child.getFileName());
                    deleteTree(child);
                }
            }
        }
    }

    /** Copies {@code file} into the journal and records it as pending for {@code user}. */
    public Entry accept(User user, Path file, String originalName, String description, Instant now) throws IOException {
        String id = UUID.randomUUID().toString();
        Path entryDir = Files.createDirectories(dir.resolve(id));
        Path content = entryDir.resolve(CONTENT);
        Files.copy(file, content, StandardCopyOption.REPLACE_EXISTING);
        force(content);
        Entry entry = new Entry(id, user.id(), user.name(), originalName, description, now, 0, null);
        write(entry);
        return entry;
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
            deleteTree(entryDir);
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
                Path file = child.resolve(ENTRY);
                if (Files.isRegularFile(file)) {
                    entries.add(JSON.readValue(file.toFile(), Entry.class));
                }
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
        Files.write(temp, JSON.writeValueAsBytes(entry));
        force(temp);
        Files.move(temp, entryDir.resolve(ENTRY), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
