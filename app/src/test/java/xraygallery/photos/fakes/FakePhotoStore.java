package xraygallery.photos.fakes;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import xraygallery.cloud.PhotoStore;

/**
 * A {@link PhotoStore} in memory: objects by key, every put and delete recorded, and failures scripted per call
 * ({@link #failPuts}, {@link #failDeletes}) the way {@code S3PhotoStore} reports them ({@link StorageException}s
 * that say whether a retry may work).
 */
public final class FakePhotoStore implements PhotoStore {
    private final String bucket;
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final Map<String, String> contentTypes = new ConcurrentHashMap<>();
    private final List<String> puts = Collections.synchronizedList(new ArrayList<>());
    private final List<String> deletes = Collections.synchronizedList(new ArrayList<>());
    /** What the next puts do: null stores, an exception is thrown instead. */
    private final ConcurrentLinkedQueue<Function<String, RuntimeException>> putScript = new ConcurrentLinkedQueue<>();
    private volatile boolean deletesFail;
    private volatile int ensureExistsCalls;

    public FakePhotoStore(String bucket) {
        this.bucket = bucket;
    }

    public FakePhotoStore() {
        this("fake-photos");
    }

    /**
     * The next {@code count} puts fail with a {@link StorageException} ({@code retryable}: a 503 or a lost
     * connection; not: a 403), after {@code succeedFirst} puts that succeed.
     */
    public FakePhotoStore failPuts(int succeedFirst, int count, boolean retryable) {
        for (int i = 0; i < succeedFirst; i++) {
            putScript.add(key -> null);
        }
        for (int i = 0; i < count; i++) {
            putScript.add(key -> new StorageException("S3 PutObject of " + key + " failed: "
                    + (retryable ? "503 SlowDown" : "403 AccessDenied"), retryable, null));
        }
        return this;
    }

    /** Deletes fail (S3 unreachable) until called with false. */
    public FakePhotoStore failDeletes(boolean fail) {
        this.deletesFail = fail;
        return this;
    }

    /** The keys stored now, sorted. */
    public Set<String> keys() {
        return new TreeSet<>(objects.keySet());
    }

    public byte[] bytes(String key) {
        return objects.get(key);
    }

    public String contentType(String key) {
        return contentTypes.get(key);
    }

    /** Every key put successfully, in order (a key put twice is listed twice). */
    public List<String> puts() {
        synchronized (puts) {
            return List.copyOf(puts);
        }
    }

    /** Every key a delete was asked for, in order (failed deletes included). */
    public List<String> deletes() {
        synchronized (deletes) {
            return List.copyOf(deletes);
        }
    }

    public int ensureExistsCalls() {
        return ensureExistsCalls;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public void ensureExists() {
        ensureExistsCalls++;
    }

    @Override
    public void put(String key, Path file, String contentType) {
        try {
            put(key, Files.readAllBytes(file), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        Function<String, RuntimeException> next = putScript.poll();
        RuntimeException failure = next == null ? null : next.apply(key);
        if (failure != null) {
            throw failure;
        }
        objects.put(key, bytes.clone());
        contentTypes.put(key, contentType);
        puts.add(key);
    }

    @Override
    public InputStream open(String key) {
        byte[] bytes = objects.get(key);
        if (bytes == null) {
            throw new PhotoNotFoundException(key);
        }
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public void delete(String key) {
        deletes.add(key);
        if (deletesFail) {
            throw new StorageException("S3 DeleteObject of " + key + " failed: connection refused", true, null);
        }
        objects.remove(key);
        contentTypes.remove(key);
    }

    @Override
    public boolean exists(String key) {
        return objects.containsKey(key);
    }

    @Override
    public URI presignedGet(String key, Duration validFor) {
        return URI.create("http://fake-s3.invalid/" + bucket + "/" + key + "?expires=" + validFor.toSeconds());
    }
}
