package xraygallery.localcloud.rekognition;

import java.util.Objects;

/**
 * Upright 8-bit sRGB pixels, interleaved R, G, B, row by row: what the detectors read. The array
 * is owned by the image; nothing writes to it after construction.
 *
 * @param width pixels per row
 * @param height rows
 * @param rgb {@code width·height·3} bytes, pixel (x, y) channel c at {@code (y·width + x)·3 + c}
 */
public record RgbImage(int width, int height, byte[] rgb) {

    public RgbImage {
        Objects.requireNonNull(rgb, "rgb");
        if (width <= 0 || height <= 0 || (long) width * height * 3 != rgb.length) {
            throw new IllegalArgumentException("rgb must hold " + width + "×" + height + "×3 bytes, not " + rgb.length);
        }
    }
}
