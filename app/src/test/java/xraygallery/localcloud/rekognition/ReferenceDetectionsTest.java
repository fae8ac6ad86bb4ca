package xraygallery.localcloud.rekognition;

import xraygallery.testing.TestImages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java pipeline (decode, letterbox, resample, inference, decoding, NMS) reproduces the
 * reference detections of {@code tools/models/README.md}, made with the Python recipe: same
 * classes, scores within 0.02, boxes overlapping by IoU ≥ 0.9.
 */
class ReferenceDetectionsTest {
    private static RekognitionModels models;
    private static final ImageLoader LOADER = new ImageLoader();

    /** One reference detection; a null box means the README gives only the score. */
    private record Reference(String photo, String className, float score, Box box) {
    }

    private static Reference ref(String photo, String cls, double score, double x1, double y1, double x2, double y2) {
        return new Reference(photo, cls, (float) score, new Box(x1, y1, x2, y2));
    }

    private static Reference ref(String photo, String cls, double score) {
        return new Reference(photo, cls, (float) score, null);
    }

    private static final List<Reference> NANODET = List.of(
            ref("dog.jpg", "dog", 0.669, 131, 195, 344, 538),
            ref("dog.jpg", "bicycle", 0.599, 111, 115, 574, 473),
            ref("dog.jpg", "car", 0.513, 472, 84, 704, 169),
            ref("dog.jpg", "truck", 0.351, 465, 82, 693, 167),
            ref("person.jpg", "dog", 0.617, 67, 266, 201, 348),
            ref("person.jpg", "cow", 0.489, 406, 138, 604, 343),
            ref("person.jpg", "person", 0.435, 188, 100, 276, 372),
            ref("person.jpg", "horse", 0.388, 406, 140, 604, 344),
            ref("kite.jpg", "kite", 0.800, 449, 58, 510, 117),
            ref("kite.jpg", "person", 0.712, 161, 530, 207, 650),
            ref("kite.jpg", "person", 0.700, 86, 459, 126, 581),
            ref("giraffe.jpg", "giraffe", 0.824, 166, 30, 453, 444),
            ref("giraffe.jpg", "zebra", 0.680, 307, 203, 422, 444),
            ref("eagle.jpg", "bird", 0.699, 133, 82, 602, 439),
            ref("eagle.jpg", "giraffe", 0.377, 133, 82, 602, 439),
            ref("horses.jpg", "cow", 0.658),
            ref("horses.jpg", "horse", 0.595),
            ref("horses.jpg", "cow", 0.557),
            ref("horses.jpg", "horse", 0.418),
            ref("astronaut.jpg", "person", 0.738, 15, 15, 364, 508),
            ref("chelsea.jpg", "cat", 0.558, 2, 0, 441, 296));

    @BeforeAll
    static void load() {
        models = new RekognitionModels();
    }

    @AfterAll
    static void close() {
        models.close();
    }

    @Test
    void nanoDet_matchesEveryReferenceDetection() {
        for (Reference ref : NANODET) {
            List<Detection> found = models.objects().detect(LOADER.load(TestImages.photo(ref.photo())), 0.3f);
            boolean matched = found.stream().anyMatch(d -> d.className().equals(ref.className())
                    && Math.abs(d.score() - ref.score()) <= 0.02
                    && (ref.box() == null || d.box().iou(ref.box()) >= 0.9));
            assertThat(matched).as("%s: %s %.3f %s among %s", ref.photo(), ref.className(), ref.score(), ref.box(), found)
                    .isTrue();
        }
    }

    @Test
    void blazeFace_findsTheAstronautsFace_withItsLandmarks_andTheCatsFace_butNotTheDogs() {
        List<Face> astronaut = models.faces().detect(LOADER.load(TestImages.photo("astronaut.jpg")));
        List<Face> cat = models.faces().detect(LOADER.load(TestImages.photo("chelsea.jpg")));

        assertThat(astronaut).hasSize(1);
        Face face = astronaut.get(0);
        assertThat(face.score()).isCloseTo(0.883f, within(0.02f));
        assertThat(face.box().iou(new Box(171, 73, 278, 180))).isGreaterThan(0.9);
        double[][] landmarks = {{203, 101}, {248, 103}, {224, 128}, {223, 150}, {177, 110}, {273, 114}};
        for (int k = 0; k < landmarks.length; k++) {
            assertThat(face.landmarks().get(k).x()).as("landmark %d x", k).isCloseTo(landmarks[k][0], within(3.0));
            assertThat(face.landmarks().get(k).y()).as("landmark %d y", k).isCloseTo(landmarks[k][1], within(3.0));
        }
        assertThat(cat).hasSize(1);
        assertThat(cat.get(0).score()).isCloseTo(0.788f, within(0.02f));
        assertThat(models.faces().detect(LOADER.load(TestImages.photo("dog.jpg")))).isEmpty();
    }
}
