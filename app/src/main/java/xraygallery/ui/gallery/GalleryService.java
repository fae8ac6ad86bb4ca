package xraygallery.ui.gallery;

import java.io.IOException;
import java.nio.file.Path;
import xraygallery.photos.Gallery;
import xraygallery.photos.GalleryPage;
import xraygallery.photos.OpenedPhoto;
import xraygallery.photos.PageRequest;
import xraygallery.photos.Photo;
import xraygallery.photos.User;

/**
 * What the gallery's views ask of the photo service; {@link #of} adapts the real use-case, view-model tests pass a
 * fake. Every method blocks (SQL, S3): view-models call them through the task executor only.
 */
public interface GalleryService {
    /** A page of photos or of a search, with the page's thumbnails in the disk cache. */
    GalleryPage page(User user, PageRequest request) throws IOException;

    /** A photo's detail and display copy. */
    OpenedPhoto view(User user, long photoId) throws IOException;

    /** One thumbnail that is not (or no longer) in the disk cache. */
    Path thumbnail(User user, Photo photo) throws IOException;

    void delete(User user, long photoId) throws IOException;

    static GalleryService of(Gallery gallery) {
        return new GalleryService() {
            @Override
            public GalleryPage page(User user, PageRequest request) throws IOException {
                return gallery.page(user, request);
            }

            @Override
            public OpenedPhoto view(User user, long photoId) throws IOException {
                return gallery.view(user, photoId);
            }

            @Override
            public Path thumbnail(User user, Photo photo) throws IOException {
                return gallery.thumbnail(user, photo);
            }

            @Override
            public void delete(User user, long photoId) throws IOException {
                gallery.delete(user, photoId);
            }
        };
    }
}
