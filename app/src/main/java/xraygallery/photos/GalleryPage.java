package xraygallery.photos;

import java.util.List;

/**
 * One page of "my photos" or of a label search, newest first.
 *
 * @param labelPrefix the search, or null for all photos
 * @param offset where the page starts among all matching photos (0 = the newest)
 * @param total how many photos match in all
 * @param photos the page's photos
 * @param thumbnailProblem why some thumbnails could not be fetched (other than being missing), or null
 */
public record GalleryPage(String labelPrefix, int offset, int total, List<PhotoCard> photos, String thumbnailProblem) {
    public GalleryPage {
        photos = List.copyOf(photos);
    }
}
