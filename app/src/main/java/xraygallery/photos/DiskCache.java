package xraygallery.photos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.cloud.PhotoStore;
import xraygallery.files.OwnerOnly;

/**
 * Copies of stored objects in a folder of the app's data, by key: a key never changes its content, so a cached
 * file is good for ever. Files appear whole (written aside, then renamed). When the folder grows past its bound,
 * the oldest files go until it is back under 80 % of it.
 */
final class DiskCache {
    private static final Logger LOG = LoggerFactory.getLogger(DiskCache.class);

    private final Path dir;
    private final long maxBytes;
    private long bytes = -1;

    DiskCache(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /** Where {@code key}'s copy is (or would be): keys like photos/12/uuid-thumb.jpg flattened to one safe name. */
    Path pathFor(String key) {
        return dir.resolve(key.replaceAll("[^A-Za-z0-9._-]", "_").toLowerCase(Locale.ROOT));
    }

    /** The cached copy of {@code key}, or null when there is none. */
    Path cached(String key) {
        Path path = pathFor(key);
        return Files.isRegularFile(path) ? path : null;
    }

    /** The cached copy of {@code key}, fetched from {@code store} first when missing. */
    Path fetch(String key, PhotoStore store) throws IOException {
        Path cached = pathFor(key);
        if (Files.isRegularFile(cached)) {
            return cached;
        }
        return write(key, out -> {
            try (InputStream in = store.open(key)) {
                in.transferTo(out);
            }
        });
    }

    /** Keeps {@code content} as {@code key}'s copy (what was just stored under that key). */
    Path put(String key, byte[] content) throws IOException {
        return write(key, out -> out.write(content));
    }

    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code key}'s copy aside, then moves it in whole. */
    private Path write(String key, Content content) throws IOException {
        Path cached = pathFor(key);
        OwnerOnly.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "fetch", ".part"); // 0600, kept by the copy and the move
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                content.writeTo(out);
            }
            long size = Files.size(temp);
            Files.move(temp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            added(size);
        } finally {
            Files.deleteIfExists(temp);
        }
        return cached;
    }

    void remove(String key) throws IOException {
        Files.deleteIfExists(pathFor(key));
    }

    private synchronized void added(long size) {
        if (bytes < 0) {
            bytes = folderSize();
        } else {
            bytes += size;
        }
        if (bytes > maxBytes) {
            evict();
        }
    }

    private long folderSize() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(DiskCache::sizeOf).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private void evict() {
        record Entry(Path path, FileTime modified, long size) {
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> !p.getFileName().toString().endsWith(".part")).forEach(p -> {
                try {
                    entries.add(new Entry(p, Files.getLastModifiedTime(p), Files.size(p)));
                } catch (IOException e) {
                    // gone meanwhile
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot list the cache {}: {}", dir, e.toString());
            return;
        }
        entries.sort(Comparator.comparing(Entry::modified));
        long total = entries.stream().mapToLong(Entry::size).sum();
        long target = maxBytes * 8 / 10;
        int removed = 0;
        for (Entry entry : entries) {
            if (total <= target) {
                break;
            }
            try {
                Files.deleteIfExists(entry.path());
                total -= entry.size();
                removed++;
            } catch (IOException e) {
                LOG.debug("cannot evict {}: {}", entry.path(), e.toString());
            }
        }
        bytes = total;
        LOG.debug("evicted {} files from {}", removed, dir);
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
