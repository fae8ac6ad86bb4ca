package xraygallery.ui.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xraygallery.photos.UploadEvent.Stage;
import xraygallery.photos.UploadEvent;
import xraygallery.photos.User;
import xraygallery.ui.common.CurrentThreadTaskExecutor;
import xraygallery.ui.common.RecordingNotifier;

/** The upload queue's view-model on a service the test drives, with work and UI hops on the test's thread. */
class UploadQueueViewModelTest {
    private final User alice = new User(1, "alice");
    private final FakeUploads uploads = new FakeUploads();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final List<Long> saved = new ArrayList<>();
    private final UploadQueueViewModel queue =
            new UploadQueueViewModel(uploads, alice, new CurrentThreadTaskExecutor(), notifier, saved::add);

    @TempDir
    Path dir;

    private Path file(String relative) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "content of " + relative);
    }

    private List<String> rows() {
        return queue.rows().stream().map(row -> row.fileName() + " " + row.stageText()).toList();
    }

    @Test
    void twoFilesOfTheSameName_fromTwoFolders_areTwoRows_eachWithItsFolder() throws IOException {
        queue.addFiles(List.of(file("2019/a.jpg"), file("2020/a.jpg")));

        assertThat(rows()).containsExactly("a.jpg Queued", "a.jpg Queued");
        assertThat(queue.rows()).extracting(UploadRow::id).doesNotHaveDuplicates();
        assertThat(queue.rows()).extracting(UploadRow::folder)
                .containsExactly(dir.resolve("2019").toString(), dir.resolve("2020").toString());
        assertThat(queue.activeProperty().get()).isTrue();
    }

    @Test
    void rowsFollowTheirStages_andTheSummaryCountsThem() throws IOException {
        queue.addFiles(List.of(file("dog.jpg"), file("kite.jpg"), file("notes.txt"), file("eagle.jpg")));
        String dog = uploads.id("dog.jpg");
        String kite = uploads.id("kite.jpg");

        uploads.send(dog, Stage.VALIDATING, 0, null);
        uploads.send(dog, Stage.RESIZING, 0, null);
        uploads.send(kite, Stage.UPLOADING, 40, null);
        assertThat(rows()).containsExactly("dog.jpg Resizing", "kite.jpg Uploading 40 %", "notes.txt Failed",
                "eagle.jpg Queued");
        assertThat(queue.row(uploads.id("notes.txt")).message()).isEqualTo(FakeUploads.NOT_AN_IMAGE);
        assertThat(queue.summaryProperty().get()).isEqualTo("0 of 4 uploaded, 1 failed");
        assertThat(queue.workingProperty().get()).isTrue();

        uploads.done(dog, 7, "Dog", "Pet", "Animal");
        uploads.send(kite, Stage.PENDING, 0, "The database edx-photos-db is not available.");

        assertThat(rows()).containsExactly("dog.jpg Done", "kite.jpg Pending", "notes.txt Failed", "eagle.jpg Queued");
        assertThat(queue.row(dog).labels()).containsExactly("Dog", "Pet", "Animal");
        assertThat(queue.row(kite).message()).contains("not available");
        assertThat(queue.summaryProperty().get()).isEqualTo("1 of 4 uploaded, 1 failed, 1 pending");
        assertThat(queue.progressProperty().get()).isBetween(0.5, 0.6); // done and failed count as finished
        assertThat(saved).containsExactly(7L);
    }

    @Test
    void theSelectedRowsTraceId_isExposed_andFollowsTheRow_whenItsActionStartsLater() throws IOException {
        queue.addFiles(List.of(file("dog.jpg"), file("kite.jpg")));
        UploadRow dog = queue.row(uploads.id("dog.jpg"));

        queue.selectedRowProperty().set(dog);
        assertThat(queue.selectedTraceIdProperty().get()).isNull();

        uploads.send(dog.id(), Stage.VALIDATING, 0, null);
        assertThat(queue.selectedTraceIdProperty().get()).isEqualTo(dog.traceId()).startsWith("1-");

        queue.selectedRowProperty().set(null);
        assertThat(queue.selectedTraceIdProperty().get()).isNull();
    }

    @Test
    void cancelWaiting_cancelsTheFilesNotYetStarted_only() throws IOException {
        queue.addFiles(List.of(file("a.jpg"), file("b.jpg"), file("c.jpg")));
        uploads.send(uploads.id("a.jpg"), Stage.VALIDATING, 0, null); // a's action has started
        assertThat(queue.canCancelProperty().get()).isTrue();

        queue.cancelWaiting();

        assertThat(uploads.cancelled).containsExactly(uploads.id("b.jpg"), uploads.id("c.jpg"));
        assertThat(rows()).containsExactly("a.jpg Validating", "b.jpg Cancelled", "c.jpg Cancelled");
        assertThat(queue.summaryProperty().get()).isEqualTo("0 of 1 uploaded, 2 cancelled");
        assertThat(queue.canCancelProperty().get()).isFalse();
    }

    @Test
    void retryFailed_triesFailedAndPendingFilesAgain_inTheirOwnRows() throws IOException {
        queue.addFiles(List.of(file("notes.txt"), file("kite.jpg"), file("dog.jpg")));
        String notes = uploads.id("notes.txt");
        String kite = uploads.id("kite.jpg");
        uploads.send(kite, Stage.PENDING, 0, "S3 is slow (will retry)");
        uploads.done(uploads.id("dog.jpg"), 3);
        assertThat(queue.canRetryProperty().get()).isTrue();

        queue.retryFailed();

        assertThat(uploads.retried).containsExactly(notes, kite);
        assertThat(rows()).containsExactly("notes.txt Queued", "kite.jpg Queued", "dog.jpg Done");
        assertThat(queue.row(kite).message()).isEmpty();
        assertThat(queue.canRetryProperty().get()).isFalse();
    }

    @Test
    void clearFinished_removesDoneFailedAndCancelledRows_andKeepsTheOthers() throws IOException {
        queue.addFiles(List.of(file("done.jpg"), file("notes.txt"), file("wait.jpg"), file("runs.jpg"), file("x.jpg")));
        uploads.done(uploads.id("done.jpg"), 1);
        uploads.send(uploads.id("wait.jpg"), Stage.PENDING, 0, "database down");
        uploads.send(uploads.id("runs.jpg"), Stage.LABELLING, 0, null);
        queue.cancel(queue.row(uploads.id("x.jpg")));
        queue.selectedRowProperty().set(queue.row(uploads.id("done.jpg")));

        queue.clearFinished();

        assertThat(rows()).containsExactly("wait.jpg Pending", "runs.jpg Labelling");
        assertThat(queue.summaryProperty().get()).isEqualTo("0 of 2 uploaded, 1 pending");
        assertThat(queue.selectedRowProperty().get()).isNull();
        assertThat(queue.canClearProperty().get()).isFalse();
    }

    @Test
    void pendingFilesInTheJournal_showWithTheirReason_thenResume() {
        uploads.journaled("outage.jpg", "The database edx-photos-db is not available.");
        uploads.journaled("crash.jpg", null);
        List<String> atResume = new ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<UploadQueueViewModel> model = new java.util.concurrent.atomic.AtomicReference<>();
        UploadService watched = new ForwardingUploads(uploads) {
            @Override
            public void resume(User user, java.util.function.Consumer<UploadEvent> listener) {
                atResume.addAll(rowsOf(model.get()));
                super.resume(user, listener);
            }
        };
        UploadQueueViewModel opened =
                new UploadQueueViewModel(watched, alice, new CurrentThreadTaskExecutor(), notifier, saved::add);
        model.set(opened);

        opened.resumePending();

        assertThat(atResume).containsExactly("outage.jpg Pending", "crash.jpg Pending");
        assertThat(opened.rows()).extracting(UploadRow::stage).containsOnly(Stage.QUEUED);
        assertThat(uploads.resumed).isEqualTo(1);
        assertThat(opened.rows()).extracting(UploadRow::folder).containsOnly("/photos");
    }

    private List<String> rowsOf(UploadQueueViewModel model) {
        return model.rows().stream().map(row -> row.fileName() + " " + row.stageText()).toList();
    }

    @Test
    void theJournalsListing_doesNotSetBackAFileAlreadyUnderWay() throws IOException {
        uploads.journaled("queued.jpg", null);
        queue.resumePending();
        String id = queue.rows().get(0).id();
        uploads.send(id, Stage.UPLOADING, 10, null);

        queue.resumePending(); // again, say from Retry: the listing still has it, as it is not saved yet

        assertThat(rows()).containsExactly("queued.jpg Queued"); // the fake re-queues; never "Pending" in between
        assertThat(queue.row(id).traceId()).isNotNull();
    }

    @Test
    void eventsFromWorkers_reachTheUiInBatches_notOneHopPerEvent() throws IOException {
        ManualUiThread ui = new ManualUiThread();
        UploadQueueViewModel batched = new UploadQueueViewModel(uploads, alice, ui, notifier, saved::add);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            files.add(file("many/" + i + ".jpg"));
        }

        batched.addFiles(files); // 2,000 events while the UI thread is busy

        assertThat(ui.waiting()).isEqualTo(1);
        assertThat(batched.rows()).isEmpty();
        ui.runUiActions();
        assertThat(batched.rows()).hasSize(1000).allSatisfy(row -> assertThat(row.stage()).isEqualTo(Stage.QUEUED));
        assertThat(batched.uiHopsProperty().get()).isEqualTo(1);
        assertThat(batched.summaryProperty().get()).isEqualTo("0 of 1000 uploaded");
    }

    @Test
    void aDroppedFolder_isWalkedThrough_leavingOutHiddenAndSystemFiles_butNotFilesThatAreNoPhotos() throws IOException {
        Path folder = dir.resolve("holiday");
        file("holiday/b.jpg");
        file("holiday/a.jpg");
        file("holiday/notes.txt");
        file("holiday/day 2/c.png");
        file("holiday/.DS_Store");
        file("holiday/Thumbs.db");
        file("holiday/.hidden.jpg");
        file("holiday/.thumbnails/t.jpg");
        file("holiday/__MACOSX/._a.jpg");
        Path single = file("picked/.also-hidden-but-picked.jpg");

        queue.addFiles(List.of(folder, single));

        assertThat(uploads.handedIn).singleElement().satisfies(paths -> assertThat(paths).containsExactly(
                folder.resolve("a.jpg"), folder.resolve("b.jpg"), folder.resolve("day 2/c.png"),
                folder.resolve("notes.txt"), single));
        assertThat(rows()).contains("notes.txt Failed");
    }

    @Test
    void anEmptyFolder_saysThereIsNothingToUpload() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("empty"));
        file("empty/.DS_Store");

        queue.addFiles(List.of(folder));

        assertThat(uploads.handedIn).isEmpty();
        assertThat(notifier.infos).containsExactly("Nothing to upload: the folder holds no files (only hidden or system files).");
        assertThat(queue.activeProperty().get()).isFalse();
    }

    @Test
    void whenEverythingHasSettled_oneNotificationSaysHowItWent() throws IOException {
        queue.addFiles(List.of(file("a.jpg"), file("b.jpg"), file("notes.txt")));
        uploads.done(uploads.id("a.jpg"), 1);
        assertThat(notifier.infos).isEmpty();
        assertThat(notifier.errors).isEmpty();

        uploads.done(uploads.id("b.jpg"), 2);

        assertThat(notifier.errors).containsExactly("2 photos uploaded, 1 failed. See the upload queue for why.");
        assertThat(queue.workingProperty().get()).isFalse();
    }

    @Test
    void afterClose_eventsChangeNothing() throws IOException {
        queue.addFiles(List.of(file("a.jpg")));
        String id = uploads.id("a.jpg");

        queue.close();
        uploads.done(id, 1);

        assertThat(rows()).containsExactly("a.jpg Queued");
        assertThat(saved).isEmpty();
    }
}
