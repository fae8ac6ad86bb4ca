package xraygallery.localcloud.rekognition;

import xraygallery.testing.TestImages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xraygallery.localcloud.rekognition.RekognitionClients.bytes;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.Attribute;
import software.amazon.awssdk.services.rekognition.model.BoundingBox;
import software.amazon.awssdk.services.rekognition.model.FaceDetail;
import software.amazon.awssdk.services.rekognition.model.Image;
import software.amazon.awssdk.services.rekognition.model.InvalidParameterException;
import software.amazon.awssdk.services.rekognition.model.Landmark;
import software.amazon.awssdk.services.s3.S3Client;
import xraygallery.localcloud.LocalCloudFixture;

/** DetectFaces through the real AWS SDK v2 client, on real photos, against the local cloud. */
@Tag("integration")
class DetectFacesTest {
    private static LocalCloudFixture cloud;
    private static RekognitionClient rekognition;

    @BeforeAll
    static void start() throws IOException {
        cloud = LocalCloudFixture.start("rekognition-faces");
        rekognition = RekognitionClients.create(cloud.endpoint());
    }

    @AfterAll
    static void stop() {
        rekognition.close();
        cloud.close();
    }

    private static List<FaceDetail> faces(Image image) {
        return rekognition.detectFaces(r -> r.image(image)).faceDetails();
    }

    private static List<FaceDetail> faces(String photo) {
        return faces(bytes(TestImages.photo(photo)));
    }

    @Test
    void facePhoto_yieldsTheFace_withItsBoxAndConfidence() {
        List<FaceDetail> faces = faces("astronaut.jpg");

        assertThat(faces).hasSize(1);
        FaceDetail face = faces.get(0);
        BoundingBox box = face.boundingBox();
        Box pixels = new Box(box.left() * 512, box.top() * 512, (box.left() + box.width()) * 512,
                (box.top() + box.height()) * 512);
        assertThat(pixels.iou(new Box(171, 73, 278, 180))).isGreaterThan(0.85);
        assertThat(face.confidence()).isBetween(80f, 95f);
    }

    @Test
    void landmarks_eyesAndNose_lieInsideTheFace_eyeLeftOnTheImagesLeft() {
        FaceDetail face = faces("astronaut.jpg").get(0);

        Map<String, Landmark> landmarks = face.landmarks().stream()
                .collect(Collectors.toMap(Landmark::typeAsString, l -> l));
        assertThat(landmarks.keySet()).containsExactlyInAnyOrder("eyeLeft", "eyeRight", "nose");
        BoundingBox box = face.boundingBox();
        landmarks.values().forEach(l -> {
            assertThat(l.x()).isBetween(box.left(), box.left() + box.width());
            assertThat(l.y()).isBetween(box.top(), box.top() + box.height());
        });
        assertThat(landmarks.get("eyeLeft").x()).isLessThan(landmarks.get("nose").x());
        assertThat(landmarks.get("nose").x()).isLessThan(landmarks.get("eyeRight").x());
        assertThat(landmarks.get("nose").y()).isGreaterThan(landmarks.get("eyeLeft").y());
    }

    @Test
    void catFace_isNoFace_becauseNoPersonSurroundsIt() {
        assertThat(faces("chelsea.jpg")).isEmpty();
    }

    @Test
    void photosWithoutVisibleFaces_yieldNone() {
        assertThat(faces("dog.jpg")).isEmpty();
        assertThat(faces("giraffe.jpg")).isEmpty();
        assertThat(faces(bytes(TestImages.blankJpeg(640, 480, 0x808080)))).isEmpty();
    }

    @Test
    void s3Object_andAttributesAll_areAccepted() {
        try (S3Client s3 = cloud.s3()) {
            s3.createBucket(b -> b.bucket("portraits"));
            s3.putObject(b -> b.bucket("portraits").key("astronaut.jpg"), RequestBody.fromBytes(TestImages.photo("astronaut.jpg")));
        }

        List<FaceDetail> faces = rekognition.detectFaces(r -> r.image(RekognitionClients.s3("portraits", "astronaut.jpg"))
                .attributes(Attribute.ALL)).faceDetails();

        assertThat(faces).hasSize(1);
    }

    @Test
    void unknownAttribute_isAnInvalidParameter() {
        assertThatThrownBy(() -> rekognition.detectFaces(r -> r.image(bytes(TestImages.photo("astronaut.jpg")))
                .attributesWithStrings("WINGS")))
                .isInstanceOf(InvalidParameterException.class);
    }
}
