package xraygallery.localcloud.rekognition;

import xraygallery.testing.TestImages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static xraygallery.localcloud.rekognition.RekognitionClients.bytes;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.BoundingBox;
import software.amazon.awssdk.services.rekognition.model.DetectLabelsResponse;
import software.amazon.awssdk.services.rekognition.model.Image;
import software.amazon.awssdk.services.rekognition.model.Instance;
import software.amazon.awssdk.services.rekognition.model.Label;
import software.amazon.awssdk.services.rekognition.model.Parent;
import software.amazon.awssdk.services.s3.S3Client;
import xraygallery.localcloud.LocalCloudFixture;

/** DetectLabels through the real AWS SDK v2 client, on real photos, against the local cloud. */
@Tag("integration")
class DetectLabelsTest {
    private static LocalCloudFixture cloud;
    private static RekognitionClient rekognition;
    private static S3Client s3;

    @BeforeAll
    static void start() throws IOException {
        cloud = LocalCloudFixture.start("rekognition-labels");
        rekognition = RekognitionClients.create(cloud.endpoint());
        s3 = cloud.s3();
        s3.createBucket(b -> b.bucket("photos"));
    }

    @AfterAll
    static void stop() {
        rekognition.close();
        s3.close();
        cloud.close();
    }

    private static DetectLabelsResponse detect(Image image) {
        return rekognition.detectLabels(r -> r.image(image));
    }

    private static DetectLabelsResponse detect(String photo) {
        return detect(bytes(TestImages.photo(photo)));
    }

    private static List<String> names(DetectLabelsResponse response) {
        return response.labels().stream().map(Label::name).toList();
    }

    private static Optional<Label> label(DetectLabelsResponse response, String name) {
        return response.labels().stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /** IoU of a Rekognition box with a pixel box x1,y1–x2,y2 in a w×h photo. */
    private static double iou(BoundingBox box, double x1, double y1, double x2, double y2, int w, int h) {
        Box mine = new Box(box.left() * w, box.top() * h, (box.left() + box.width()) * w, (box.top() + box.height()) * h);
        return mine.iou(new Box(x1, y1, x2, y2));
    }

    @Test
    void dogPhoto_yieldsDog_withAnInstanceBoxAroundTheDog() {
        DetectLabelsResponse response = detect("dog.jpg");

        Label dog = label(response, "Dog").orElseThrow();
        assertThat(dog.confidence()).isBetween(60f, 75f);
        assertThat(dog.instances()).hasSize(1);
        Instance instance = dog.instances().get(0);
        assertThat(iou(instance.boundingBox(), 131, 195, 344, 538, 768, 576)).isGreaterThan(0.85);
        assertThat(instance.confidence()).isEqualTo(dog.confidence());
        assertThat(dog.parents()).extracting(Parent::name).containsExactlyInAnyOrder("Animal", "Pet", "Mammal", "Canine");
        assertThat(response.labelModelVersion()).isEqualTo("localcloud-nanodet-g-coco80");
    }

    @Test
    void parents_areLabelsToo_withTheirBestChildsConfidence_andNoInstances() {
        DetectLabelsResponse response = detect("dog.jpg");

        Label dog = label(response, "Dog").orElseThrow();
        Label animal = label(response, "Animal").orElseThrow();
        Label vehicle = label(response, "Vehicle").orElseThrow();
        assertThat(animal.confidence()).isEqualTo(dog.confidence());
        assertThat(animal.instances()).isEmpty();
        assertThat(vehicle.confidence()).isEqualTo(label(response, "Bicycle").orElseThrow().confidence());
        assertThat(label(response, "Canine").orElseThrow().parents()).extracting(Parent::name)
                .containsExactly("Mammal", "Animal");
        assertThat(dog.categories()).extracting(c -> c.name()).containsExactly("Animals and Pets");
    }

    @Test
    void labels_areSortedByConfidence_withinRange_andBoxesAreRatios() {
        DetectLabelsResponse response = detect("kite.jpg");

        List<Float> confidences = response.labels().stream().map(Label::confidence).toList();
        assertThat(confidences).isSortedAccordingTo((a, b) -> Float.compare(b, a));
        assertThat(confidences).allSatisfy(c -> assertThat(c).isBetween(55f, 100f));
        response.labels().stream().flatMap(l -> l.instances().stream()).map(Instance::boundingBox).forEach(b -> {
            assertThat(b.left()).isBetween(0f, 1f);
            assertThat(b.top()).isBetween(0f, 1f);
            assertThat(b.left() + b.width()).isBetween(0f, 1.0001f);
            assertThat(b.top() + b.height()).isBetween(0f, 1.0001f);
        });
    }

    @Test
    void photosWithPeople_yieldPerson_oneInstancePerPerson() {
        DetectLabelsResponse kite = detect("kite.jpg");
        DetectLabelsResponse astronaut = detect("astronaut.jpg");

        assertThat(label(kite, "Person").orElseThrow().instances()).hasSize(3);
        assertThat(names(kite)).contains("Kite", "Toy");
        assertThat(label(astronaut, "Person").orElseThrow().instances()).hasSize(1);
    }

    @Test
    void personPhoto_atTheDefault55_missesTheRider_whomTheModelScoresAt43() {
        DetectLabelsResponse byDefault = detect("person.jpg");
        DetectLabelsResponse at40 = rekognition.detectLabels(r -> r.image(bytes(TestImages.photo("person.jpg"))).minConfidence(40f));

        assertThat(names(byDefault)).contains("Dog").doesNotContain("Person");
        assertThat(label(at40, "Person").orElseThrow().confidence()).isBetween(40f, 50f);
    }

    @Test
    void blankImages_yieldNoLabels() {
        assertThat(detect(bytes(TestImages.blankJpeg(640, 480, 0x808080))).labels()).isEmpty();
        assertThat(detect(bytes(TestImages.blankJpeg(300, 200, 0xFFFFFF))).labels()).isEmpty();
        assertThat(rekognition.detectLabels(r -> r.image(bytes(TestImages.blankJpeg(640, 480, 0)))
                .minConfidence(0f)).labels()).isEmpty();
    }

    @Test
    void defaultMinConfidence_is55_andALowerOneAddsWeakerLabels() {
        DetectLabelsResponse byDefault = detect("dog.jpg");
        DetectLabelsResponse at50 = rekognition.detectLabels(r -> r.image(bytes(TestImages.photo("dog.jpg"))).minConfidence(50f));

        assertThat(names(byDefault)).contains("Dog", "Bicycle").doesNotContain("Car");
        assertThat(label(at50, "Car").orElseThrow().confidence()).isBetween(50f, 55f);
    }

    @Test
    void minConfidence_dropsEveryLabelBelowIt() {
        DetectLabelsResponse response = rekognition.detectLabels(r -> r.image(bytes(TestImages.photo("dog.jpg")))
                .minConfidence(65f));

        assertThat(names(response)).containsExactlyInAnyOrder("Dog", "Animal", "Pet", "Mammal", "Canine");
    }

    @Test
    void maxLabels_keepsTheMostConfident_objectLabelsBeforeTiedParents() {
        DetectLabelsResponse one = rekognition.detectLabels(r -> r.image(bytes(TestImages.photo("dog.jpg"))).maxLabels(1));
        DetectLabelsResponse three = rekognition.detectLabels(r -> r.image(bytes(TestImages.photo("giraffe.jpg"))).maxLabels(3));
        DetectLabelsResponse none = rekognition.detectLabels(r -> r.image(bytes(TestImages.photo("dog.jpg"))).maxLabels(0));

        assertThat(names(one)).containsExactly("Dog");
        assertThat(names(three)).hasSize(3).startsWith("Giraffe");
        assertThat(none.labels()).isEmpty();
    }

    @Test
    void s3Object_isReadFromTheLocalS3() {
        s3.putObject(b -> b.bucket("photos").key("albums/2024/dog.jpg"), RequestBody.fromBytes(TestImages.photo("dog.jpg")));

        DetectLabelsResponse response = detect(RekognitionClients.s3("photos", "albums/2024/dog.jpg"));

        assertThat(names(response)).contains("Dog", "Bicycle");
    }

    @Test
    void exifOrientation_isApplied_beforeDetecting() {
        DetectLabelsResponse response = detect(bytes(TestImages.storedSidewaysWithExif("dog.jpg")));

        BoundingBox box = label(response, "Dog").orElseThrow().instances().get(0).boundingBox();
        assertThat(iou(box, 131, 195, 344, 538, 768, 576)).isGreaterThan(0.8);
    }

    @Test
    void twoMegapixelPhoto_yieldsTheSameDog() {
        DetectLabelsResponse response = detect(bytes(TestImages.scaledJpeg("dog.jpg", 1632, 1224)));

        Label dog = label(response, "Dog").orElseThrow();
        assertThat(dog.confidence()).isCloseTo(66.9f, within(5f));
        assertThat(iou(dog.instances().get(0).boundingBox(), 131, 195, 344, 538, 768, 576)).isGreaterThan(0.85);
    }

    @Test
    void parallelCalls_allGetTheirAnswer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<DetectLabelsResponse>> calls = IntStream.range(0, 12)
                    .mapToObj(i -> pool.submit(() -> detect(i % 2 == 0 ? "dog.jpg" : "giraffe.jpg"))).toList();
            for (int i = 0; i < calls.size(); i++) {
                assertThat(names(calls.get(i).get())).contains(i % 2 == 0 ? "Dog" : "Giraffe");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
