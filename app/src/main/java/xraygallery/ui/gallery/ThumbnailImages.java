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
    private record Key(Path file, int width, int height) {
    }

    private final Map<Key, Image> images;

    ThumbnailImages(int capacity) {
        this.images = new LinkedHashMap<>(capacity * 4 / 3 + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Image> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The image of {@code file} (a picture of {@code width × height}) decoded at the size it covers a square tile
     * of {@code side} pixels with, so that drawing it needs no scaling; loading in the background when new.
     */
    Image get(Path file, int width, int height, double side) {
        int s = (int) Math.ceil(side);
        double scale = s / (double) Math.max(1, Math.min(width, height));
        int w = Math.max(s, (int) Math.ceil(width * scale));
        int h = Math.max(s, (int) Math.ceil(height * scale));
        return images.computeIfAbsent(new Key(file, w, h), k -> new Image(file.toUri().toString(), w, h, false, true, true));
    }

    /** Forgets a file that could not be read (it will be fetched again). */
    void forget(Path file) {
        images.keySet().removeIf(key -> key.file().equals(file));
    }
}
