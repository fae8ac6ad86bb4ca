package xraygallery.ui.gallery;

/**
 * A box to draw over a photo: a labelled object or a face, in ratios (0–1) of the picture's width and height.
 *
 * @param caption what to write on it ("Dog 93%")
 */
public record DetectedBox(Kind kind, String caption, double left, double top, double width, double height) {
    /** Which detector found it. */
    public enum Kind { OBJECT, FACE }
}
