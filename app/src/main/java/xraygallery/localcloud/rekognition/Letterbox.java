package xraygallery.localcloud.rekognition;

/**
 * The centred letterbox both models expect: the photo scaled by {@code r = min(S/W, S/H)} to
 * {@code nw×nh}, pasted at {@code (dx, dy)} on an S×S canvas. Model pixel = photo pixel · r + (dx, dy).
 * Rounding follows the reference ({@code tools/models/prep_input.py}): half to even, integer halves.
 */
record Letterbox(int size, int photoWidth, int photoHeight, double r, int nw, int nh, int dx, int dy) {

    static Letterbox of(int photoWidth, int photoHeight, int size) {
        double r = Math.min((double) size / photoWidth, (double) size / photoHeight);
        int nw = clamp((int) Math.rint(photoWidth * r), size);
        int nh = clamp((int) Math.rint(photoHeight * r), size);
        return new Letterbox(size, photoWidth, photoHeight, r, nw, nh, (size - nw) / 2, (size - nh) / 2);
    }

    private static int clamp(int v, int size) {
        return Math.max(1, Math.min(size, v));
    }

    /** A model-input x back in photo pixels (not clamped). */
    double photoX(double modelX) {
        return (modelX - dx) / r;
    }

    /** A model-input y back in photo pixels (not clamped). */
    double photoY(double modelY) {
        return (modelY - dy) / r;
    }
}
