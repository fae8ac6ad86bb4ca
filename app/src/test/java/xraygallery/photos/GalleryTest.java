package xraygallery.photos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import xraygallery.photos.PhotoCard.TopLabel;

/** The gallery's pages, search, opening and deleting against a local cloud with its database. */
@Tag("integration")
class GalleryTest {
    private static final Instant OLDEST = Instant.parse("2026-01-01T00:00:00Z");
    private static GalleryTestBed bed;
    private static Gallery gallery;
    private static User ada;
    private static User bob;
    private static List<Long> adas;

    @BeforeAll
    static void start() throws Exception {
        bed = GalleryTestBed.start("gallery", true, ActionTracing.none());
        gallery = bed.services.gallery();
        ada = bed.services.accounts().signUp("ada", "ada's password".toCharArray());
        bob = bed.services.accounts().signUp("bob", "bob's password".toCharArray());
        GallerySeed seed = new GallerySeed();
        adas = seed.seed(bed.services, ada, 30, OLDEST, true);
        seed.seed(bed.services, bob, 3, OLDEST, true);
    }

    @AfterAll
    static void stop() {
        bed.close();
    }

    @Test
    void aPage_holdsTheNewestFirst_withTopLabels_theTotal_andCachedThumbnails() throws IOException {
        GalleryPage first = gallery.page(ada, PageRequest.all(0, 12));
        GalleryPage second = gallery.page(ada, PageRequest.all(12, 12));

        assertThat(first.total()).isEqualTo(30);
        assertThat(first.photos()).extracting(c -> c.photo().originalName())
                .startsWith("seed-29.jpg", "seed-28.jpg").hasSize(12);
        assertThat(second.photos().get(0).photo().originalName()).isEqualTo("seed-17.jpg");
        PhotoCard dog = first.photos().stream().filter(c -> c.photo().originalName().equals("seed-24.jpg")).findFirst()
                .orElseThrow();
        assertThat(dog.labels()).hasSize(Gallery.CARD_LABELS).first().isEqualTo(new TopLabel("Dog", 93));
        assertThat(dog.labelNames()).as("broader names after the specific one, each by confidence")
                .containsExactly("Dog", "Animal", "Pet", "Mammal");
        assertThat(first.photos()).allSatisfy(card -> assertThat(card.thumbnail()).isRegularFile()
                .startsWith(bed.config.appData().resolve("cache")));
        assertThat(first.thumbnailProblem()).isNull();
    }

    @Test
    void aPageBeyondTheEnd_isEmpty_butKnowsTheTotal() throws IOException {
        GalleryPage page = gallery.page(ada, PageRequest.all(30, 10).withoutThumbnails());
        assertThat(page.photos()).isEmpty();
        assertThat(page.total()).isEqualTo(30);
    }

    @Test
    void theSearch_isACaseInsensitivePrefix_withItsOwnTotal() throws IOException {
        GalleryPage dogs = gallery.page(ada, PageRequest.labelled("  dO ", 0, 50));
        GalleryPage animals = gallery.page(ada, PageRequest.labelled("ANIM", 0, 5));

        // photos 0, 8, 16, 24 are dogs
        assertThat(dogs.total()).isEqualTo(4);
        assertThat(dogs.labelPrefix()).isEqualTo("dO");
        assertThat(dogs.photos()).extracting(c -> c.photo().originalName())
                .containsExactly("seed-24.jpg", "seed-16.jpg", "seed-8.jpg", "seed-0.jpg");
        assertThat(animals.total()).isGreaterThan(5);
        assertThat(animals.photos()).hasSize(5);
        assertThat(gallery.page(ada, PageRequest.labelled("%", 0, 5)).total()).isZero();
    }

    @Test
    void searchesOfOnlySpacesOrOver128Characters_getTheServicesMessage() {
        assertThatThrownBy(() -> gallery.page(ada, PageRequest.labelled("   ", 0, 10)))
                .isInstanceOf(GalleryException.class).hasMessage("Search for a label of 1 to 128 characters.");
        assertThatThrownBy(() -> gallery.page(ada, PageRequest.labelled("d".repeat(129), 0, 10)))
                .isInstanceOf(GalleryException.class).hasMessage("Search for a label of 1 to 128 characters.");
        assertThatThrownBy(() -> gallery.page(ada, PageRequest.all(-1, 10))).isInstanceOf(GalleryException.class);
        assertThatThrownBy(() -> gallery.page(ada, PageRequest.all(0, Gallery.MAX_PAGE + 1)))
                .isInstanceOf(GalleryException.class);
    }

    @Test
    void anotherUsersPhotos_areNeverListedOrOpened() throws IOException {
        assertThat(gallery.page(bob, PageRequest.all(0, 50)).total()).isEqualTo(3);
        assertThat(gallery.page(bob, PageRequest.all(0, 50)).photos()).extracting(c -> c.photo().ownerId())
                .containsOnly(bob.id());
        assertThatThrownBy(() -> gallery.view(bob, adas.get(0))).isInstanceOf(Gallery.NoSuchPhotoException.class);
    }

    @Test
    void aThumbnailMissingFromS3_leavesAPlaceholder_andThePageStillComes() throws Exception {
        User cy = bed.services.accounts().signUp("cyd", "cyd's password".toCharArray());
        List<Long> ids = new GallerySeed().seed(bed.services, cy, 3, OLDEST, false);
        bed.services.photoStore().delete(GallerySeed.key(cy, 1, "-thumb.jpg"));

        GalleryPage page = gallery.page(cy, PageRequest.all(0, 10));

        assertThat(page.photos()).hasSize(3);
        assertThat(page.photos().get(1).id()).isEqualTo(ids.get(1));
        assertThat(page.photos().get(1).thumbnail()).isNull();
        assertThat(page.photos().get(0).thumbnail()).isRegularFile();
        assertThat(page.thumbnailProblem()).as("a missing object is not a failure of S3").isNull();
        Photo missing = page.photos().get(1).photo();
        assertThatThrownBy(() -> gallery.thumbnail(cy, missing)).isInstanceOf(GalleryException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void openingAPhoto_givesItsLabelsBoxesFaces_andItsDisplayCopyCachedInTheAppsData() throws IOException {
        long astronaut = adas.get(6);
        OpenedPhoto opened = gallery.view(ada, astronaut);

        assertThat(opened.photo().originalName()).isEqualTo("seed-6.jpg");
        assertThat(opened.detail().labels()).extracting(l -> l.name()).containsExactly("Human", "Person");
        assertThat(opened.detail().faces()).hasSize(1);
        assertThat(opened.displayCopy()).isRegularFile()
                .startsWith(bed.config.appData().resolve("cache").resolve("display"));
        assertThat(opened.displayCopy().toString()).doesNotStartWith(System.getProperty("java.io.tmpdir"));
        assertThat(Files.size(opened.displayCopy())).isPositive();
        assertThat(gallery.view(ada, adas.get(0)).detail().labels()).filteredOn(l -> l.name().equals("Dog"))
                .singleElement().satisfies(dog -> assertThat(dog.instances()).hasSize(1));
    }

    @Test
    void openingAPhotoDeletedMeanwhile_saysSo() throws Exception {
        User dee = bed.services.accounts().signUp("dee", "dee's password".toCharArray());
        List<Long> ids = new GallerySeed().seed(bed.services, dee, 2, OLDEST, true);
        OpenedPhoto opened = gallery.view(dee, ids.get(0));
        Path display = opened.displayCopy();

        gallery.delete(dee, ids.get(0));

        assertThatThrownBy(() -> gallery.view(dee, ids.get(0))).isInstanceOf(Gallery.NoSuchPhotoException.class)
                .hasMessage("No photo " + ids.get(0) + " in your gallery.");
        assertThat(display).as("its cached display copy goes with it").doesNotExist();
        assertThat(gallery.page(dee, PageRequest.all(0, 10)).total()).isEqualTo(1);
        assertThat(bed.services.photoStore().exists(GallerySeed.key(dee, 0, "-thumb.jpg"))).isFalse();
    }
}
