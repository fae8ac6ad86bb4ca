package xraygallery.ui.upload;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import xraygallery.photos.UploadEvent;
import xraygallery.photos.UploadEvent.Stage;
import xraygallery.photos.UploadJournal;
import xraygallery.photos.UploadPipeline;
import xraygallery.photos.User;
import xraygallery.ui.common.BackgroundTask;
import xraygallery.ui.common.ErrorMessages;
import xraygallery.ui.common.Notifier;
import xraygallery.ui.common.TaskExecutor;

/**
 * The upload queue: one row per file handed in (two files of the same name are two rows), with its stage, progress,
 * the service's reason when it failed or waits, and its trace id once its action started; the overall progress
 * ("12 of 40 uploaded, 2 failed"); commands to add files (folders walked off the UI thread), cancel files not yet
 * started, retry failed ones and clear finished ones. Files left pending in the journal (an outage, a crash) show
 * up and resume with {@link #resumePending}.
 *
 * <p>Events arrive on the service's worker threads. They are queued and applied on the UI thread in batches: one
 * hop through {@link TaskExecutor#runOnUiThread} takes everything that arrived since the last one, and new rows are
 * added to the list at once, so a dropped folder of thousands of files costs a handful of UI updates, not one per
 * event.
 */
public final class UploadQueueViewModel {
    /** Most events applied in one UI hop; the rest follow in the next, so the UI thread is never held long. */
    static final int MAX_EVENTS_PER_HOP = 5_000;

    private final UploadService uploads;
    private final User user;
    private final TaskExecutor tasks;
    private final Notifier notifier;
    private final LongConsumer photoSaved;

    private final Queue<Item> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean hopScheduled = new AtomicBoolean();
    private volatile boolean closed;

    private final ObservableList<UploadRow> rows = FXCollections.observableArrayList();
    private final ObservableList<UploadRow> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final Map<String, UploadRow> byId = new HashMap<>();
    private final EnumMap<Stage, Integer> counts = new EnumMap<>(Stage.class);
    private int cancellable;
    private double progressSum;
    private final Run run = new Run();

    private final ObjectProperty<UploadRow> selectedRow = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper selectedTraceId = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper active = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper working = new ReadOnlyBooleanWrapper();
    private final ReadOnlyIntegerWrapper adding = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("No uploads yet");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyIntegerWrapper failedCount = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper pendingCount = new ReadOnlyIntegerWrapper();
    private final ReadOnlyBooleanWrapper canCancel = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canRetry = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canClear = new ReadOnlyBooleanWrapper();
    private final ReadOnlyIntegerWrapper uiHops = new ReadOnlyIntegerWrapper();

    /** An event to apply; {@code ifIdle}: only if the file is not under way here (a journal listing). */
    private record Item(UploadEvent event, boolean ifIdle) {
    }

    /** What happened since the queue was last idle, for one notification when it settles. */
    private static final class Run {
        boolean started;
        int done;
        int skipped;
        int failed;
        int pending;

        void clear() {
            started = false;
            done = 0;
            skipped = 0;
            failed = 0;
            pending = 0;
        }
    }

    /**
     * @param photoSaved called on the UI thread with each saved photo's id (so the gallery shows it)
     */
    public UploadQueueViewModel(UploadPipeline uploads, User user, TaskExecutor tasks, Notifier notifier,
            LongConsumer photoSaved) {
        this(UploadService.of(uploads), user, tasks, notifier, photoSaved);
    }

    public UploadQueueViewModel(UploadService uploads, User user, TaskExecutor tasks, Notifier notifier,
            LongConsumer photoSaved) {
        this.uploads = Objects.requireNonNull(uploads, "uploads");
        this.user = Objects.requireNonNull(user, "user");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.photoSaved = Objects.requireNonNull(photoSaved, "photoSaved");
        for (Stage stage : Stage.values()) {
            counts.put(stage, 0);
        }
        selectedRow.addListener((o, old, row) -> {
            selectedTraceId.unbind();
            if (row == null) {
                selectedTraceId.set(null);
            } else {
                selectedTraceId.bind(row.traceIdProperty());
            }
        });
    }

    // ---------------------------------------------------------------- commands

    /**
     * Uploads {@code paths}: files as they are, folders with everything in them (hidden files and OS junk left
     * out). The walk and the accepting run off the UI thread; rows appear as the service accepts or refuses each.
     */
    public void addFiles(List<Path> paths) {
        if (closed || paths.isEmpty()) {
            return;
        }
        List<Path> picked = List.copyOf(paths);
        changeAdding(+1);
        BackgroundTask.of(() -> {
            FolderWalk.Result found = FolderWalk.expand(picked);
            if (!found.files().isEmpty()) {
                uploads.upload(user, found.files(), this::onEvent);
            }
            return found;
        })
                .onSuccess(found -> {
                    if (!found.unreadable().isEmpty()) {
                        notifier.error(found.unreadable().size() == 1
                                ? "The folder " + found.unreadable().get(0) + " could not be read."
                                : found.unreadable().size() + " folders could not be read, for example "
                                        + found.unreadable().get(0) + ".");
                    }
                    if (found.files().isEmpty()) {
                        notifier.info("Nothing to upload: the folder holds no files"
                                + (found.skipped() > 0 ? " (only hidden or system files)." : "."));
                    }
                })
                .onFailure(error -> notifier.error("The files could not be added: " + ErrorMessages.describe(error)))
                .onFinished(() -> changeAdding(-1))
                .executeWith(tasks);
    }

    /**
     * Shows the user's files waiting in the journal (left by an outage or a crash), then starts them again. The
     * workspace calls it once signed in; the user may call it again (Retry) once the cause has passed.
     */
    public void resumePending() {
        if (closed) {
            return;
        }
        changeAdding(+1);
        BackgroundTask.run(() -> {
            for (UploadJournal.Entry entry : uploads.pending(user)) {
                offer(new Item(pendingEvent(entry), true));
            }
            uploads.resume(user, this::onEvent);
        })
                .onFailure(error -> notifier.error("Pending uploads could not be resumed: "
                        + ErrorMessages.describe(error)))
                .onFinished(() -> changeAdding(-1))
                .executeWith(tasks);
    }

    /** Cancels one file, if it has not started yet. */
    public void cancel(UploadRow row) {
        if (row.isCancellable()) {
            cancelAll(List.of(row.id()));
        }
    }

    /** Cancels every file not yet started; those under way finish. */
    public void cancelWaiting() {
        cancelAll(rows.stream().filter(UploadRow::isCancellable).map(UploadRow::id).toList());
    }

    private void cancelAll(List<String> ids) {
        if (closed || ids.isEmpty()) {
            return;
        }
        BackgroundTask.run(() -> ids.forEach(uploads::cancel))
                .onFailure(error -> notifier.error("Cancelling failed: " + ErrorMessages.describe(error)))
                .executeWith(tasks);
    }

    /** Tries one failed or pending file again (a failed one from where it was picked). */
    public void retry(UploadRow row) {
        if (row.isRetryable()) {
            retryAll(List.of(row.id()));
        }
    }

    /** Tries every failed or pending file again. */
    public void retryFailed() {
        retryAll(rows.stream().filter(UploadRow::isRetryable).map(UploadRow::id).toList());
    }

    private void retryAll(List<String> ids) {
        if (closed || ids.isEmpty()) {
            return;
        }
        changeAdding(+1);
        BackgroundTask.run(() -> {
            for (String id : ids) {
                uploads.retry(user, id, this::onEvent);
            }
        })
                .onFailure(error -> notifier.error("Retrying failed: " + ErrorMessages.describe(error)))
                .onFinished(() -> changeAdding(-1))
                .executeWith(tasks);
    }

    /** Removes done, skipped, failed and cancelled files from the queue (pending and running ones stay). */
    public synchronized void clearFinished() {
        List<UploadRow> finished = rows.stream().filter(UploadRow::isFinished).toList();
        if (finished.isEmpty()) {
            return;
        }
        for (UploadRow row : finished) {
            count(row.stage(), -1);
            progressSum -= row.progress();
            byId.remove(row.id());
        }
        if (selectedRow.get() != null && selectedRow.get().isFinished()) {
            selectedRow.set(null);
        }
        rows.removeAll(new java.util.HashSet<>(finished));
        refresh();
    }

    /** Stops following the service: later events are dropped (uploads under way go on, pending ones stay pending). */
    public void close() {
        closed = true;
        inbox.clear();
    }

    // ---------------------------------------------------------------- events

    /** From any thread: queues the event and makes sure one UI hop will take it. */
    private void onEvent(UploadEvent event) {
        offer(new Item(event, false));
    }

    private void offer(Item item) {
        if (closed) {
            return;
        }
        inbox.add(item);
        if (hopScheduled.compareAndSet(false, true)) {
            tasks.runOnUiThread(this::applyQueued);
        }
    }

    /** On the UI thread: applies what arrived since the last hop. */
    private synchronized void applyQueued() {
        hopScheduled.set(false);
        if (closed) {
            inbox.clear();
            return;
        }
        uiHops.set(uiHops.get() + 1);
        List<UploadRow> added = new ArrayList<>();
        List<Long> saved = new ArrayList<>();
        Item item;
        int applied = 0;
        while (applied < MAX_EVENTS_PER_HOP && (item = inbox.poll()) != null) {
            applied++;
            UploadEvent event = item.event();
            UploadRow row = byId.get(event.uploadId());
            if (row == null) {
                row = new UploadRow(event.uploadId(), event.fileName(), event.source());
                byId.put(row.id(), row);
                added.add(row);
            } else if (item.ifIdle() && !row.isRetryable()) {
                continue; // under way here already: the journal listing is older news
            }
            Stage before = row.stage();
            boolean wasCancellable = row.isCancellable();
            progressSum -= row.progress();
            row.apply(event);
            progressSum += row.progress();
            count(before, -1);
            count(row.stage(), +1);
            cancellable += (row.isCancellable() ? 1 : 0) - (wasCancellable ? 1 : 0);
            if (before != row.stage()) {
                noteForRun(row.stage(), item.ifIdle());
                if (row.stage() == Stage.DONE && row.photoId() != null) {
                    saved.add(row.photoId());
                }
            }
        }
        if (!added.isEmpty()) {
            rows.addAll(added);
        }
        refresh();
        saved.forEach(photoSaved::accept);
        if (!inbox.isEmpty() && hopScheduled.compareAndSet(false, true)) {
            tasks.runOnUiThread(this::applyQueued);
        }
        settleIfIdle();
    }

    private void noteForRun(Stage stage, boolean fromJournal) {
        if (!stage.isFinal()) {
            run.started = true;
        }
        switch (stage) {
            case DONE -> run.done++;
            case SKIPPED -> run.skipped++;
            case FAILED -> run.failed++;
            case PENDING -> run.pending += fromJournal ? 0 : 1;
            default -> { }
        }
    }

    private void count(Stage stage, int delta) {
        if (stage != null) {
            counts.merge(stage, delta, Integer::sum);
        }
    }

    private int count(Stage stage) {
        return counts.get(stage);
    }

    private synchronized void changeAdding(int delta) {
        adding.set(adding.get() + delta);
        refresh();
        settleIfIdle();
    }

    /** Recomputes what is derived from the counts. */
    private void refresh() {
        int cancelled = count(Stage.CANCELLED);
        int total = rows.size() - cancelled;
        int uploaded = count(Stage.DONE) + count(Stage.SKIPPED);
        int inFlight = total - uploaded - count(Stage.FAILED) - count(Stage.PENDING);
        active.set(!rows.isEmpty());
        working.set(inFlight > 0 || adding.get() > 0);
        failedCount.set(count(Stage.FAILED));
        pendingCount.set(count(Stage.PENDING));
        summary.set(summary(uploaded, total, count(Stage.FAILED), count(Stage.PENDING), cancelled, adding.get() > 0));
        progress.set(total == 0 ? 0 : Math.max(0, Math.min(1, progressSum / total)));
        canCancel.set(cancellable > 0);
        canRetry.set(count(Stage.FAILED) + count(Stage.PENDING) > 0);
        canClear.set(uploaded + count(Stage.FAILED) + cancelled > 0);
    }

    static String summary(int uploaded, int total, int failed, int pending, int cancelled, boolean adding) {
        if (total == 0 && cancelled == 0) {
            return adding ? "Adding files …" : "No uploads yet";
        }
        StringBuilder text = new StringBuilder().append(uploaded).append(" of ").append(total).append(" uploaded");
        if (failed > 0) {
            text.append(", ").append(failed).append(" failed");
        }
        if (pending > 0) {
            text.append(", ").append(pending).append(" pending");
        }
        if (cancelled > 0) {
            text.append(", ").append(cancelled).append(" cancelled");
        }
        return text.toString();
    }

    /** When nothing is under way any more after some work: one notification saying how it went. */
    private void settleIfIdle() {
        if (working.get() || !run.started) {
            return;
        }
        String report = report(run.done, run.skipped, run.failed, run.pending);
        boolean trouble = run.failed > 0 || run.pending > 0;
        run.clear();
        if (report.isEmpty()) {
            return;
        }
        if (trouble) {
            notifier.error(report + " See the upload queue for why.");
        } else {
            notifier.info(report);
        }
    }

    static String report(int done, int skipped, int failed, int pending) {
        List<String> parts = new ArrayList<>();
        if (done > 0) {
            parts.add(done + (done == 1 ? " photo" : " photos") + " uploaded");
        }
        if (skipped > 0) {
            parts.add(skipped + " already in your gallery");
        }
        if (failed > 0) {
            parts.add(failed + " failed");
        }
        if (pending > 0) {
            parts.add(pending + " pending");
        }
        if (parts.isEmpty()) {
            return "";
        }
        String text = parts.stream().collect(Collectors.joining(", "));
        return Character.toUpperCase(text.charAt(0)) + text.substring(1) + ".";
    }

    private static UploadEvent pendingEvent(UploadJournal.Entry entry) {
        String reason = entry.lastError() == null ? "Accepted earlier and not uploaded yet." : entry.lastError();
        return new UploadEvent(entry.id(), entry.originalName(),
                entry.sourcePath() == null ? null : Path.of(entry.sourcePath()), Stage.PENDING, 0, reason, null, null,
                null);
    }

    // ---------------------------------------------------------------- state

    /** The queue's rows, oldest first (read-only; changed on the UI thread). */
    public ObservableList<UploadRow> rows() {
        return readOnlyRows;
    }

    /** The row selected in the view (the view sets it). */
    public ObjectProperty<UploadRow> selectedRowProperty() {
        return selectedRow;
    }

    /** The selected row's trace id, once known, for the trace panel; null when none. */
    public ReadOnlyStringProperty selectedTraceIdProperty() {
        return selectedTraceId.getReadOnlyProperty();
    }

    /** The queue has rows: the workspace shows the panel. */
    public ReadOnlyBooleanProperty activeProperty() {
        return active.getReadOnlyProperty();
    }

    /** Files are being added, validated, uploaded, labelled or saved. */
    public ReadOnlyBooleanProperty workingProperty() {
        return working.getReadOnlyProperty();
    }

    /** Folders being walked or files being accepted: how many such tasks run. */
    public ReadOnlyIntegerProperty addingProperty() {
        return adding.getReadOnlyProperty();
    }

    /** "12 of 40 uploaded, 2 failed, 1 pending". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** 0–1 over the whole queue (cancelled files left out). */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty failedCountProperty() {
        return failedCount.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty pendingCountProperty() {
        return pendingCount.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canCancelProperty() {
        return canCancel.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRetryProperty() {
        return canRetry.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canClearProperty() {
        return canClear.getReadOnlyProperty();
    }

    /** How many UI-thread hops applied events so far (to check that they are batched). */
    ReadOnlyIntegerProperty uiHopsProperty() {
        return uiHops.getReadOnlyProperty();
    }

    /** The row of a file by its upload id, or null. */
    public UploadRow row(String uploadId) {
        return byId.get(uploadId);
    }
}
