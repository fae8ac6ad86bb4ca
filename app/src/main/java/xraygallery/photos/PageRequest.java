package xraygallery.photos;

/**
 * Which page of the gallery to read: all photos or those with a label starting with a prefix (any case), from an
 * offset, and whether to fetch the page's thumbnails into the disk cache as part of the same action.
 *
 * @param labelPrefix null: all photos; else the search, which {@link Gallery#page} checks (1 to 128 characters)
 */
public record PageRequest(String labelPrefix, int offset, int limit, boolean thumbnails) {

    /** Photos {@code offset} to {@code offset + limit - 1} of all, newest first, with their thumbnails. */
    public static PageRequest all(int offset, int limit) {
        return new PageRequest(null, offset, limit, true);
    }

    /** The same among the photos with a label starting with {@code prefix}. */
    public static PageRequest labelled(String prefix, int offset, int limit) {
        return new PageRequest(prefix == null ? "" : prefix, offset, limit, true);
    }

    /** The same page without fetching thumbnails (the command line). */
    public PageRequest withoutThumbnails() {
        return new PageRequest(labelPrefix, offset, limit, false);
    }

    public boolean isSearch() {
        return labelPrefix != null;
    }
}
