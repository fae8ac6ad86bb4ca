package xraygallery.photos;

/**
 * What the header of an accepted photo says, read before any pixel is decoded.
 *
 * @param orientation the EXIF orientation (1 = as stored, 6 = rotate 90° clockwise, ...)
 */
public record PhotoInfo(PhotoFormat format, int width, int height, long bytes, int orientation) {

    /** Width and height as displayed, after the EXIF orientation is applied. */
    public boolean swapsSides() {
        return orientation >= 5 && orientation <= 8;
    }
}
