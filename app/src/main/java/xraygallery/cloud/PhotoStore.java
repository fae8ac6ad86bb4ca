package xraygallery.cloud;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where photo bytes live (S3): originals, display copies and thumbnails, by key. Failures are
 * {@link StorageException}s, never SDK types.
 */
public interface PhotoStore {

    /** The bucket (or container) name, for labelers that read objects in place. */
    String bucket();

    /** Creates the bucket if it does not exist yet. */
    void ensureExists();

    /** Stores a file under {@code key}. */
    void put(String key, Path file, String contentType);

    /** Stores bytes under {@code key}. */
    void put(String key, byte[] bytes, String contentType);

    /** Opens an object; {@link PhotoNotFoundException} when absent. */
    InputStream open(String key);

    /** Removes an object; absent objects are not an error. */
    void delete(String key);

    /** Whether an object exists. */
    boolean exists(String key);

    /** A URL anyone holding it can GET the object with, until it expires. */
    URI presignedGet(String key, Duration validFor);

    /** Storing or reading failed; {@link #isRetryable()} says whether trying later may work. */
    final class StorageException extends CloudCallException {
        public StorageException(String message, boolean retryable, Throwable cause) {
            super(message, retryable, cause);
        }
    }

    /** Thrown when a key has no object. */
    final class PhotoNotFoundException extends RuntimeException {
        public PhotoNotFoundException(String key) {
            super("no stored object " + key);
        }
    }
}
