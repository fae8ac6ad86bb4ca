package xraygallery.localcloud.rekognition;

/**
 * Rekognition's {@code BoundingBox}: position and size as ratios of the upright photo's width and
 * height, each clamped to [0, 1].
 */
public record BoundingBox(float width, float height, float left, float top) {

    /** The ratios of a pixel box in a {@code photoWidth}×{@code photoHeight} photo. */
    public static BoundingBox of(Box box, int photoWidth, int photoHeight) {
        Box b = box.clampTo(photoWidth, photoHeight);
        float left = ratio(b.x1(), photoWidth);
        float top = ratio(b.y1(), photoHeight);
        float right = ratio(b.x2(), photoWidth);
        float bottom = ratio(b.y2(), photoHeight);
        return new BoundingBox(Math.max(0f, right - left), Math.max(0f, bottom - top), left, top);
    }

    /** A coordinate as a ratio of a length, clamped to [0, 1] (NaN → 0). */
    static float ratio(double value, int length) {
        double r = value / length;
        return r > 0 ? (float) Math.min(r, 1.0) : 0f;
    }
}
