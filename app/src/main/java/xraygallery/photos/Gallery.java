package xraygallery.photos;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import xraygallery.cloud.PhotoStore;

/**
 * What a signed-in user sees and does with saved photos: pages of "my photos" (newest first),
 * search by label (case-insensitive prefix), a photo's detail, its bytes or a presigned URL, and
 * delete. Everything is scoped to the user: another user's photo id is simply "no such photo".
 * Thumbnails are cached on disk by key, since a key never changes its content.
 */
public final class Gallery {
    public static final int MAX_PAGE = 200;

    private final GalleryDatabase database;
    private final PhotoStore store;
    private final ActionTracing tracing;
    private final Path thumbnailCache;

    public Gallery(GalleryDatabase database, PhotoStore store, ActionTracing tracing, Path thumbnailCache) {
        this.database = database;
        this.store = store;
        this.tracing = tracing;
        this.thumbnailCache = thumbnailCache;
    }

    /** Which stored copy of a photo. */
    public enum Variant { ORIGINAL, DISPLAY, THUMBNAIL }

    /** Page {@code page} (from 0) of the user's photos, newest first. */
    public List<Photo> myPhotos(User user, int page, int pageSize) throws IOException {
        int size = checkPage(page, pageSize);
        return tracing.action("list_photos", user.name(),
                () -> database.inTransaction(c -> PhotoRepository.page(c, user.id(), page * size, size)));
    }

    /** The user's photos with a label starting with {@code prefix} (any case), newest first. */
    public List<Photo> search(User user, String prefix, int page, int pageSize) throws IOException {
        int size = checkPage(page, pageSize);
        String p = prefix == null ? "" : prefix.strip();
        if (p.isEmpty() || p.length() > 128) {
            throw new GalleryException("Search for a label of 1 to 128 characters.");
        }
        return tracing.action("search_labels", user.name(),
                () -> database.inTransaction(c -> PhotoRepository.withLabel(c, user.id(), p, page * size, size)));
    }

    /** A photo with its labels and faces; {@link NoSuchPhotoException} if the user has no such photo. */
    public PhotoDetail detail(User user, long photoId) throws IOException {
        return tracing.action("view_photo", user.name(), () -> database.inTransaction(c -> {
            Photo photo = PhotoRepository.find(c, user.id(), photoId).orElseThrow(() -> new NoSuchPhotoException(photoId));
            return new PhotoDetail(photo, PhotoRepository.labels(c, photoId), PhotoRepository.faces(c, photoId));
        }));
    }

    /** Deletes the photo's row and its three objects. */
    public void delete(User user, long photoId) throws IOException {
        tracing.action("delete_photo", user.name(), () -> {
            Photo photo = database.inTransaction(c -> {
                Photo found = PhotoRepository.find(c, user.id(), photoId).orElseThrow(() -> new NoSuchPhotoException(photoId));
                PhotoRepository.delete(c, user.id(), photoId);
                return found;
            });
            // the row is gone first: no row ever points at a missing object
            new PhotoKeys(photo.originalKey(), photo.displayKey(), photo.thumbnailKey()).removeFrom(store);
            Files.deleteIfExists(cachePath(photo.thumbnailKey()));
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

    /** The thumbnail as a local file, fetched once and then served from the disk cache. */
    public Path thumbnail(User user, Photo photo) throws IOException {
        if (photo.ownerId() != user.id()) {
            throw new NoSuchPhotoException(photo.id());
        }
        Path cached = cachePath(photo.thumbnailKey());
        if (!Files.exists(cached)) {
            Files.createDirectories(cached.getParent());
            Path temp = Files.createTempFile(cached.getParent(), "thumb", ".part");
            try (InputStream in = store.open(photo.thumbnailKey())) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
        return cached;
    }

    private Photo owned(User user, long photoId) throws IOException {
        return database.inTransaction(c -> PhotoRepository.find(c, user.id(), photoId)
                .orElseThrow(() -> new NoSuchPhotoException(photoId)));
    }

    private Path cachePath(String key) {
        // keys are photos/<digits>/<uuid>-thumb.jpg: flatten to one safe file name
        return thumbnailCache.resolve(key.replaceAll("[^A-Za-z0-9._-]", "_").toLowerCase(Locale.ROOT));
    }

    private static String key(Photo photo, Variant variant) {
        return switch (variant) {
            case ORIGINAL -> photo.originalKey();
            case DISPLAY -> photo.displayKey();
            case THUMBNAIL -> photo.thumbnailKey();
        };
    }

    private static int checkPage(int page, int pageSize) {
        if (page < 0 || pageSize < 1 || pageSize > MAX_PAGE) {
            throw new GalleryException("Pages start at 0 and hold 1 to " + MAX_PAGE + " photos.");
        }
        return pageSize;
    }

    /** The user has no photo with that id (it may be another user's). */
    public static final class NoSuchPhotoException extends GalleryException {
        public NoSuchPhotoException(long photoId) {
            super("No photo " + photoId + " in your gallery.");
        }
    }
}
