package xraygallery.ui.gallery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import xraygallery.cloud.Labeler.Box;
import xraygallery.cloud.Labeler.Label;
import xraygallery.photos.Gallery;
import xraygallery.photos.GalleryDatabase.DatabaseUnavailableException;
import xraygallery.photos.GalleryException;
import xraygallery.photos.GalleryPage;
import xraygallery.photos.OpenedPhoto;
import xraygallery.photos.PageRequest;
import xraygallery.photos.Photo;
import xraygallery.photos.PhotoCard;
import xraygallery.photos.PhotoCard.TopLabel;
import xraygallery.photos.PhotoDetail;
import xraygallery.photos.User;

/** The photo service in memory, for view-model tests: photos newest first, a switch for a stopped database. */
final class FakeGallery implements GalleryService {
    static final String STOPPED = "The database (edx-photos-db in the local cloud) is not available. "
            + "Start it first (xray-gallery db start), then try again.";

    final User user = new User(7, "vera");
    /** Newest first. */
    final List<PhotoCard> photos = new ArrayList<>();
    final List<PageRequest> pageRequests = new ArrayList<>();
    final List<Long> thumbnailRequests = new ArrayList<>();
    final List<Long> deleted = new ArrayList<>();
    boolean databaseDown;
    /** What every page says about thumbnails it could not fetch (S3 down), or null. */
    String thumbnailProblem;
    Path thumbnailFile;
    private long nextId = 1;

    FakeGallery(int count) {
        for (int i = 0; i < count; i++) {
            add();
        }
    }

    /** A new photo on top; every third is a dog. */
    PhotoCard add() {
        long id = nextId++;
        List<TopLabel> labels = id % 3 == 0 ? List.of(new TopLabel("Dog", 90), new TopLabel("Animal", 90))
                : List.of(new TopLabel("Kite", 80));
        Photo photo = new Photo(id, user.id(), "photo-" + id + ".jpg", null, "image/jpeg", 4000, 3000, 2_500_000, "sha" + id,
                0, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(id), "k/" + id + ".jpg", "k/" + id + "-display.jpg",
                "k/" + id + "-thumb.jpg", String.format(Locale.ROOT, "1-65000000-%024x", id));
        PhotoCard card = new PhotoCard(photo, labels, thumbnailFile);
        photos.add(0, card);
        return card;
    }

    void remove(long id) {
        photos.removeIf(c -> c.id() == id);
    }

    @Override
    public GalleryPage page(User user, PageRequest request) {
        if (request.isSearch() && (request.labelPrefix().isBlank() || request.labelPrefix().strip().length() > 128)) {
            throw new GalleryException("Search for a label of 1 to 128 characters.");
        }
        pageRequests.add(request);
        checkDatabase();
        String prefix = request.isSearch() ? request.labelPrefix().strip() : null;
        List<PhotoCard> matching = prefix == null ? photos : photos.stream().filter(c -> c.labels().stream()
                .anyMatch(l -> l.name().toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT)))).toList();
        int from = Math.min(request.offset(), matching.size());
        int to = Math.min(matching.size(), request.offset() + request.limit());
        return new GalleryPage(prefix, request.offset(), matching.size(), matching.subList(from, to), thumbnailProblem);
    }

    @Override
    public OpenedPhoto view(User user, long photoId) {
        checkDatabase();
        PhotoCard card = photos.stream().filter(c -> c.id() == photoId).findFirst()
                .orElseThrow(() -> new Gallery.NoSuchPhotoException(photoId));
        List<Label> labels = card.labels().stream().map(l -> new Label(l.name(), l.confidence(), List.of(),
                List.of(new Box(0.1, 0.2, 0.3, 0.4, l.confidence())))).toList();
        return new OpenedPhoto(new PhotoDetail(card.photo(), labels, List.of(new Box(0.5, 0.1, 0.1, 0.1, 95))),
                thumbnailFile, null);
    }

    @Override
    public Path thumbnail(User user, Photo photo) throws IOException {
        thumbnailRequests.add(photo.id());
        checkDatabase();
        if (thumbnailFile == null || !Files.exists(thumbnailFile)) {
            throw new GalleryException("The thumbnail of " + photo.originalName() + " is missing from the photo store.");
        }
        return thumbnailFile;
    }

    @Override
    public void delete(User user, long photoId) {
        checkDatabase();
        if (photos.stream().noneMatch(c -> c.id() == photoId)) {
            throw new Gallery.NoSuchPhotoException(photoId);
        }
        remove(photoId);
        deleted.add(photoId);
    }

    private void checkDatabase() {
        if (databaseDown) {
            throw new DatabaseUnavailableException(STOPPED, null);
        }
    }
}
