package xraygallery.localcloud.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import xraygallery.localcloud.LocalCloudFixture;

/** Object round trips through the real AWS SDK v2 S3Client against the local cloud. */
@Tag("integration")
class S3ObjectsTest {
    private static LocalCloudFixture cloud;
    private static S3Client s3;

    @BeforeAll
    static void start() throws IOException {
        cloud = LocalCloudFixture.start("s3-objects");
        s3 = cloud.s3();
        s3.createBucket(b -> b.bucket("photos"));
    }

    @AfterAll
    static void stop() {
        s3.close();
        cloud.close();
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String md5Hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    @Test
    void tenMegabyteObject_roundTripsWithMd5Etag() throws Exception {
        byte[] content = randomBytes(10 * 1024 * 1024, 1);
        String etag = s3.putObject(b -> b.bucket("photos").key("big/10mb.bin"), RequestBody.fromBytes(content)).eTag();

        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket("photos").key("big/10mb.bin"));

        assertThat(got.asByteArray()).isEqualTo(content);
        assertThat(etag).isEqualTo("\"" + md5Hex(content) + "\"");
        assertThat(got.response().eTag()).isEqualTo(etag);
        assertThat(got.response().contentLength()).isEqualTo(content.length);
    }

    @Test
    void contentTypeAndUserMetadata_roundTrip() {
        s3.putObject(b -> b.bucket("photos").key("meta.jpg").contentType("image/jpeg")
                        .metadata(Map.of("owner", "alice", "original-name", "Ferien am Meer.jpg")),
                RequestBody.fromString("jpeg bytes"));

        HeadObjectResponse head = s3.headObject(b -> b.bucket("photos").key("meta.jpg"));

        assertThat(head.contentType()).isEqualTo("image/jpeg");
        assertThat(head.contentLength()).isEqualTo(10);
        assertThat(head.metadata()).containsEntry("owner", "alice").containsEntry("original-name", "Ferien am Meer.jpg");
    }

    @Test
    void rangeRequests_returnThePartsAsked() {
        s3.putObject(b -> b.bucket("photos").key("range.txt"), RequestBody.fromString("0123456789abcdef"));

        ResponseBytes<GetObjectResponse> first = s3.getObjectAsBytes(b -> b.bucket("photos").key("range.txt").range("bytes=0-3"));
        ResponseBytes<GetObjectResponse> open = s3.getObjectAsBytes(b -> b.bucket("photos").key("range.txt").range("bytes=10-"));
        ResponseBytes<GetObjectResponse> suffix = s3.getObjectAsBytes(b -> b.bucket("photos").key("range.txt").range("bytes=-4"));
        ResponseBytes<GetObjectResponse> beyond = s3.getObjectAsBytes(b -> b.bucket("photos").key("range.txt").range("bytes=14-99"));

        assertThat(first.asUtf8String()).isEqualTo("0123");
        assertThat(first.response().contentRange()).isEqualTo("bytes 0-3/16");
        assertThat(open.asUtf8String()).isEqualTo("abcdef");
        assertThat(suffix.asUtf8String()).isEqualTo("cdef");
        assertThat(beyond.asUtf8String()).isEqualTo("ef");
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("photos").key("range.txt").range("bytes=16-20")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(416);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRange");
                });
    }

    @Test
    void flexibleChecksums_areStoredAndValidatedByTheSdk() {
        for (ChecksumAlgorithm algorithm : List.of(ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32_C,
                ChecksumAlgorithm.SHA1, ChecksumAlgorithm.SHA256)) {
            String key = "checksum-" + algorithm;
            byte[] content = randomBytes(70_000, 7);
            s3.putObject(b -> b.bucket("photos").key(key).checksumAlgorithm(algorithm), RequestBody.fromBytes(content));

            // HeadObject has no body for the SDK to check the checksum against: the stored checksum it reports is
            // compared with the one computed here, and a wrong one fails here (a GetObject would fail in the SDK's
            // own validation first, "Data read has a different checksum than expected")
            HeadObjectResponse head = s3.headObject(b -> b.bucket("photos").key(key).checksumMode(ChecksumMode.ENABLED));
            assertThat(checksum(algorithm, head.checksumCRC32(), head.checksumCRC32C(), head.checksumSHA1(),
                    head.checksumSHA256())).as("HeadObject's " + algorithm).isEqualTo(expectedChecksum(algorithm, content));

            // GetObject sends it too, and the SDK checks the body against it
            GetObjectResponse response = s3.getObjectAsBytes(b -> b.bucket("photos").key(key)
                    .checksumMode(ChecksumMode.ENABLED)).response();
            assertThat(checksum(algorithm, response.checksumCRC32(), response.checksumCRC32C(), response.checksumSHA1(),
                    response.checksumSHA256())).as("GetObject's " + algorithm).isEqualTo(expectedChecksum(algorithm, content));
        }
    }

    /** The one of a response's checksums that {@code algorithm} names. */
    private static String checksum(ChecksumAlgorithm algorithm, String crc32, String crc32c, String sha1, String sha256) {
        return switch (algorithm) {
            case CRC32 -> crc32;
            case CRC32_C -> crc32c;
            case SHA1 -> sha1;
            default -> sha256;
        };
    }

    /** The checksum S3 reports for {@code content}: base64 of the CRC (big-endian) or digest, computed here. */
    static String expectedChecksum(ChecksumAlgorithm algorithm, byte[] content) {
        try {
            byte[] value = switch (algorithm) {
                case CRC32, CRC32_C -> {
                    Checksum crc = algorithm == ChecksumAlgorithm.CRC32
                            ? new CRC32() : new CRC32C();
                    crc.update(content, 0, content.length);
                    yield ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
                }
                case SHA1 -> MessageDigest.getInstance("SHA-1").digest(content);
                default -> MessageDigest.getInstance("SHA-256").digest(content);
            };
            return Base64.getEncoder().encodeToString(value);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void wrongContentMd5_isBadDigest_andNothingIsStored() {
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket("photos").key("md5.txt").contentMD5("AAAAAAAAAAAAAAAAAAAAAA=="),
                RequestBody.fromString("payload")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadDigest"));
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("photos").key("md5.txt"))).isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void overwritingAKey_replacesTheObject() {
        s3.putObject(b -> b.bucket("photos").key("over.txt"), RequestBody.fromString("first"));
        s3.putObject(b -> b.bucket("photos").key("over.txt"), RequestBody.fromString("second"));

        assertThat(s3.getObjectAsBytes(b -> b.bucket("photos").key("over.txt")).asUtf8String()).isEqualTo("second");
    }

    @Test
    void deleteObject_removesIt_andDeletingAgainIsNoError() {
        s3.putObject(b -> b.bucket("photos").key("gone.txt"), RequestBody.fromString("x"));

        s3.deleteObject(b -> b.bucket("photos").key("gone.txt"));
        s3.deleteObject(b -> b.bucket("photos").key("gone.txt"));

        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("photos").key("gone.txt")))
                .isInstanceOfSatisfying(NoSuchKeyException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void deleteObjects_reportsEveryKey() {
        s3.putObject(b -> b.bucket("photos").key("batch/1"), RequestBody.fromString("1"));
        s3.putObject(b -> b.bucket("photos").key("batch/2"), RequestBody.fromString("2"));

        var result = s3.deleteObjects(b -> b.bucket("photos").delete(d -> d.objects(
                ObjectIdentifier.builder().key("batch/1").build(),
                ObjectIdentifier.builder().key("batch/2").build(),
                ObjectIdentifier.builder().key("batch/never-there").build())));

        assertThat(result.deleted()).extracting(d -> d.key()).containsExactly("batch/1", "batch/2", "batch/never-there");
        assertThat(result.errors()).isEmpty();
        assertThat(s3.listObjectsV2(b -> b.bucket("photos").prefix("batch/")).contents()).isEmpty();
    }

    @Test
    void copyObject_copiesContentAndMetadata_orReplacesMetadata() {
        s3.putObject(b -> b.bucket("photos").key("src.txt").contentType("text/plain").metadata(Map.of("a", "1")),
                RequestBody.fromString("copied"));

        s3.copyObject(b -> b.sourceBucket("photos").sourceKey("src.txt").destinationBucket("photos").destinationKey("dst/copy.txt"));
        s3.copyObject(b -> b.sourceBucket("photos").sourceKey("src.txt").destinationBucket("photos").destinationKey("dst/new.txt")
                .metadataDirective(MetadataDirective.REPLACE).contentType("text/markdown").metadata(Map.of("b", "2")));

        HeadObjectResponse copy = s3.headObject(b -> b.bucket("photos").key("dst/copy.txt"));
        HeadObjectResponse replaced = s3.headObject(b -> b.bucket("photos").key("dst/new.txt"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("photos").key("dst/copy.txt")).asUtf8String()).isEqualTo("copied");
        assertThat(copy.contentType()).isEqualTo("text/plain");
        assertThat(copy.metadata()).containsEntry("a", "1");
        assertThat(replaced.contentType()).isEqualTo("text/markdown");
        assertThat(replaced.metadata()).containsOnlyKeys("b");
    }

    @Test
    void copyOntoItselfWithoutNewMetadata_isInvalidRequest() {
        s3.putObject(b -> b.bucket("photos").key("self.txt"), RequestBody.fromString("x"));

        assertThatThrownBy(() -> s3.copyObject(b -> b.sourceBucket("photos").sourceKey("self.txt")
                .destinationBucket("photos").destinationKey("self.txt")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest"));
    }

    @Test
    void conditionalRequests_answerPreconditionFailedAndNotModified() {
        String etag = s3.putObject(b -> b.bucket("photos").key("cond.txt"), RequestBody.fromString("c")).eTag();

        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("photos").key("cond.txt").ifMatch("\"nope\"")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("photos").key("cond.txt").ifNoneMatch(etag)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(304));
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket("photos").key("cond.txt").ifNoneMatch("*"), RequestBody.fromString("d")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("photos").key("cond.txt").ifMatch(etag)).asUtf8String()).isEqualTo("c");
    }

    @Test
    void traversalKeys_areStoredAsPlainKeys_andNeverEscapeTheDataDir() throws IOException {
        List<String> keys = List.of("../x", "../../etc/passwd", "%2e%2e/x", "/absolute/path", "a/../../b", "..\\win",
                "ünïcødé/фото.jpg", "a//b");
        Path outside = cloud.dataDir().getParent();
        long filesOutsideBefore = countFiles(outside) - countFiles(cloud.dataDir());

        for (String key : keys) {
            s3.putObject(b -> b.bucket("photos").key(key), RequestBody.fromString("content of " + key));
        }

        for (String key : keys) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket("photos").key(key)).asUtf8String()).isEqualTo("content of " + key);
        }
        assertThat(countFiles(outside) - countFiles(cloud.dataDir())).isEqualTo(filesOutsideBefore);
        try (Stream<Path> files = Files.walk(cloud.dataDir())) {
            assertThat(files.map(Path::getFileName).map(Path::toString)).noneMatch(name -> name.equals("passwd") || name.equals("x"));
        }
    }

    @Test
    void keysWithControlCharacters_orLongerThan1024Bytes_areRefused() {
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket("photos").key("nul\u0000key"), RequestBody.fromString("x")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument"));
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket("photos").key("k".repeat(1025)), RequestBody.fromString("x")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("KeyTooLongError"));
    }

    @Test
    void missingKeyAndBucket_answerNoSuchKeyAndNoSuchBucket() {
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("photos").key("missing")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey"));
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket("no-such-bucket").key("k"), RequestBody.fromString("x")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket");
                });
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("photos").key("missing")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    private static long countFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
