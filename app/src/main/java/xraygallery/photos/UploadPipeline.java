package xraygallery.photos;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.cloud.CloudCallException;
import xraygallery.cloud.Labeler;
import xraygallery.cloud.Labeler.Labels;
import xraygallery.cloud.PhotoStore;
import xraygallery.photos.UploadEvent.Stage;
import xraygallery.photos.UploadJournal.Entry;

/**
 * Uploads photos, each one user action and one trace: validate → {@code resize_image} → S3
 * PutObject of the original, the display copy and the thumbnail → Rekognition on the display copy
 * → one database transaction for the photo, its labels and faces. Files run in parallel up to a
 * bound, so one file's upload overlaps another's resize.
 *
 * <p>Nothing accepted is lost: a file is copied into the {@link UploadJournal} before its work
 * starts and leaves it only when saved, skipped as a duplicate, or refused for good. When the
 * database is unavailable, or S3 or Rekognition fail in a way that may pass, the file stays
 * pending (its stored objects are removed) and {@link #resume} picks it up later. No row ever
 * points at a missing object: objects are stored before the row is committed and removed again
 * when it is not.
 */
public final class UploadPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UploadPipeline.class);
    /** After this many failed attempts with unexpected errors a pending file is given up. */
    static final int MAX_ATTEMPTS = 5;

    private final PhotoStore store;
    private final Labeler labeler;
    private final GalleryDatabase database;
    private final UploadJournal journal;
    private final ActionTracing tracing;
    private final PhotoInspector inspector = new PhotoInspector();
    private final PhotoResizer resizer = new PhotoResizer();
    private final Clock clock;
    private final ExecutorService workers;
    private final java.util.concurrent.atomic.AtomicBoolean bucketChecked = new java.util.concurrent.atomic.AtomicBoolean();

    public UploadPipeline(PhotoStore store, Labeler labeler, GalleryDatabase database, UploadJournal journal,
            ActionTracing tracing, int parallelism, Clock clock) {
        this.store = store;
        this.labeler = labeler;
        this.database = database;
        this.journal = journal;
        this.tracing = tracing;
        this.clock = clock;
        AtomicInteger ids = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(parallelism, r -> {
            Thread thread = new Thread(r, "upload-" + ids.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Accepts {@code files} for {@code user} and starts their uploads. Files that are not photos
     * we take are refused at once (a FAILED result); the others are journaled first.
     */
    public List<CompletableFuture<UploadResult>> upload(User user, List<Path> files, Consumer<UploadEvent> listener) {
        List<CompletableFuture<UploadResult>> results = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
            try {
                inspector.inspect(file);
                Entry entry = journal.accept(user, file, name, null, clock.instant());
                listener.accept(new UploadEvent(name, Stage.QUEUED, 0, null));
                results.add(CompletableFuture.supplyAsync(() -> process(user, entry, listener), workers));
            } catch (PhotoInspector.InvalidPhotoException e) {
                results.add(CompletableFuture.completedFuture(finish(listener, name, Stage.FAILED, e.getMessage(), null, null)));
            } catch (NoSuchFileException e) {
                results.add(CompletableFuture.completedFuture(
                        finish(listener, name, Stage.FAILED, "The file does not exist.", null, null)));
            } catch (IOException e) {
                results.add(CompletableFuture.completedFuture(
                        finish(listener, name, Stage.FAILED, "The file cannot be read: " + e.getMessage(), null, null)));
            }
        }
        return results;
    }

    /** Starts again every pending upload of {@code user}. */
    public List<CompletableFuture<UploadResult>> resume(User user, Consumer<UploadEvent> listener) {
        return journal.pending(user.id()).stream()
                .map(entry -> CompletableFuture.supplyAsync(() -> process(user, entry, listener), workers))
                .toList();
    }

    /** How many of {@code user}'s uploads wait in the journal. */
    public int pendingCount(User user) {
        return journal.pending(user.id()).size();
    }

    private UploadResult process(User user, Entry entry, Consumer<UploadEvent> listener) {
        String name = entry.originalName();
        AtomicReference<String> traceId = new AtomicReference<>();
        try {
            return tracing.action("upload", user.name(), () -> {
                traceId.set(tracing.currentTraceId());
                return attempt(user, entry, listener);
            });
        } catch (PhotoInspector.InvalidPhotoException e) {
            journal.complete(entry);
            return finish(listener, name, Stage.FAILED, e.getMessage(), null, traceId.get());
        } catch (GalleryDatabase.DatabaseUnavailableException e) {
            journal.recordAttempt(entry, e.getMessage());
            return finish(listener, name, Stage.PENDING, e.getMessage(), null, traceId.get());
        } catch (CloudCallException e) {
            return giveUpOrKeep(entry, listener, e.getMessage(), traceId.get(), !e.isRetryable());
        } catch (IOException | RuntimeException e) {
            LOG.warn("upload of {} failed", name, e);
            return giveUpOrKeep(entry, listener, "Upload failed: " + e, traceId.get(), false);
        }
    }

    private UploadResult giveUpOrKeep(Entry entry, Consumer<UploadEvent> listener, String message, String traceId,
            boolean permanent) {
        Entry updated = journal.recordAttempt(entry, message);
        if (permanent || updated.attempts() >= MAX_ATTEMPTS) {
            journal.complete(entry);
            return finish(listener, entry.originalName(), Stage.FAILED, message, null, traceId);
        }
        return finish(listener, entry.originalName(), Stage.PENDING, message + " (will retry)", null, traceId);
    }

    private UploadResult attempt(User user, Entry entry, Consumer<UploadEvent> listener) throws IOException {
        String name = entry.originalName();
        Path content = journal.content(entry);
        PhotoInfo info = tracing.step("validate", () -> inspector.inspect(content));
        // what "why are some uploads slow?" compares: sizes and formats, never names or content
        tracing.annotate("format", info.format().name().toLowerCase(java.util.Locale.ROOT));
        tracing.annotate("megapixels", Math.round(info.width() * (double) info.height() / 100_000.0) / 10.0);
        tracing.annotate("bytes", info.bytes());
        String sha256 = sha256(content);
        Optional<Long> existing = database.inTransaction(c -> PhotoRepository.findBySha256(c, user.id(), sha256));
        if (existing.isPresent()) {
            journal.complete(entry);
            return finish(listener, name, Stage.SKIPPED, "Already in your gallery (photo " + existing.get() + ").",
                    existing.get(), tracing.currentTraceId());
        }
        listener.accept(new UploadEvent(name, Stage.RESIZING, 0, null));
        PhotoResizer.Resized resized = tracing.step("resize_image", () -> resizer.resize(content, info));
        PhotoKeys keys = PhotoKeys.of(user.id(), entry.id(), info.format());
        if (!bucketChecked.get()) {
            store.ensureExists();
            bucketChecked.set(true);
        }
        try {
            listener.accept(new UploadEvent(name, Stage.UPLOADING, 0, null));
            long total = info.bytes() + resized.display().length + resized.thumbnail().length;
            store.put(keys.original(), content, info.format().contentType());
            listener.accept(new UploadEvent(name, Stage.UPLOADING, percent(info.bytes(), total), null));
            store.put(keys.display(), resized.display(), "image/jpeg");
            listener.accept(new UploadEvent(name, Stage.UPLOADING,
                    percent(info.bytes() + resized.display().length, total), null));
            store.put(keys.thumbnail(), resized.thumbnail(), "image/jpeg");
            listener.accept(new UploadEvent(name, Stage.UPLOADING, 100, null));

            listener.accept(new UploadEvent(name, Stage.LABELLING, 0, null));
            Labels labels = labeler.detect(store.bucket(), keys.display());
            tracing.annotate("labels", labels.labels().size());
            tracing.annotate("faces", labels.faces().size());

            listener.accept(new UploadEvent(name, Stage.SAVING, 0, null));
            Photo photo = new Photo(0, user.id(), name, entry.description(), info.format().contentType(),
                    info.swapsSides() ? info.height() : info.width(), info.swapsSides() ? info.width() : info.height(),
                    info.bytes(), sha256, labels.faces().size(), clock.instant(),
                    keys.original(), keys.display(), keys.thumbnail(), tracing.currentTraceId());
            long id;
            try {
                id = database.inTransaction(c -> PhotoRepository.insert(c, photo, labels));
            } catch (GalleryException e) {
                if (e.getCause() instanceof SQLIntegrityConstraintViolationException) {
                    // the same bytes were saved meanwhile by a parallel upload
                    keys.removeFrom(store);
                    journal.complete(entry);
                    return finish(listener, name, Stage.SKIPPED, "Already in your gallery.", null, tracing.currentTraceId());
                }
                throw e;
            }
            journal.complete(entry);
            return finish(listener, name, Stage.DONE, null, id, tracing.currentTraceId());
        } catch (RuntimeException e) {
            keys.removeFrom(store);
            throw e;
        }
    }

    private static UploadResult finish(Consumer<UploadEvent> listener, String name, Stage stage, String message,
            Long photoId, String traceId) {
        listener.accept(new UploadEvent(name, stage, stage == Stage.DONE ? 100 : 0, message));
        return new UploadResult(name, stage, message, photoId, traceId);
    }

    private static int percent(long part, long total) {
        return (int) Math.min(100, part * 100 / Math.max(1, total));
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Stops taking work; uploads under way finish, the rest stay in the journal. */
    @Override
    public void close() {
        workers.shutdown();
    }
}
