package xraygallery.photos;

import java.io.IOException;

/**
 * Where an upload leaves local copies of what it just stored (the thumbnail and the display copy), so the
 * gallery shows a new photo without fetching it back from the photo store.
 */
@FunctionalInterface
interface LocalCopies {
    /** Keeps none. */
    LocalCopies NONE = (keys, resized) -> { };

    void keep(PhotoKeys keys, PhotoResizer.Resized resized) throws IOException;

    /** Into the gallery's caches of thumbnails and display copies. */
    static LocalCopies inCaches(DiskCache thumbnails, DiskCache displayCopies) {
        return (keys, resized) -> {
            thumbnails.put(keys.thumbnail(), resized.thumbnail());
            displayCopies.put(keys.display(), resized.display());
        };
    }
}
