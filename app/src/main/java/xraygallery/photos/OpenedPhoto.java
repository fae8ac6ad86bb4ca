package xraygallery.photos;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A photo opened for viewing: its detail and its display copy in the disk cache.
 *
 * @param displayCopy the cached display copy (JPEG, at most 2048 px), or null when it could not be fetched
 * @param problem why the display copy could not be fetched, or null
 */
public record OpenedPhoto(PhotoDetail detail, Path displayCopy, String problem) {
    public OpenedPhoto {
        Objects.requireNonNull(detail, "detail");
    }

    public Photo photo() {
        return detail.photo();
    }
}
