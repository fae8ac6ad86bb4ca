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
 * MediaPipe BlazeFace ("back", full range) on a 256×256 letterbox: interleaved RGB scaled to
 * [−1, 1]; 896 anchors on two levels; box and six landmarks regressed from each anchor centre;
 * greedy NMS at IoU 0.3. Recipe: {@code tools/models/README.md}. Thread-safe like
 * {@link ObjectDetector}.
 */
public final class FaceDetector {
    static final int INPUT = 256;
    /** The README's measured cut-off: human faces score 0.82–0.89, a dog's face 0.62. */
    public static final float MIN_SCORE = 0.75f;
    private static final double NMS_IOU = 0.3;
    private static final int LANDMARKS = 6;
    /** Per level: score output, regressor output, cells per row, anchors per cell. */
    private static final Level[] LEVELS = {
        new Level("Identity:0", "Identity_2:0", 16, 2),
        new Level("Identity_1:0", "Identity_3:0", 8, 6),
    };

    private record Level(String scores, String regressors, int cells, int anchors) {
    }

    private final OrtEnvironment env;
    private final OrtSession session;

    FaceDetector(OrtEnvironment env, OrtSession session) {
        this.env = env;
        this.session = session;
    }

    /** Faces scoring at least {@link #MIN_SCORE}, best first. */
    public List<Face> detect(RgbImage image) {
        Letterbox box = Letterbox.of(image.width(), image.height(), INPUT);
        float[] input = tensor(image, box);
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, INPUT, INPUT, 3});
             OrtSession.Result result = session.run(Map.of("input:0", tensor))) {
            List<Face> faces = new ArrayList<>();
            for (Level level : LEVELS) {
                collect(faces, level, ObjectDetector.floats(result, level.scores()),
                        ObjectDetector.floats(result, level.regressors()), box);
            }
            return nms(faces);
        } catch (OrtException e) {
            throw new IllegalStateException("BlazeFace inference failed", e);
        }
    }

    /** NHWC RGB in [−1, 1]; the padding is black, i.e. −1. */
    static float[] tensor(RgbImage image, Letterbox box) {
        float[] input = new float[INPUT * INPUT * 3];
        Arrays.fill(input, -1f);
        float[] rgb = Resampler.resize(image, box.nw(), box.nh());
        for (int y = 0; y < box.nh(); y++) {
            int dst = ((y + box.dy()) * INPUT + box.dx()) * 3;
            int src = y * box.nw() * 3;
            for (int j = 0; j < box.nw() * 3; j++) {
                input[dst + j] = rgb[src + j] / 127.5f - 1f;
            }
        }
        return input;
    }

    private static void collect(List<Face> out, Level level, float[] logits, float[] regressors, Letterbox box) {
        int g = level.cells();
        for (int i = 0; i < g * g * level.anchors(); i++) {
            float score = (float) (1.0 / (1.0 + Math.exp(-Math.max(-100.0, Math.min(100.0, logits[i])))));
            if (!(score >= MIN_SCORE)) {
                continue;
            }
            int cell = i / level.anchors();
            double ax = (cell % g + 0.5) / g;
            double ay = (cell / g + 0.5) / g;
            int r = i * 16;
            double cx = ax + regressors[r] / INPUT;
            double cy = ay + regressors[r + 1] / INPUT;
            double w = regressors[r + 2] / INPUT;
            double h = regressors[r + 3] / INPUT;
            Box face = new Box(photoX(box, cx - w / 2), photoY(box, cy - h / 2),
                    photoX(box, cx + w / 2), photoY(box, cy + h / 2)).clampTo(box.photoWidth(), box.photoHeight());
            List<Face.Point> landmarks = new ArrayList<>(LANDMARKS);
            for (int k = 0; k < LANDMARKS; k++) {
                landmarks.add(new Face.Point(photoX(box, ax + regressors[r + 4 + 2 * k] / INPUT),
                        photoY(box, ay + regressors[r + 5 + 2 * k] / INPUT)));
            }
            out.add(new Face(score, face, landmarks));
        }
    }

    private static double photoX(Letterbox box, double normalised) {
        return box.photoX(normalised * INPUT);
    }

    private static double photoY(Letterbox box, double normalised) {
        return box.photoY(normalised * INPUT);
    }

    private static List<Face> nms(List<Face> faces) {
        faces.sort(Comparator.comparingDouble((Face f) -> f.score()).reversed());
        List<Face> kept = new ArrayList<>();
        for (Face f : faces) {
            if (kept.stream().noneMatch(k -> k.box().iou(f.box()) > NMS_IOU)) {
                kept.add(f);
            }
        }
        return kept;
    }
}
