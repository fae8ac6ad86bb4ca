package xraygallery.ui.gallery;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.scene.image.Image;

/**
 * Decoded thumbnails, the most recently used kept (a screenful and a few more): each is read from its cached file
 * and decoded by JavaFX's background loader, never on the FX thread.
 */
final class ThumbnailImages {
    private final Map<Path, Image> images;

    ThumbnailImages(int capacity) {
        this.images = new LinkedHashMap<>(capacity * 4 / 3 + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Path, Image> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The image of {@code file}, loading in the background when new. */
    Image get(Path file) {
        return images.computeIfAbsent(file, f -> new Image(f.toUri().toString(), true));
    }

    /** Forgets a file that could not be read (it will be fetched again). */
    void forget(Path file) {
        images.remove(file);
    }
}
