package xraygallery.localcloud.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import xraygallery.localcloud.LocalCloudFixture;

/** What is stored survives a restart; what a crash leaves half-written does not come back. */
@Tag("integration")
class S3DurabilityTest {

    @Test
    void bucketsObjectsAndMetadata_surviveARestart() throws IOException {
        try (LocalCloudFixture cloud = LocalCloudFixture.start("s3-restart")) {
            try (S3Client s3 = cloud.s3()) {
                s3.createBucket(b -> b.bucket("kept"));
                s3.putObject(b -> b.bucket("kept").key("a/photo.jpg").contentType("image/jpeg")
                        .metadata(java.util.Map.of("owner", "alice")), RequestBody.fromString("pixels"));
            }

            cloud.restart();

            try (S3Client s3 = cloud.s3()) {
                var got = s3.getObjectAsBytes(b -> b.bucket("kept").key("a/photo.jpg"));
                assertThat(got.asUtf8String()).isEqualTo("pixels");
                assertThat(got.response().contentType()).isEqualTo("image/jpeg");
                assertThat(got.response().metadata()).containsEntry("owner", "alice");
                assertThat(s3.listObjectsV2(b -> b.bucket("kept")).contents()).hasSize(1);
            }
        }
    }

    @Test
    void leftoversOfAnInterruptedWrite_areSweptOnStart() throws IOException {
        try (LocalCloudFixture cloud = LocalCloudFixture.start("s3-crash")) {
            try (S3Client s3 = cloud.s3()) {
                s3.createBucket(b -> b.bucket("crashy"));
                s3.putObject(b -> b.bucket("crashy").key("whole.txt"), RequestBody.fromString("complete"));
            }
            Path bucket = cloud.dataDir().resolve("s3").resolve("crashy");
            // what a crash between writing and committing leaves: a temp part and a blob nobody points to
            Files.writeString(bucket.resolve("tmp").resolve("interrupted.part"), "half");
            Files.writeString(bucket.resolve("blobs").resolve("orphan-blob"), "never committed");

            cloud.restart();

            assertThat(list(bucket.resolve("tmp"))).isZero();
            assertThat(Files.exists(bucket.resolve("blobs").resolve("orphan-blob"))).isFalse();
            try (S3Client s3 = cloud.s3()) {
                assertThat(s3.listObjectsV2(b -> b.bucket("crashy")).contents()).extracting(o -> o.key())
                        .containsExactly("whole.txt");
                assertThat(s3.getObjectAsBytes(b -> b.bucket("crashy").key("whole.txt")).asUtf8String()).isEqualTo("complete");
            }
        }
    }

    private static long list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }
}
