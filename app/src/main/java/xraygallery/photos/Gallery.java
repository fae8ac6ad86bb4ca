package xraygallery.photos;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.cloud.PhotoStore;
import xraygallery.cloud.PhotoStore.PhotoNotFoundException;

/**
 * What a signed-in user sees and does with saved photos: pages of "my photos" (newest first) or of a label search
 * (case-insensitive prefix) with each photo's top labels, the total and the page's thumbnails; a photo opened with
 * its detail and display copy; delete. Everything is scoped to the user: another user's photo id is simply "no such
 * photo".
 *
 * <p>Each of these is one traced action. Thumbnails and display copies are kept in disk caches by key (a key never
 * changes its content): a page's missing thumbnails are fetched inside the page's action, several at a time on
 * threads that carry the action's trace context, so scrolling back over cached ones makes no trace at all.
 */
public final class Gallery {
    private static final Logger LOG = LoggerFactory.getLogger(Gallery.class);
    public static final int MAX_PAGE = 200;
    /** The longest label search. */
    public static final int MAX_SEARCH = 128;
    /** How many labels a page gives per photo. */
    public static final int CARD_LABELS = 4;
    /** How many thumbnails of a page are fetched at once. */
    static final int FETCH_PARALLELISM = 4;
    static final long THUMBNAIL_CACHE_BYTES = 1L << 30;
    static final long DISPLAY_CACHE_BYTES = 512L << 20;

    private final GalleryDatabase database;
    private final PhotoStore store;
    private final ActionTracing tracing;
    private final DiskCache thumbnails;
    private final DiskCache displayCopies;
    private final ThreadPoolExecutor fetchers;

    /** On caches shared with the upload pipeline, which keeps a new photo's copies there. */
    Gallery(GalleryDatabase database, PhotoStore store, ActionTracing tracing, DiskCache thumbnails,
            DiskCache displayCopies) {
        this.database = database;
        this.store = store;
        this.tracing = tracing;
        this.thumbnails = thumbnails;
        this.displayCopies = displayCopies;
        AtomicInteger ids = new AtomicInteger();
        this.fetchers = new ThreadPoolExecutor(FETCH_PARALLELISM, FETCH_PARALLELISM, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "gallery-fetch-" + ids.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        fetchers.allowCoreThreadTimeOut(true);
    }

    /** Which stored copy of a photo. */
    public enum Variant { ORIGINAL, DISPLAY, THUMBNAIL }

    /**
     * A page of the user's photos ({@code list_photos}) or of a label search ({@code search_labels}): the photos
     * with their top labels (one query for the whole page) and the total, and, when asked, the page's thumbnails
     * that are not cached yet, fetched from S3 inside the same action. A thumbnail that cannot be fetched is left
     * null (the page still comes back).
     */
    public GalleryPage page(User user, PageRequest request) throws IOException {
        checkRange(request.offset(), request.limit());
        String prefix = request.isSearch() ? checkSearch(request.labelPrefix()) : null;
        return tracing.action(prefix == null ? "list_photos" : "search_labels", user.name(), () -> {
            Listing listing = database.inTransaction(c -> {
                int total = prefix == null ? PhotoRepository.count(c, user.id())
                        : PhotoRepository.countWithLabel(c, user.id(), prefix);
                if (request.offset() >= total) {
                    return new Listing(total, List.of(), Map.of());
                }
                List<Photo> photos = prefix == null
                        ? PhotoRepository.page(c, user.id(), request.offset(), request.limit())
                        : PhotoRepository.withLabel(c, user.id(), prefix, request.offset(), request.limit());
                return new Listing(total, photos,
                        PhotoRepository.topLabels(c, photos.stream().map(Photo::id).toList(), CARD_LABELS));
            });
            List<PhotoCard> cards = new ArrayList<>(listing.photos().size());
            for (Photo photo : listing.photos()) {
                cards.add(new PhotoCard(photo, listing.labels().getOrDefault(photo.id(), List.of()),
                        thumbnails.cached(photo.thumbnailKey())));
            }
            String problem = request.thumbnails() ? fetchMissingThumbnails(cards) : null;
            tracing.annotate("photos", cards.size());
            tracing.annotate("total", listing.total());
            return new GalleryPage(prefix, request.offset(), listing.total(), cards, problem);
        });
    }

    private record Listing(int total, List<Photo> photos, Map<Long, List<PhotoCard.TopLabel>> labels) {
    }

    /** Fetches the cards' missing thumbnails in parallel (in the current action); replaces the cards in place. */
    private String fetchMissingThumbnails(List<PhotoCard> cards) {
        List<CompletableFuture<Void>> fetches = new ArrayList<>();
        AtomicInteger missing = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstProblem = new AtomicReference<>();
        for (int i = 0; i < cards.size(); i++) {
            PhotoCard card = cards.get(i);
            if (card.thumbnail() != null) {
                continue;
            }
            int index = i;
            fetches.add(CompletableFuture.runAsync(tracing.inCurrentContext(() -> {
                try {
                    Path file = thumbnails.fetch(card.photo().thumbnailKey(), store);
                    synchronized (cards) {
                        cards.set(index, card.withThumbnail(file));
                    }
                } catch (PhotoNotFoundException e) {
                    missing.incrementAndGet();
                    LOG.warn("photo {} has no thumbnail object {}", card.id(), card.photo().thumbnailKey());
                } catch (IOException | RuntimeException e) {
                    failed.incrementAndGet();
                    firstProblem.compareAndSet(null, e.getMessage());
                    LOG.warn("could not fetch the thumbnail of photo {}: {}", card.id(), e.toString());
                }
            }), fetchers));
        }
        CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new)).join();
        tracing.annotate("thumbnails_fetched", fetches.size() - missing.get() - failed.get());
        if (missing.get() > 0) {
            tracing.annotate("thumbnails_missing", missing.get());
        }
        if (failed.get() == 0) {
            return null;
        }
        return failed.get() + (failed.get() == 1 ? " thumbnail" : " thumbnails") + " could not be fetched: "
                + firstProblem.get();
    }

    /**
     * The thumbnail of one of the user's photos as a local file: from the disk cache, or else fetched in its own
     * {@code load_thumbnail} action. {@link NoSuchPhotoException} when its object is gone.
     */
    public Path thumbnail(User user, Photo photo) throws IOException {
        if (photo.ownerId() != user.id()) {
            throw new NoSuchPhotoException(photo.id());
        }
        Path cached = thumbnails.cached(photo.thumbnailKey());
        if (cached != null) {
            return cached;
        }
        return tracing.action("load_thumbnail", user.name(), () -> {
            try {
                return thumbnails.fetch(photo.thumbnailKey(), store);
            } catch (PhotoNotFoundException e) {
                throw new GalleryException("The thumbnail of " + photo.originalName() + " is missing from the photo store.", e);
            }
        });
    }

    /**
     * Opens one of the user's photos ({@code view_photo}): its detail (labels with confidence and boxes, faces) and
     * its display copy, fetched into the disk cache inside the same action when not cached yet.
     * {@link NoSuchPhotoException} if the user has no such photo (deleted meanwhile, say).
     */
    public OpenedPhoto view(User user, long photoId) throws IOException {
        return tracing.action("view_photo", user.name(), () -> {
            PhotoDetail detail = database.inTransaction(c -> loadDetail(c, user, photoId));
            String key = detail.photo().displayKey();
            try {
                return new OpenedPhoto(detail, displayCopies.fetch(key, store), null);
            } catch (PhotoNotFoundException e) {
                LOG.warn("photo {} has no display copy {}", photoId, key);
                return new OpenedPhoto(detail, null, "The display copy of this photo is missing from the photo store.");
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not fetch the display copy of photo {}: {}", photoId, e.toString());
                return new OpenedPhoto(detail, null, e.getMessage());
            }
        });
    }

    /** Page {@code page} (from 0) of the user's photos, newest first (rows only). */
    public List<Photo> myPhotos(User user, int page, int pageSize) throws IOException {
        int size = checkPage(page, pageSize);
        return tracing.action("list_photos", user.name(),
                () -> database.inTransaction(c -> PhotoRepository.page(c, user.id(), page * size, size)));
    }

    /** The user's photos with a label starting with {@code prefix} (any case), newest first (rows only). */
    public List<Photo> search(User user, String prefix, int page, int pageSize) throws IOException {
        int size = checkPage(page, pageSize);
        String p = checkSearch(prefix);
        return tracing.action("search_labels", user.name(),
                () -> database.inTransaction(c -> PhotoRepository.withLabel(c, user.id(), p, page * size, size)));
    }

    /** A photo with its labels and faces; {@link NoSuchPhotoException} if the user has no such photo. */
    public PhotoDetail detail(User user, long photoId) throws IOException {
        return tracing.action("view_photo", user.name(), () -> database.inTransaction(c -> loadDetail(c, user, photoId)));
    }

    private static PhotoDetail loadDetail(java.sql.Connection c, User user, long photoId) throws java.sql.SQLException {
        Photo photo = PhotoRepository.find(c, user.id(), photoId).orElseThrow(() -> new NoSuchPhotoException(photoId));
        return new PhotoDetail(photo, PhotoRepository.labels(c, photoId), PhotoRepository.faces(c, photoId));
    }

    /** Deletes the photo's row, its three objects and its cached copies. */
    public void delete(User user, long photoId) throws IOException {
        tracing.action("delete_photo", user.name(), () -> {
            Photo photo = database.inTransaction(c -> {
                Photo found = PhotoRepository.find(c, user.id(), photoId).orElseThrow(() -> new NoSuchPhotoException(photoId));
                PhotoRepository.delete(c, user.id(), photoId);
                return found;
            });
            // the row is gone first: no row ever points at a missing object
            new PhotoKeys(photo.originalKey(), photo.displayKey(), photo.thumbnailKey()).removeFrom(store);
            thumbnails.remove(photo.thumbnailKey());
            displayCopies.remove(photo.displayKey());
            return null;
        });
    }

    /** Opens the bytes of one copy of the user's photo. */
    public InputStream open(User user, long photoId, Variant variant) throws IOException {
        Photo photo = owned(user, photoId);
        return store.open(key(photo, variant));
    }

    /** A URL that fetches one copy of the user's photo for {@code validFor}. */
    public URI presignedUrl(User user, long photoId, Variant variant, Duration validFor) throws IOException {
        return store.presignedGet(key(owned(user, photoId), variant), validFor);
    }

    private Photo owned(User user, long photoId) throws IOException {
        return database.inTransaction(c -> PhotoRepository.find(c, user.id(), photoId)
                .orElseThrow(() -> new NoSuchPhotoException(photoId)));
    }

    private static String key(Photo photo, Variant variant) {
        return switch (variant) {
            case ORIGINAL -> photo.originalKey();
            case DISPLAY -> photo.displayKey();
            case THUMBNAIL -> photo.thumbnailKey();
        };
    }

    /** The search as the service runs it (stripped), or the message a user sees. */
    private static String checkSearch(String prefix) {
        String p = prefix == null ? "" : prefix.strip();
        if (p.isEmpty() || p.length() > MAX_SEARCH) {
            throw new GalleryException("Search for a label of 1 to " + MAX_SEARCH + " characters.");
        }
        return p;
    }

    private static int checkPage(int page, int pageSize) {
        if (page < 0 || pageSize < 1 || pageSize > MAX_PAGE) {
            throw new GalleryException("Pages start at 0 and hold 1 to " + MAX_PAGE + " photos.");
        }
        return pageSize;
    }

    private static void checkRange(int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new GalleryException("Pages start at 0 and hold 1 to " + MAX_PAGE + " photos.");
        }
    }

    /** The user has no photo with that id (it may be another user's, or deleted meanwhile). */
    public static final class NoSuchPhotoException extends GalleryException {
        public NoSuchPhotoException(long photoId) {
            super("No photo " + photoId + " in your gallery.");
        }
    }
}
