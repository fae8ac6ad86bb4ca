package xraygallery.ui.upload;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import xraygallery.photos.UploadEvent;
import xraygallery.photos.UploadEvent.Stage;
import xraygallery.photos.UploadJournal;
import xraygallery.photos.User;

/**
 * An upload service the test drives: files handed in get ids {@code f1, f2, ...}, a VALIDATING event, then QUEUED
 * (or FAILED when their name ends in {@code .txt}, as the real service refuses text); later stages come when the
 * test calls {@link #send}. It records what it was asked.
 */
final class FakeUploads implements UploadService {
    static final String NOT_AN_IMAGE = "The file is not an image; JPEG, PNG, GIF and BMP are accepted.";

    private final Map<String, File> files = new LinkedHashMap<>();
    private final List<UploadJournal.Entry> journal = new ArrayList<>();
    final List<List<Path>> handedIn = new ArrayList<>();
    final List<String> retried = new ArrayList<>();
    final List<String> cancelled = new ArrayList<>();
    int resumed;
    private int next;

    private static final class File {
        final String id;
        final String name;
        final Path source;
        Consumer<UploadEvent> listener;
        Stage stage;
        String traceId;

        File(String id, String name, Path source) {
            this.id = id;
            this.name = name;
            this.source = source;
        }
    }

    @Override
    public synchronized void upload(User user, List<Path> paths, Consumer<UploadEvent> listener) {
        handedIn.add(List.copyOf(paths));
        List<File> batch = new ArrayList<>();
        for (Path path : paths) {
            File file = new File("f" + ++next, path.getFileName().toString(), path);
            file.listener = listener;
            files.put(file.id, file);
            batch.add(file);
            send(file, Stage.VALIDATING, 0, null, null, List.of());
        }
        for (File file : batch) {
            if (file.name.endsWith(".txt")) {
                send(file, Stage.FAILED, 0, NOT_AN_IMAGE, null, List.of());
            } else {
                send(file, Stage.QUEUED, 0, null, null, List.of());
            }
        }
    }

    /** Puts an entry in the pretend journal. */
    synchronized UploadJournal.Entry journaled(String name, String lastError) {
        UploadJournal.Entry entry = new UploadJournal.Entry("j" + ++next, 1, "alice", name, null, Instant.now(),
                lastError == null ? 0 : 1, lastError, "/photos/" + name);
        journal.add(entry);
        return entry;
    }

    @Override
    public synchronized List<UploadJournal.Entry> pending(User user) {
        return List.copyOf(journal);
    }

    @Override
    public synchronized void resume(User user, Consumer<UploadEvent> listener) {
        resumed++;
        for (UploadJournal.Entry entry : journal) {
            File file = files.computeIfAbsent(entry.id(), id -> new File(id, entry.originalName(), Path.of(entry.sourcePath())));
            file.listener = listener;
            send(file, Stage.QUEUED, 0, null, null, List.of());
        }
    }

    @Override
    public synchronized void retry(User user, String uploadId, Consumer<UploadEvent> listener) {
        retried.add(uploadId);
        File file = files.get(uploadId);
        file.listener = listener;
        file.traceId = null;
        send(file, Stage.VALIDATING, 0, null, null, List.of());
        send(file, Stage.QUEUED, 0, null, null, List.of());
    }

    @Override
    public synchronized boolean cancel(String uploadId) {
        File file = files.get(uploadId);
        if (file == null || file.stage != Stage.QUEUED) {
            return false;
        }
        cancelled.add(uploadId);
        send(file, Stage.CANCELLED, 0, "Cancelled before it started.", null, List.of());
        return true;
    }

    /** The id given to the {@code n}th file handed in (1-based, over all batches). */
    String id(String name) {
        return files.values().stream().filter(f -> f.name.equals(name)).findFirst().orElseThrow().id;
    }

    /** Moves a file on, as a worker would: its action starts (a trace id) at its first step. */
    synchronized void send(String id, Stage stage, int percent, String message) {
        File file = files.get(id);
        if (file.traceId == null && stage != Stage.QUEUED) {
            file.traceId = "1-5f000000-" + String.format("%024d", Integer.parseInt(id.substring(1)));
        }
        send(file, stage, percent, message, null, List.of());
    }

    /** The file is saved as photo {@code photoId} with {@code labels}. */
    synchronized void done(String id, long photoId, String... labels) {
        send(id, Stage.SAVING, 0, null);
        send(files.get(id), Stage.DONE, 100, null, photoId, List.of(labels));
    }

    private void send(File file, Stage stage, int percent, String message, Long photoId, List<String> labels) {
        file.stage = stage;
        file.listener.accept(new UploadEvent(file.id, file.name, file.source, stage, percent, message, file.traceId,
                photoId, labels));
    }
}
