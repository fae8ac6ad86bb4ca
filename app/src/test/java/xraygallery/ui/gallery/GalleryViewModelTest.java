package xraygallery.ui.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.NumberFormat;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import xraygallery.photos.PageRequest;
import xraygallery.photos.PhotoCard;
import xraygallery.ui.common.CurrentThreadTaskExecutor;
import xraygallery.ui.common.RecordingNotifier;

/** The grid's model on a fake photo service, every task run at once on the test's thread. */
class GalleryViewModelTest {
    private final CurrentThreadTaskExecutor tasks = new CurrentThreadTaskExecutor();
    private final RecordingNotifier notifier = new RecordingNotifier();

    private GalleryViewModel model(FakeGallery gallery) {
        return new GalleryViewModel(gallery, gallery.user, tasks, notifier);
    }

    private static long loaded(GalleryViewModel model) {
        return model.items().stream().filter(Objects::nonNull).count();
    }

    @Test
    void opening_loadsOnlyTheFirstPage_andCountsAllPhotos() {
        FakeGallery gallery = new FakeGallery(5_000);
        GalleryViewModel model = model(gallery);

        model.load();

        assertThat(model.items()).hasSize(5_000);
        assertThat(loaded(model)).isEqualTo(GalleryViewModel.PAGE);
        assertThat(model.items().get(0).card().photo().originalName()).isEqualTo("photo-5000.jpg");
        assertThat(model.headlineProperty().get()).isEqualTo(NumberFormat.getIntegerInstance().format(5_000) + " photos");
        assertThat(gallery.pageRequests).containsExactly(PageRequest.all(0, GalleryViewModel.PAGE));
    }

    @Test
    void scrolling_loadsThePagesAroundWhatIsOnScreen_andScrollingBackLoadsNothing() {
        FakeGallery gallery = new FakeGallery(5_000);
        GalleryViewModel model = model(gallery);
        model.load();
        model.showing(0, 29);
        assertThat(gallery.pageRequests).hasSize(1);

        model.showing(3_000, 3_029);

        assertThat(gallery.pageRequests).extracting(PageRequest::offset).containsExactly(0, 3_000, 2_940);
        assertThat(model.items().subList(2_940, 3_060)).doesNotContainNull();
        assertThat(model.items().get(3_100)).isNull();

        model.showing(0, 29);
        model.showing(3_000, 3_029);
        assertThat(gallery.pageRequests).hasSize(3);
    }

    @Test
    void theSearch_runsAfterAPauseInTyping_countsItsPhotos_andClearingItShowsAllAgain() {
        FakeGallery gallery = new FakeGallery(30);
        GalleryViewModel model = model(gallery);
        model.load();

        model.searchProperty().set("DO");
        assertThat(gallery.pageRequests).hasSize(1);
        tasks.runScheduled();

        assertThat(gallery.pageRequests.get(1)).isEqualTo(PageRequest.labelled("DO", 0, GalleryViewModel.PAGE));
        assertThat(model.items()).hasSize(10);
        assertThat(model.headlineProperty().get()).isEqualTo("10 photos labelled DO*");
        assertThat(model.activeSearchProperty().get()).isEqualTo("DO");

        model.clearSearch();
        assertThat(model.items()).hasSize(30);
        assertThat(model.headlineProperty().get()).isEqualTo("30 photos");
        assertThat(model.activeSearchProperty().get()).isNull();
    }

    @Test
    void aSearchOfOnlySpacesOr129Characters_showsTheServicesMessage_andKeepsTheGrid() {
        FakeGallery gallery = new FakeGallery(30);
        GalleryViewModel model = model(gallery);
        model.load();

        model.searchProperty().set("   ");
        model.submitSearch();
        assertThat(model.searchMessageProperty().get()).isEqualTo("Search for a label of 1 to 128 characters.");
        assertThat(model.items()).hasSize(30);
        assertThat(model.headlineProperty().get()).isEqualTo("30 photos");

        model.searchProperty().set("d".repeat(129));
        model.submitSearch();
        assertThat(model.searchMessageProperty().get()).isEqualTo("Search for a label of 1 to 128 characters.");

        model.searchProperty().set("kite");
        model.submitSearch();
        assertThat(model.searchMessageProperty().get()).isEmpty();
        assertThat(model.items()).hasSize(20);
    }

    @Test
    void theDatabaseStoppingWhileScrolling_saysSo_keepsTheGrid_andDoesNotRetryUntilTheViewMoves() {
        FakeGallery gallery = new FakeGallery(1_000);
        GalleryViewModel model = model(gallery);
        model.load();
        gallery.databaseDown = true;

        model.showing(500, 529);

        assertThat(model.problemProperty().get()).isEqualTo(FakeGallery.STOPPED);
        assertThat(model.items()).hasSize(1_000);
        assertThat(loaded(model)).isEqualTo(GalleryViewModel.PAGE);
        int tries = gallery.pageRequests.size();
        model.showing(500, 529);
        assertThat(gallery.pageRequests).as("no retry loop").hasSize(tries);

        gallery.databaseDown = false;
        model.refresh();
        model.showing(500, 529);
        assertThat(model.problemProperty().get()).isEmpty();
        assertThat(model.items().subList(480, 540)).doesNotContainNull();
    }

    @Test
    void aNewUpload_appearsOnTop_andTheSelectionStaysOnItsPhoto() {
        FakeGallery gallery = new FakeGallery(200);
        GalleryViewModel model = model(gallery);
        model.load();
        model.select(10);
        PhotoCard selected = model.selectedProperty().get();

        PhotoCard added = gallery.add();
        model.photoSaved(added.id());

        assertThat(model.items()).hasSize(201);
        assertThat(model.items().get(0).card().id()).isEqualTo(added.id());
        assertThat(model.selectedIndexProperty().get()).isEqualTo(11);
        assertThat(model.selectedProperty().get().id()).isEqualTo(selected.id());
        assertThat(model.headlineProperty().get()).isEqualTo("201 photos");
    }

    @Test
    void deleting_asksFirst_thenRemovesThePhoto_andSelectsTheNext() {
        FakeGallery gallery = new FakeGallery(5);
        GalleryViewModel model = model(gallery);
        model.load();
        model.select(1);
        long doomed = model.selectedProperty().get().id();
        long next = model.items().get(2).card().id();

        model.askDelete();
        assertThat(model.pendingDeleteProperty().get().id()).isEqualTo(doomed);
        assertThat(gallery.deleted).isEmpty();
        model.cancelDelete();
        assertThat(gallery.deleted).isEmpty();

        model.askDelete();
        model.confirmDelete();

        assertThat(gallery.deleted).containsExactly(doomed);
        assertThat(model.items()).hasSize(4);
        assertThat(model.selectedProperty().get().id()).isEqualTo(next);
        assertThat(model.headlineProperty().get()).isEqualTo("4 photos");
        assertThat(notifier.infos).containsExactly("Deleted photo-" + doomed + ".jpg.");
    }

    @Test
    void openingAPhotoDeletedElsewhere_saysSo_andItLeavesTheGrid() {
        FakeGallery gallery = new FakeGallery(5);
        GalleryViewModel model = model(gallery);
        model.load();
        model.select(0);
        long gone = model.selectedProperty().get().id();
        gallery.remove(gone);

        model.openSelected();

        assertThat(model.detail().showingProperty().get()).isTrue();
        assertThat(model.detail().messageProperty().get()).isEqualTo("No photo " + gone + " in your gallery.");
        assertThat(model.detail().goneProperty().get()).isTrue();
        assertThat(model.items()).hasSize(4).allSatisfy(item -> assertThat(item.card().id()).isNotEqualTo(gone));
        model.askDelete();
        assertThat(model.pendingDeleteProperty().get()).as("nothing left to delete").isNull();
    }

    @Test
    void theSelectedTraceId_followsTheSelection_andTheOpenPhoto() {
        FakeGallery gallery = new FakeGallery(5);
        GalleryViewModel model = model(gallery);
        model.load();
        assertThat(model.selectedTraceIdProperty().get()).isNull();

        model.select(2);
        assertThat(model.selectedTraceIdProperty().get()).isEqualTo(model.items().get(2).card().photo().uploadTraceId());
        model.openSelected();
        model.openNeighbour(1);
        assertThat(model.selectedIndexProperty().get()).isEqualTo(3);
        assertThat(model.selectedTraceIdProperty().get()).isEqualTo(model.items().get(3).card().photo().uploadTraceId());
        assertThat(model.detail().fileNameProperty().get()).isEqualTo(model.items().get(3).card().photo().originalName());
    }

    @Test
    void arrows_moveTheSelectionWithinTheList() {
        FakeGallery gallery = new FakeGallery(10);
        GalleryViewModel model = model(gallery);
        model.load();

        model.moveSelection(1);
        assertThat(model.selectedIndexProperty().get()).isZero();
        model.moveSelection(4);
        assertThat(model.selectedIndexProperty().get()).isEqualTo(4);
        model.moveSelection(100);
        assertThat(model.selectedIndexProperty().get()).isEqualTo(9);
        model.moveSelection(-100);
        assertThat(model.selectedIndexProperty().get()).isZero();
    }

    @Test
    void aThumbnailMissingFromTheCache_isFetchedOnce_thenShownAsBroken() {
        FakeGallery gallery = new FakeGallery(3);
        GalleryViewModel model = model(gallery);
        model.load();
        PhotoCard card = model.items().get(1).card();

        model.thumbnailMissing(1, card.withThumbnail(java.nio.file.Path.of("gone.jpg")));
        model.thumbnailMissing(1, model.items().get(1).card().withThumbnail(java.nio.file.Path.of("gone.jpg")));

        assertThat(gallery.thumbnailRequests).containsExactly(card.id());
        assertThat(model.items().get(1).card().thumbnail()).isNull();
        assertThat(notifier.errors).isEmpty();
    }

    @Test
    void thumbnailsThatCannotBeFetched_areToldOnce_notOncePerPage() {
        FakeGallery gallery = new FakeGallery(500);
        gallery.thumbnailProblem = "60 thumbnails could not be fetched: Could not read k/1-thumb.jpg: S3 is not reachable";
        GalleryViewModel model = model(gallery);
        model.load();
        model.showing(200, 229);
        model.showing(400, 429);

        assertThat(gallery.pageRequests.size()).isGreaterThan(2);
        assertThat(notifier.errors).containsExactly(gallery.thumbnailProblem);
        assertThat(model.items().get(0)).as("the grid shows the photos all the same").isNotNull();
    }

    @Test
    void anEmptyGallery_saysHowToFillIt() {
        GalleryViewModel model = model(new FakeGallery(0));
        model.load();
        assertThat(model.emptyProperty().get()).isTrue();
        assertThat(model.headlineProperty().get()).isEqualTo("0 photos");
        assertThat(model.emptyTextProperty().get()).contains("Upload");
    }
}
