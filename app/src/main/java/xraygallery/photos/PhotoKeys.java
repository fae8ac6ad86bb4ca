package xraygallery.photos;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.cloud.PhotoStore;

/**
 * The S3 keys of one photo: {@code photos/<userId>/<id>.<ext>} for the original, {@code -display.jpg}
 * and {@code -thumb.jpg} beside it. The id is the journal entry's, so a retried upload overwrites
 * its own earlier objects.
 */
record PhotoKeys(String original, String display, String thumbnail) {
    private static final Logger LOG = LoggerFactory.getLogger(PhotoKeys.class);

    static PhotoKeys of(long userId, String id, PhotoFormat format) {
        String base = "photos/" + userId + "/" + id;
        return new PhotoKeys(base + "." + format.extension(), base + "-display.jpg", base + "-thumb.jpg");
    }

    /** Removes all three objects; a failure is logged, not thrown, so it never hides the first error. */
    void removeFrom(PhotoStore store) {
        for (String key : new String[] {original, display, thumbnail}) {
            try {
                store.delete(key);
            } catch (RuntimeException e) {
                LOG.warn("could not remove {} after a failed upload: {}", key, e.getMessage());
            }
        }
    }
}
