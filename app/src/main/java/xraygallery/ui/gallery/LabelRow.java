package xraygallery.ui.gallery;

/**
 * A label as the detail lists it.
 *
 * @param confidence 0–100
 * @param boxes how many boxes the detector gave for it
 */
public record LabelRow(String name, double confidence, int boxes) {
    /** "93 %", as the detail shows it. */
    public String percent() {
        return Math.round(confidence) + " %";
    }
}
