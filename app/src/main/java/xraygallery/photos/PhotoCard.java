package xraygallery.photos;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A photo as a page of the gallery shows it: the row, its most confident labels, and its thumbnail in the disk
 * cache.
 *
 * @param labels the most confident labels, most confident first (at most {@link Gallery#CARD_LABELS})
 * @param thumbnail the cached thumbnail file, or null when it could not be fetched (missing from S3, S3 down) or was
 *     not asked for
 */
public record PhotoCard(Photo photo, List<TopLabel> labels, Path thumbnail) {
    public PhotoCard {
        Objects.requireNonNull(photo, "photo");
        labels = List.copyOf(labels);
    }

    /** A label's name and confidence (0–100). */
    public record TopLabel(String name, double confidence) {
    }

    public long id() {
        return photo.id();
    }

    /** The labels' names, most confident first. */
    public List<String> labelNames() {
        return labels.stream().map(TopLabel::name).toList();
    }

    /** The same card with another thumbnail file (null: none). */
    public PhotoCard withThumbnail(Path file) {
        return new PhotoCard(photo, labels, file);
    }
}
