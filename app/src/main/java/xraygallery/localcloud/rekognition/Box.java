package xraygallery.localcloud.rekognition;

/**
 * An axis-aligned box in pixels of the upright photo: (x1, y1) top left, (x2, y2) bottom right.
 */
public record Box(double x1, double y1, double x2, double y2) {

    public double width() {
        return x2 - x1;
    }

    public double height() {
        return y2 - y1;
    }

    double area() {
        return Math.max(0, width()) * Math.max(0, height());
    }

    /** Intersection over union, 0 when either box is empty. */
    public double iou(Box other) {
        double ix = Math.min(x2, other.x2) - Math.max(x1, other.x1);
        double iy = Math.min(y2, other.y2) - Math.max(y1, other.y1);
        if (ix <= 0 || iy <= 0) {
            return 0;
        }
        double inter = ix * iy;
        double union = area() + other.area() - inter;
        return union > 0 ? inter / union : 0;
    }

    /** This box limited to a {@code width}×{@code height} photo; NaN sides become 0. */
    public Box clampTo(int width, int height) {
        return new Box(clamp(x1, width), clamp(y1, height), clamp(x2, width), clamp(y2, height));
    }

    /** Whether (x, y) lies inside the box. */
    public boolean contains(double x, double y) {
        return x >= x1 && x <= x2 && y >= y1 && y <= y2;
    }

    static double clamp(double v, double max) {
        return v > 0 ? Math.min(v, max) : 0;
    }
}
