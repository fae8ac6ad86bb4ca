package xraygallery.photos;

/** A use-case failure with a message fit to show the user. */
public class GalleryException extends RuntimeException {
    public GalleryException(String message) {
        super(message);
    }

    public GalleryException(String message, Throwable cause) {
        super(message, cause);
    }
}
