package xraygallery.ui.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import xraygallery.photos.PhotoCard;
import xraygallery.ui.common.CurrentThreadTaskExecutor;
import xraygallery.ui.common.RecordingNotifier;

/** The opened photo's model on a fake photo service. */
class PhotoDetailViewModelTest {
    private final FakeGallery gallery = new FakeGallery(3);
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final List<Long> removed = new ArrayList<>();
    private final PhotoDetailViewModel model = new PhotoDetailViewModel(gallery, gallery.user,
            new CurrentThreadTaskExecutor(), notifier, removed::add);

    @Test
    void opening_showsTheFactsLabelsBoxesAndFaces_andTheUploadTrace() {
        PhotoCard dog = gallery.photos.get(0);

        model.open(dog);

        assertThat(model.showingProperty().get()).isTrue();
        assertThat(model.fileNameProperty().get()).isEqualTo("photo-3.jpg");
        assertThat(model.dimensionsProperty().get()).isEqualTo("4,000 × 3,000 px");
        assertThat(model.fileSizeProperty().get()).isEqualTo("2.4 MB");
        assertThat(model.traceIdProperty().get()).isEqualTo(dog.photo().uploadTraceId());
        assertThat(model.labels()).extracting(LabelRow::name).containsExactly("Dog", "Animal");
        assertThat(model.labels().get(0).percent()).isEqualTo("90 %");
        assertThat(model.objectBoxes()).extracting(DetectedBox::caption).containsExactly("Dog 90%", "Animal 90%");
        assertThat(model.faceBoxes()).singleElement().satisfies(face -> {
            assertThat(face.kind()).isEqualTo(DetectedBox.Kind.FACE);
            assertThat(face.left()).isEqualTo(0.5);
        });
        assertThat(model.loadingProperty().get()).isFalse();
        assertThat(model.messageProperty().get()).isEmpty();
    }

    @Test
    void deleting_closesIt_andTellsTheGrid() {
        PhotoCard photo = gallery.photos.get(1);
        model.open(photo);

        model.delete();

        assertThat(gallery.deleted).containsExactly(photo.id());
        assertThat(removed).containsExactly(photo.id());
        assertThat(model.showingProperty().get()).isFalse();
        assertThat(notifier.infos).containsExactly("Deleted photo-2.jpg.");
    }

    @Test
    void withTheDatabaseStopped_itSaysSo() {
        gallery.databaseDown = true;
        model.open(gallery.photos.get(0));
        assertThat(model.messageProperty().get()).isEqualTo(FakeGallery.STOPPED);
        assertThat(model.fileNameProperty().get()).as("what the card knew stays").isEqualTo("photo-3.jpg");
        assertThat(removed).isEmpty();
    }

    @Test
    void sizesReadLikeAPersonWouldSayThem() {
        assertThat(PhotoDetailViewModel.humanBytes(512)).isEqualTo("512 bytes");
        assertThat(PhotoDetailViewModel.humanBytes(94_000)).isEqualTo("92 KB");
        assertThat(PhotoDetailViewModel.humanBytes(2_500_000)).isEqualTo("2.4 MB");
    }
}
