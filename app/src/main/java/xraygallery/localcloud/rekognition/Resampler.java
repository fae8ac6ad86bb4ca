package xraygallery.localcloud.rekognition;

/**
 * Resizes an {@link RgbImage} the way the reference preprocessing does (Pillow's {@code BILINEAR}):
 * a separable triangle filter whose support grows with the reduction factor, so shrinking a large
 * photo averages all of its pixels instead of sampling a few. Output is float RGB, 0..255.
 */
final class Resampler {

    private Resampler() {
    }

    /** Interleaved RGB floats of {@code outW×outH}, pixel (x, y) channel c at {@code (y·outW + x)·3 + c}. */
    static float[] resize(RgbImage in, int outW, int outH) {
        Taps horizontal = Taps.of(in.width(), outW);
        Taps vertical = Taps.of(in.height(), outH);
        byte[] src = in.rgb();
        int inW = in.width();
        // horizontal pass, only over the rows the vertical pass reads
        int rowFirst = vertical.first[0];
        int rowLast = vertical.first[outH - 1] + vertical.count[outH - 1];
        float[] mid = new float[(rowLast - rowFirst) * outW * 3];
        for (int y = rowFirst; y < rowLast; y++) {
            int rowBase = y * inW * 3;
            int midBase = (y - rowFirst) * outW * 3;
            for (int x = 0; x < outW; x++) {
                int first = horizontal.first[x];
                int n = horizontal.count[x];
                int k = x * horizontal.stride;
                float r = 0;
                float g = 0;
                float b = 0;
                int p = rowBase + first * 3;
                for (int i = 0; i < n; i++, p += 3) {
                    float w = horizontal.weights[k + i];
                    r += w * (src[p] & 0xff);
                    g += w * (src[p + 1] & 0xff);
                    b += w * (src[p + 2] & 0xff);
                }
                int o = midBase + x * 3;
                mid[o] = r;
                mid[o + 1] = g;
                mid[o + 2] = b;
            }
        }
        float[] out = new float[outW * outH * 3];
        int rowFloats = outW * 3;
        for (int y = 0; y < outH; y++) {
            int first = vertical.first[y] - rowFirst;
            int n = vertical.count[y];
            int k = y * vertical.stride;
            int outBase = y * rowFloats;
            for (int i = 0; i < n; i++) {
                float w = vertical.weights[k + i];
                int midBase = (first + i) * rowFloats;
                for (int j = 0; j < rowFloats; j++) {
                    out[outBase + j] += w * mid[midBase + j];
                }
            }
            for (int j = 0; j < rowFloats; j++) {
                float v = out[outBase + j];
                out[outBase + j] = v < 0 ? 0 : Math.min(v, 255f);
            }
        }
        return out;
    }

    /** For each output index: the first input index, how many inputs, and their normalised weights. */
    private static final class Taps {
        final int[] first;
        final int[] count;
        final float[] weights;
        final int stride;

        private Taps(int[] first, int[] count, float[] weights, int stride) {
            this.first = first;
            this.count = count;
            this.weights = weights;
            this.stride = stride;
        }

        /** Pillow's {@code precompute_coeffs} with the bilinear (triangle) filter, support 1. */
        static Taps of(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale;
            int stride = (int) Math.ceil(support) * 2 + 1;
            int[] first = new int[outSize];
            int[] count = new int[outSize];
            float[] weights = new float[outSize * stride];
            double[] w = new double[stride];
            for (int o = 0; o < outSize; o++) {
                double center = (o + 0.5) * scale;
                int min = Math.max((int) (center - support + 0.5), 0);
                int max = Math.min((int) (center + support + 0.5), inSize);
                int n = Math.min(max - min, stride);
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    double t = Math.abs((i + min - center + 0.5) / filterScale);
                    w[i] = t < 1 ? 1 - t : 0;
                    sum += w[i];
                }
                for (int i = 0; i < n; i++) {
                    weights[o * stride + i] = (float) (sum > 0 ? w[i] / sum : 0);
                }
                first[o] = min;
                count[o] = Math.max(n, 0);
            }
            return new Taps(first, count, weights, stride);
        }
    }
}
