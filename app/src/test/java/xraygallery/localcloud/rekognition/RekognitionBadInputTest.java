package xraygallery.localcloud.rekognition;

import xraygallery.testing.TestImages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static xraygallery.localcloud.rekognition.RekognitionClients.bytes;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.DetectLabelsRequest;
import software.amazon.awssdk.services.rekognition.model.DetectLabelsResponse;
import software.amazon.awssdk.services.rekognition.model.Image;
import software.amazon.awssdk.services.rekognition.model.ImageTooLargeException;
import software.amazon.awssdk.services.rekognition.model.InvalidImageFormatException;
import software.amazon.awssdk.services.rekognition.model.InvalidParameterException;
import software.amazon.awssdk.services.rekognition.model.InvalidS3ObjectException;
import software.amazon.awssdk.services.rekognition.model.Label;
import software.amazon.awssdk.services.rekognition.model.RekognitionException;
import software.amazon.awssdk.services.s3.S3Client;
import xraygallery.localcloud.LocalCloudFixture;
import xraygallery.localcloud.SignedHttp;

/**
 * Bad input gets a Rekognition error or a correct answer — never a hang, an OOM, or a 500 — and
 * the local cloud still answers afterwards.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@Tag("integration")
class RekognitionBadInputTest {
    private static LocalCloudFixture cloud;
    private static RekognitionClient rekognition;
    private static S3Client s3;

    @BeforeAll
    static void start() throws IOException {
        cloud = LocalCloudFixture.start("rekognition-bad-input");
        rekognition = RekognitionClients.create(cloud.endpoint());
        s3 = cloud.s3();
        s3.createBucket(b -> b.bucket("uploads"));
    }

    @AfterAll
    static void stop() {
        rekognition.close();
        s3.close();
        cloud.close();
    }

    @AfterEach
    void theLocalCloudStillAnswers() {
        assertThat(names(detect(TestImages.photo("giraffe.jpg")))).contains("Giraffe");
    }

    private static DetectLabelsResponse detect(byte[] image) {
        return rekognition.detectLabels(r -> r.image(bytes(image)));
    }

    private static List<String> names(DetectLabelsResponse response) {
        return names(response.labels());
    }

    /** The SDK exception a DetectLabels call ends with, checked to be a 400 with a message. */
    private static <T extends RekognitionException> T failure(Class<T> type, Consumer<DetectLabelsRequest.Builder> request) {
        T e = catchThrowableOfType(type, () -> rekognition.detectLabels(request));
        assertThat(e).as("expected %s", type.getSimpleName()).isNotNull();
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorMessage()).isNotBlank().doesNotContain("at xraygallery");
        return e;
    }

    private static <T extends RekognitionException> T failure(Class<T> type, byte[] image) {
        return failure(type, r -> r.image(bytes(image)));
    }

    @Test
    void truncatedJpeg_getsTheLabelsOfWhatIsThere() {
        byte[] dog = TestImages.photo("dog.jpg");
        Label wholeDog = label(detect(dog), "Dog");

        // the last tenth of the data missing: the dog is still found, its box cut short where the rows end
        Label cutDog = label(detect(Arrays.copyOf(dog, dog.length * 9 / 10)), "Dog");
        assertThat(bottom(cutDog)).isLessThan(bottom(wholeDog) - 0.05f);

        // a third missing: the dog's lower half is gone and nothing reaches the default 55 %; asked for less, the
        // answer holds only things in the upper part of the picture (the truck, the bench, the bicycle's top)
        byte[] twoThirds = Arrays.copyOf(dog, dog.length * 2 / 3);
        assertThat(detect(twoThirds).labels()).isEmpty();
        List<Label> faint = rekognition.detectLabels(r -> r.image(bytes(twoThirds)).minConfidence(30f)).labels();
        assertThat(names(faint)).isNotEmpty().doesNotContain("Dog");
        assertThat(faint.stream().flatMap(l -> l.instances().stream()))
                .isNotEmpty()
                .allSatisfy(i -> assertThat(i.boundingBox().top() + i.boundingBox().height()).isLessThan(0.6f));

        failure(InvalidImageFormatException.class, Arrays.copyOf(dog, 100));
    }

    private static Label label(DetectLabelsResponse response, String name) {
        return response.labels().stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + names(response)));
    }

    /** Where the label's first box ends, as a ratio of the image's height. */
    private static float bottom(Label label) {
        assertThat(label.instances()).isNotEmpty();
        return label.instances().get(0).boundingBox().top() + label.instances().get(0).boundingBox().height();
    }

    private static List<String> names(List<Label> labels) {
        return labels.stream().map(Label::name).toList();
    }

    @Test
    void textRenamedJpg_isAnInvalidImageFormat() {
        failure(InvalidImageFormatException.class, "Dear diary, today I renamed a text file to holiday.jpg."
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void zeroBytes_inline_isAnInvalidParameter_andInS3_anInvalidImageFormat() {
        failure(InvalidParameterException.class, new byte[0]);
        s3.putObject(b -> b.bucket("uploads").key("empty.jpg"), RequestBody.fromBytes(new byte[0]));
        failure(InvalidImageFormatException.class, r -> r.image(RekognitionClients.s3("uploads", "empty.jpg")));
    }

    @Test
    void pixelBombPngHeader_isTooLarge_andRefusedWithoutDecoding() {
        // a PNG header and nothing else: decoding it would end as a broken image, so "too large" comes from the
        // header alone (ImageLoaderTest shows the same header at a sane size is decoded and found broken)
        ImageTooLargeException e = failure(ImageTooLargeException.class, TestImages.pngHeaderOnly(30000, 30000));

        assertThat(e.awsErrorDetails().errorMessage()).contains("30000×30000");
    }

    @Test
    void jpegWithThousandsOfScans_isAnInvalidImageFormat() {
        // refused for its scans before any decoding: this JPEG has no tables, so the decoder would refuse it
        // too (as an InvalidImageFormat), and only the message tells the scan limit acted
        InvalidImageFormatException e = failure(InvalidImageFormatException.class, TestImages.jpegWithScans(5000));

        assertThat(e.awsErrorDetails().errorMessage()).contains("more than 256 scans");
    }

    @Test
    void cmykJpeg_getsACorrectAnswer() {
        assertThat(names(detect(TestImages.cmykJpeg("dog.jpg")))).contains("Dog", "Bicycle");
    }

    @Test
    void sixteenBitPng_getsACorrectAnswer() {
        assertThat(names(detect(TestImages.png16("giraffe.jpg")))).contains("Giraffe", "Zebra");
    }

    @Test
    void tinyAndExtremelyWideImages_getAnAnswer() {
        BufferedImage dot = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        BufferedImage strip = new BufferedImage(8000, 2, BufferedImage.TYPE_INT_RGB);

        assertThat(detect(TestImages.encode(dot, "png")).labels()).isEmpty();
        assertThat(detect(TestImages.encode(strip, "png")).labels()).isEmpty();
        assertThat(rekognition.detectFaces(r -> r.image(bytes(TestImages.encode(strip, "jpg")))).faceDetails()).isEmpty();
    }

    @Test
    void gif_isAnInvalidImageFormat() {
        InvalidImageFormatException e = failure(InvalidImageFormatException.class,
                TestImages.encode(TestImages.decoded("dog.jpg"), "gif"));

        assertThat(e.awsErrorDetails().errorMessage()).contains("GIF");
    }

    @Test
    void inlineImageOver5MB_isTooLarge() {
        byte[] big = new byte[5 * 1024 * 1024 + 1];
        new Random(1).nextBytes(big);

        failure(ImageTooLargeException.class, big);
    }

    @Test
    void s3ImageOver15MB_isTooLarge() {
        byte[] big = new byte[15 * 1024 * 1024 + 1];
        s3.putObject(b -> b.bucket("uploads").key("huge.jpg"), RequestBody.fromBytes(big));

        failure(ImageTooLargeException.class, r -> r.image(RekognitionClients.s3("uploads", "huge.jpg")));
    }

    @Test
    void missingBucketOrKey_isAnInvalidS3Object() {
        failure(InvalidS3ObjectException.class, r -> r.image(RekognitionClients.s3("no-such-bucket", "dog.jpg")));
        failure(InvalidS3ObjectException.class, r -> r.image(RekognitionClients.s3("uploads", "no/such/key.jpg")));
    }

    @Test
    void outOfRangeParameters_areInvalidParameters() {
        Image giraffe = bytes(TestImages.photo("giraffe.jpg"));

        failure(InvalidParameterException.class, r -> r.image(giraffe).minConfidence(150f));
        failure(InvalidParameterException.class, r -> r.image(giraffe).minConfidence(-1f));
        failure(InvalidParameterException.class, r -> r.image(giraffe).maxLabels(-1));
        failure(InvalidParameterException.class, r -> r.image(Image.builder().build()));
        failure(InvalidParameterException.class, r -> r.image(Image.builder()
                .bytes(SdkBytes.fromByteArray(TestImages.photo("giraffe.jpg")))
                .s3Object(o -> o.bucket("uploads").name("x.jpg")).build()));
    }

    @Test
    void wrongSecretKey_isRefusedAsAnInvalidSignature() {
        try (RekognitionClient intruder = RekognitionClients.create(cloud.endpoint(), "test", "not-the-secret")) {
            RekognitionException e = catchThrowableOfType(RekognitionException.class,
                    () -> intruder.detectLabels(r -> r.image(bytes(TestImages.photo("giraffe.jpg")))));

            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
        }
    }

    private static HttpResponse<String> post(String target, String json) {
        SignedHttp http = new SignedHttp(cloud.endpoint());
        return http.send(http.sign("rekognition", "POST", "/", Map.of(
                "X-Amz-Target", target, "Content-Type", "application/x-amz-json-1.1"),
                json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void malformedJsonOrBase64_isASerializationException_inTheJson11ErrorShape() {
        HttpResponse<String> notJson = post("RekognitionService.DetectLabels", "{\"Image\": ");
        HttpResponse<String> notBase64 = post("RekognitionService.DetectLabels", "{\"Image\": {\"Bytes\": \"***\"}}");

        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.headers().firstValue("x-amzn-ErrorType")).hasValue("SerializationException");
        assertThat(notJson.body()).startsWith("{\"__type\":\"SerializationException\",\"Message\":");
        assertThat(notBase64.statusCode()).isEqualTo(400);
        assertThat(notBase64.body()).contains("SerializationException");
    }

    @Test
    void operationsBeyondLabelsAndFaces_areUnknownOperations() {
        HttpResponse<String> response = post("RekognitionService.DetectText", "{}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("UnknownOperationException");
        assertThat(response.body()).contains("DetectText");
    }
}
