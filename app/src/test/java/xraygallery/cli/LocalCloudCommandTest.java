package xraygallery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import xraygallery.localcloud.LocalCloudFixture;

/** {@code xray-gallery localcloud} as a user runs it: a separate process, ready line, SIGTERM. */
@Tag("integration")
class LocalCloudCommandTest {

    @Test
    void localcloud_printsItsReadyLine_servesS3_andStopsCleanlyOnSigterm() throws Exception {
        Path data = LocalCloudFixture.newDataDir("cli");
        Process process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "xraygallery.cli.Main", "localcloud", "--port", "0", "--data", data.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            assertThat(ready).matches("localcloud ready http://127\\.0\\.0\\.1:\\d+");
            URI endpoint = URI.create(ready.substring("localcloud ready ".length()));

            try (S3Client s3 = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                    .httpClient(ApacheHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .build()) {
                s3.createBucket(b -> b.bucket("from-cli"));
                assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).containsExactly("from-cli");
            }

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isIn(0, 143);
            assertThat(data.resolve("s3").resolve("from-cli").resolve("bucket.json")).exists();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void helpAndVersion_exitZero_andBadOptionsExitWithUsage() {
        assertThat(XrayGalleryCommand.run("--help")).isZero();
        assertThat(XrayGalleryCommand.run("--version")).isZero();
        assertThat(XrayGalleryCommand.run("localcloud", "--port", "not-a-port")).isEqualTo(2);
        assertThat(XrayGalleryCommand.run("no-such-command")).isEqualTo(2);
    }
}
