package xraygallery.photos;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.cloud.CloudCallException;
import xraygallery.cloud.Labeler;
import xraygallery.cloud.Labeler.Label;
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
 * <p>Every file gets an id when it is handed in, which all its {@link UploadEvent}s carry (and its
 * journal entry, and a retry). Accepting a file (inspecting it and copying it into the journal)
 * runs on the caller's thread, one file after the other, each file's work starting as soon as it
 * is accepted: callers with a UI call {@link #upload} off the UI thread. Files that are not photos
 * we take (or not there, or unreadable) are refused at once with the reason, the others go on.
 *
 * <p>Nothing accepted is lost: a file is copied into the {@link UploadJournal} before its work
 * starts and leaves it only when saved, skipped as a duplicate, refused for good, or cancelled
 * before it started. When the database is unavailable, or S3 or Rekognition fail in a way that may
 * pass, the file stays pending (its stored objects are removed) and {@link #resume} picks it up
 * later. No row ever points at a missing object: objects are stored before the row is committed
 * and removed again when it is not.
 */
public final class UploadPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UploadPipeline.class);
    /** After this many failed attempts with unexpected errors a pending file is given up. */
    static final int MAX_ATTEMPTS = 5;
    /** How many failed files {@link #retry} remembers the original of (the oldest are forgotten first). */
    static final int REMEMBERED_FAILURES = 10_000;

    private final PhotoStore store;
    private final LocalCopies localCopies;
    private final Labeler labeler;
    private final GalleryDatabase database;
    private final UploadJournal journal;
    private final ActionTracing tracing;
    private final PhotoInspector inspector = new PhotoInspector();
    private final PhotoResizer resizer = new PhotoResizer();
    private final Clock clock;
    private final ExecutorService workers;
    private final AtomicBoolean bucketChecked = new AtomicBoolean();
    private volatile boolean closing;
    /** Files handed in and not yet ended, by upload id. */
    private final ConcurrentHashMap<String, Job> jobs = new ConcurrentHashMap<>();
    /** Files that failed, by upload id, for {@link #retry}. */
    private final Map<String, Failure> failures = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failure> eldest) {
            return size() > REMEMBERED_FAILURES;
        }
    });

    public UploadPipeline(PhotoStore store, Labeler labeler, GalleryDatabase database, UploadJournal journal,
            ActionTracing tracing, int parallelism, Clock clock) {
        this(store, labeler, database, journal, tracing, parallelism, clock, LocalCopies.NONE);
    }

    /** As above, leaving each new photo's thumbnail and display copy in {@code localCopies}. */
    UploadPipeline(PhotoStore store, Labeler labeler, GalleryDatabase database, UploadJournal journal,
            ActionTracing tracing, int parallelism, Clock clock, LocalCopies localCopies) {
        this.localCopies = localCopies;
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
     * Hands {@code files} in for {@code user}: each gets an id and a VALIDATING event at once, then each in
     * turn is accepted (QUEUED, and its upload starts) or refused (FAILED with the reason). Returns when all
     * are accepted or refused, not when they are uploaded: the futures tell that.
     */
    public List<CompletableFuture<UploadResult>> upload(User user, List<Path> files, Consumer<UploadEvent> listener) {
        List<Job> batch = new ArrayList<>(files.size());
        for (Path file : files) {
            Job job = new Job(UUID.randomUUID().toString(), user, nameOf(file), file, listener);
            jobs.put(job.id, job);
            job.emit(Stage.VALIDATING, 0, null);
            batch.add(job);
        }
        for (Job job : batch) {
            accept(job);
        }
        return batch.stream().map(job -> job.result).toList();
    }

    /** The uploads of {@code user} waiting in the journal (after a crash, an outage, or still queued), oldest first. */
    public List<Entry> pending(User user) {
        return journal.pending(user.id());
    }

    /** How many of {@code user}'s uploads wait in the journal. */
    public int pendingCount(User user) {
        return journal.pending(user.id()).size();
    }

    /**
     * Starts again every pending upload of {@code user} (each gets a QUEUED event); those already under way in
     * this process are not started twice (their futures are returned).
     */
    public List<CompletableFuture<UploadResult>> resume(User user, Consumer<UploadEvent> listener) {
        List<CompletableFuture<UploadResult>> results = new ArrayList<>();
        for (Entry entry : journal.pending(user.id())) {
            CompletableFuture<UploadResult> result = resume(user, entry, listener);
            if (result != null) {
                results.add(result);
            }
        }
        return results;
    }

    /**
     * Tries one file again, under the same id: a pending file is resumed now; a failed one is handed in again
     * from where it was picked, if it is still there (else a FAILED event says it is gone). A file under way is
     * left alone (its future is returned).
     */
    public CompletableFuture<UploadResult> retry(User user, String uploadId, Consumer<UploadEvent> listener) {
        Job running = jobs.get(uploadId);
        if (running != null) {
            return running.result;
        }
        Optional<Entry> pending = journal.find(uploadId).filter(entry -> entry.userId() == user.id());
        if (pending.isPresent()) {
            CompletableFuture<UploadResult> resumed = resume(user, pending.get(), listener);
            if (resumed != null) {
                return resumed;
            }
        }
        Failure failure = failures.get(uploadId);
        if (failure == null || failure.userId() != user.id()) {
            Job unknown = new Job(uploadId, user, uploadId, null, listener);
            return CompletableFuture.completedFuture(finish(unknown, Stage.FAILED,
                    "This file can no longer be retried here; add it again.", null, null));
        }
        Job job = new Job(uploadId, user, failure.name(), failure.source(), listener);
        if (!Files.isRegularFile(failure.source())) {
            return CompletableFuture.completedFuture(finish(job, Stage.FAILED,
                    "The file is no longer at " + failure.source() + "; add it again from where it is now.", null, null));
        }
        Job other = jobs.putIfAbsent(uploadId, job);
        if (other != null) {
            return other.result;
        }
        failures.remove(uploadId);
        job.emit(Stage.VALIDATING, 0, null);
        accept(job);
        return job.result;
    }

    /**
     * Cancels a file not yet started (still being accepted, or queued): it leaves the journal and ends
     * CANCELLED. Returns false when it has started or ended, or is not known.
     */
    public boolean cancel(String uploadId) {
        Job job = jobs.get(uploadId);
        if (job == null) {
            return false;
        }
        Entry entry;
        synchronized (job) {
            if (job.state != State.WAITING && job.state != State.QUEUED) {
                return false;
            }
            entry = job.entry;
            job.state = State.ENDED;
            job.emit(Stage.CANCELLED, 0, "Cancelled before it started.");
        }
        if (entry != null) {
            journal.complete(entry);
        }
        jobs.remove(uploadId, job);
        failures.remove(uploadId);
        job.result.complete(new UploadResult(job.id, job.name, Stage.CANCELLED, "Cancelled before it started.", null, null));
        return true;
    }

    /** Queues an entry from the journal; null when it left the journal meanwhile. */
    private CompletableFuture<UploadResult> resume(User user, Entry entry, Consumer<UploadEvent> listener) {
        Job job = new Job(entry.id(), user, entry.originalName(),
                entry.sourcePath() == null ? null : Path.of(entry.sourcePath()), listener);
        Job running = jobs.putIfAbsent(job.id, job);
        if (running != null) {
            return running.result;
        }
        Optional<Entry> current = journal.find(entry.id());
        if (current.isEmpty()) {
            jobs.remove(job.id, job); // it ended between the listing and now
            return null;
        }
        synchronized (job) {
            job.entry = current.get();
            job.state = State.QUEUED;
            job.emit(Stage.QUEUED, 0, null);
        }
        schedule(job);
        return job.result;
    }

    private void accept(Job job) {
        synchronized (job) {
            if (job.state != State.WAITING) {
                return; // cancelled
            }
        }
        Entry entry;
        try {
            inspector.inspect(job.source);
            entry = journal.accept(job.id, job.user, job.source, job.name, null, clock.instant());
        } catch (PhotoInspector.InvalidPhotoException e) {
            finish(job, Stage.FAILED, e.getMessage(), null, null);
            return;
        } catch (NoSuchFileException e) {
            finish(job, Stage.FAILED, "The file does not exist.", null, null);
            return;
        } catch (AccessDeniedException e) {
            finish(job, Stage.FAILED, "The file cannot be read: permission denied.", null, null);
            return;
        } catch (IOException | UncheckedIOException e) {
            finish(job, Stage.FAILED, "The file cannot be read: " + e.getMessage(), null, null);
            return;
        } catch (RuntimeException e) {
            LOG.warn("accepting {} failed", job.name, e);
            finish(job, Stage.FAILED, "The file could not be accepted: " + e, null, null);
            return;
        }
        synchronized (job) {
            if (job.state == State.WAITING) {
                job.entry = entry;
                job.state = State.QUEUED;
                job.emit(Stage.QUEUED, 0, null);
                entry = null;
            }
        }
        if (entry != null) {
            journal.complete(entry); // cancelled while it was being copied
            return;
        }
        schedule(job);
    }

    private void schedule(Job job) {
        try {
            workers.execute(() -> run(job));
        } catch (RejectedExecutionException e) {
            finish(job, Stage.PENDING, "Not started: the app closed. It resumes next time.", null, null);
        }
    }

    private void run(Job job) {
        if (closing) {
            finish(job, Stage.PENDING, "Not started: the app closed. It resumes next time.", null, null);
            return;
        }
        Entry entry;
        synchronized (job) {
            if (job.state != State.QUEUED) {
                return; // cancelled
            }
            job.state = State.RUNNING;
            entry = job.entry;
        }
        // the result is handed out only once the action has ended (and its segment gone to the daemon), so that
        // whoever waits for it (the CLI, before it closes tracing) never cuts the trace off
        job.inAction = true;
        try {
            tracing.action("upload", job.user.name(), () -> {
                job.traceId = tracing.currentTraceId();
                job.emit(Stage.VALIDATING, 0, null);
                return attempt(job, entry);
            });
        } catch (PhotoInspector.InvalidPhotoException e) {
            journal.complete(entry);
            finish(job, Stage.FAILED, e.getMessage(), null, null);
        } catch (GalleryDatabase.DatabaseUnavailableException e) {
            journal.recordAttempt(entry, e.getMessage());
            finish(job, Stage.PENDING, e.getMessage(), null, null);
        } catch (CloudCallException e) {
            giveUpOrKeep(job, entry, e.getMessage(), !e.isRetryable());
        } catch (IOException | RuntimeException e) {
            LOG.warn("upload of {} failed", job.name, e);
            giveUpOrKeep(job, entry, "Upload failed: " + e, false);
        } catch (Error e) {
            LOG.error("upload of {} failed", job.name, e);
            finish(job, Stage.PENDING, "Upload failed: " + e + " (it stays in the journal)", null, null);
            throw e;
        } finally {
            job.inAction = false;
            UploadResult ended = job.ended;
            if (ended != null) {
                job.result.complete(ended);
            }
        }
    }

    private void giveUpOrKeep(Job job, Entry entry, String message, boolean permanent) {
        Entry updated = journal.recordAttempt(entry, message);
        if (permanent || updated.attempts() >= MAX_ATTEMPTS) {
            journal.complete(entry);
            finish(job, Stage.FAILED, message, null, null);
        } else {
            finish(job, Stage.PENDING, message + " (will retry)", null, null);
        }
    }

    private UploadResult attempt(Job job, Entry entry) throws IOException {
        String name = entry.originalName();
        Path content = journal.content(entry);
        PhotoInfo info = tracing.step("validate", () -> inspector.inspect(content));
        // what "why are some uploads slow?" compares: sizes and formats, never names or content
        tracing.annotate("format", info.format().name().toLowerCase(java.util.Locale.ROOT));
        tracing.annotate("megapixels", Math.round(info.width() * (double) info.height() / 100_000.0) / 10.0);
        tracing.annotate("bytes", info.bytes());
        String sha256 = sha256(content);
        Optional<Long> existing = database.inTransaction(c -> PhotoRepository.findBySha256(c, job.user.id(), sha256));
        if (existing.isPresent()) {
            journal.complete(entry);
            return finish(job, Stage.SKIPPED, "Already in your gallery (photo " + existing.get() + ").",
                    existing.get(), null);
        }
        job.emit(Stage.RESIZING, 0, null);
        PhotoResizer.Resized resized = tracing.step("resize_image", () -> resizer.resize(content, info));
        PhotoKeys keys = PhotoKeys.of(job.user.id(), entry.id(), info.format());
        if (!bucketChecked.get()) {
            store.ensureExists();
            bucketChecked.set(true);
        }
        try {
            job.emit(Stage.UPLOADING, 0, null);
            long total = info.bytes() + resized.display().length + resized.thumbnail().length;
            store.put(keys.original(), content, info.format().contentType());
            job.emit(Stage.UPLOADING, percent(info.bytes(), total), null);
            store.put(keys.display(), resized.display(), "image/jpeg");
            job.emit(Stage.UPLOADING, percent(info.bytes() + resized.display().length, total), null);
            store.put(keys.thumbnail(), resized.thumbnail(), "image/jpeg");
            job.emit(Stage.UPLOADING, 100, null);

            job.emit(Stage.LABELLING, 0, null);
            Labels labels = labeler.detect(store.bucket(), keys.display());
            tracing.annotate("labels", labels.labels().size());
            tracing.annotate("faces", labels.faces().size());

            job.emit(Stage.SAVING, 0, null);
            Photo photo = new Photo(0, job.user.id(), name, entry.description(), info.format().contentType(),
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
                    return finish(job, Stage.SKIPPED, "Already in your gallery.", null, null);
                }
                throw e;
            }
            journal.complete(entry);
            keepLocalCopies(keys, resized);
            return finish(job, Stage.DONE, null, id, labels.labels().stream().map(Label::name).toList());
        } catch (RuntimeException e) {
            keys.removeFrom(store);
            throw e;
        }
    }

    /** Ends a file's attempt (once: a cancelled file stays cancelled) with a final event and its result. */
    /** The new photo's copies, kept locally; one that cannot be written is fetched when first shown instead. */
    private void keepLocalCopies(PhotoKeys keys, PhotoResizer.Resized resized) {
        try {
            localCopies.keep(keys, resized);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not keep local copies of {}: {}", keys.original(), e.toString());
        }
    }

    private UploadResult finish(Job job, Stage stage, String message, Long photoId, List<String> labels) {
        State before;
        synchronized (job) {
            if (job.state == State.ENDED) {
                return job.ended;
            }
            before = job.state;
            job.state = State.ENDED;
            if (before != State.RUNNING) { // a cancel may race with it: announce under the lock
                job.emit(stage, 0, message, photoId, labels);
            }
        }
        if (before == State.RUNNING) { // nothing else moves a running file: no need to hold up cancel()
            job.emit(stage, stage == Stage.DONE ? 100 : 0, message, photoId, labels);
        }
        jobs.remove(job.id, job);
        if (stage == Stage.FAILED && job.source != null) {
            failures.put(job.id, new Failure(job.user.id(), job.name, job.source));
        } else {
            failures.remove(job.id);
        }
        UploadResult result = new UploadResult(job.id, job.name, stage, message, photoId, job.traceId);
        job.ended = result;
        if (!job.inAction) {
            job.result.complete(result);
        }
        return result;
    }

    private static String nameOf(Path file) {
        return file.getFileName() == null ? file.toString() : file.getFileName().toString();
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

    /** Stops taking work; uploads under way finish, those not started stay in the journal (PENDING). */
    @Override
    public void close() {
        closing = true;
        workers.shutdown();
    }

    /** Where a file is in this process. */
    private enum State { WAITING, QUEUED, RUNNING, ENDED }

    /** What {@link #retry} needs of a failed file. */
    private record Failure(long userId, String name, Path source) {
    }

    /**
     * One file handed in (or resumed). Until it runs, its state changes and the events that announce them happen
     * under its lock, so a listener never sees QUEUED after CANCELLED; once running, only its worker moves it and
     * its events are sent without the lock (a slow listener never holds up {@link #cancel}).
     */
    private static final class Job {
        final String id;
        final User user;
        final String name;
        final Path source;
        final Consumer<UploadEvent> listener;
        final CompletableFuture<UploadResult> result = new CompletableFuture<>();
        State state = State.WAITING; // guarded by this
        Entry entry; // guarded by this; set once accepted
        volatile String traceId;
        /** True while its worker runs the traced action; its result is handed out after. */
        volatile boolean inAction;
        volatile UploadResult ended;

        Job(String id, User user, String name, Path source, Consumer<UploadEvent> listener) {
            this.id = id;
            this.user = user;
            this.name = name;
            this.source = source;
            this.listener = listener;
        }

        void emit(Stage stage, int percent, String message) {
            emit(stage, percent, message, null, null);
        }

        void emit(Stage stage, int percent, String message, Long photoId, List<String> labels) {
            try {
                listener.accept(new UploadEvent(id, name, source, stage, percent, message, traceId, photoId, labels));
            } catch (RuntimeException e) {
                LOG.warn("an upload listener failed on {} of {}", stage, name, e);
            }
        }
    }
}
