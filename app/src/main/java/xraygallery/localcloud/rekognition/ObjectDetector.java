package xraygallery.localcloud.rekognition;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * NanoDet-g (COCO-80) on a 416×416 letterbox: the preprocessing and decoding recipe of
 * {@code tools/models/README.md} (planar BGR normalised by the upstream mean/std; per-level class
 * scores with sigmoid applied; box sides as 11-bin distributions; greedy NMS per class at IoU 0.5).
 * Thread-safe: the session is shared, every call has its own tensors.
 */
public final class ObjectDetector {
    static final int INPUT = 416;
    private static final int[] STRIDES = {8, 16, 32};
    private static final int BINS = 11;
    private static final float[] MEAN_BGR = {103.53f, 116.28f, 123.675f};
    private static final float[] STD_BGR = {57.375f, 57.12f, 58.395f};
    private static final double NMS_IOU = 0.5;
    private static final int MAX_DETECTIONS = 100;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final List<String> classNames;

    ObjectDetector(OrtEnvironment env, OrtSession session, List<String> classNames) {
        this.env = env;
        this.session = session;
        this.classNames = List.copyOf(classNames);
    }

    /** The COCO class names, by class id. */
    public List<String> classNames() {
        return classNames;
    }

    /** Objects scoring at least {@code minScore} (0..1), best first, at most 100. */
    public List<Detection> detect(RgbImage image, float minScore) {
        Letterbox box = Letterbox.of(image.width(), image.height(), INPUT);
        float[] input = tensor(image, box);
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 3, INPUT, INPUT});
             OrtSession.Result result = session.run(Map.of("input", tensor))) {
            List<Detection> candidates = new ArrayList<>();
            for (int stride : STRIDES) {
                float[] cls = floats(result, "cls_" + stride);
                float[] dist = floats(result, "box_" + stride);
                collect(candidates, stride, cls, dist, box, minScore);
            }
            return nmsPerClass(candidates);
        } catch (OrtException e) {
            throw new IllegalStateException("NanoDet inference failed", e);
        }
    }

    /** Planar B, G, R, normalised; the padding is a black pixel normalised the same way. */
    static float[] tensor(RgbImage image, Letterbox box) {
        int plane = INPUT * INPUT;
        float[] input = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            Arrays.fill(input, c * plane, (c + 1) * plane, -MEAN_BGR[c] / STD_BGR[c]);
        }
        float[] rgb = Resampler.resize(image, box.nw(), box.nh());
        for (int y = 0; y < box.nh(); y++) {
            int row = (y + box.dy()) * INPUT + box.dx();
            int src = y * box.nw() * 3;
            for (int x = 0; x < box.nw(); x++, src += 3) {
                int i = row + x;
                input[i] = (rgb[src + 2] - MEAN_BGR[0]) / STD_BGR[0];
                input[plane + i] = (rgb[src + 1] - MEAN_BGR[1]) / STD_BGR[1];
                input[2 * plane + i] = (rgb[src] - MEAN_BGR[2]) / STD_BGR[2];
            }
        }
        return input;
    }

    private void collect(List<Detection> out, int stride, float[] cls, float[] dist, Letterbox box, float minScore) {
        int cells = INPUT / stride;
        int classes = classNames.size();
        double[] sides = new double[4];
        for (int i = 0; i < cells * cells; i++) {
            boolean decoded = false;
            for (int c = 0; c < classes; c++) {
                float score = cls[i * classes + c];
                if (!(score >= minScore)) {
                    continue;
                }
                if (!decoded) {
                    sideDistances(dist, i, stride, sides);
                    decoded = true;
                }
                double cx = (i % cells + 0.5) * stride;
                double cy = (i / cells + 0.5) * stride;
                Box b = new Box(box.photoX(cx - sides[0]), box.photoY(cy - sides[1]),
                        box.photoX(cx + sides[2]), box.photoY(cy + sides[3])).clampTo(box.photoWidth(), box.photoHeight());
                out.add(new Detection(c, classNames.get(c), Math.min(score, 1f), b));
            }
        }
    }

    /** Left, top, right, bottom distances in input pixels: the expectation of each side's softmax. */
    private static void sideDistances(float[] dist, int cell, int stride, double[] sides) {
        for (int k = 0; k < 4; k++) {
            int base = cell * 4 * BINS + k * BINS;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < BINS; j++) {
                max = Math.max(max, dist[base + j]);
            }
            double sum = 0;
            double expectation = 0;
            for (int j = 0; j < BINS; j++) {
                double p = Math.exp(dist[base + j] - max);
                sum += p;
                expectation += j * p;
            }
            sides[k] = stride * expectation / sum;
        }
    }

    private static List<Detection> nmsPerClass(List<Detection> candidates) {
        candidates.sort(Comparator.comparingDouble((Detection d) -> d.score()).reversed());
        List<Detection> kept = new ArrayList<>();
        for (Detection d : candidates) {
            if (kept.size() == MAX_DETECTIONS) {
                break;
            }
            boolean suppressed = false;
            for (Detection k : kept) {
                if (k.classId() == d.classId() && k.box().iou(d.box()) > NMS_IOU) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept.add(d);
            }
        }
        return kept;
    }

    static float[] floats(OrtSession.Result result, String name) throws OrtException {
        OnnxTensor tensor = (OnnxTensor) result.get(name)
                .orElseThrow(() -> new IllegalStateException("model output " + name + " is missing"));
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }
}
