package xraygallery.localcloud.rekognition;

import xraygallery.testing.TestImages;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.Label;
import xraygallery.localcloud.LocalCloudFixture;

/** {@code xray-gallery localcloud} in a process of its own serves DetectLabels and leaves nothing in tmp. */
@Tag("integration")
class RekognitionProcessTest {

    @Test
    void localcloudProcess_servesDetectLabels_withTheNativeLibraryInItsDataDir_andNothingInTmp() throws Exception {
        Path data = LocalCloudFixture.newDataDir("rekognition-process");
        Path tmp = Files.createDirectories(data.resolveSibling(data.getFileName() + "-tmp"));
        Process process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                "xraygallery.cli.Main", "localcloud", "--port", "0", "--data", data.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            URI endpoint = URI.create(out.readLine().substring("localcloud ready ".length()));

            try (RekognitionClient rekognition = RekognitionClients.create(endpoint)) {
                List<String> labels = rekognition.detectLabels(r -> r.image(RekognitionClients.bytes(TestImages.photo("dog.jpg"))))
                        .labels().stream().map(Label::name).toList();
                assertThat(labels).contains("Dog", "Bicycle");
            }

            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            try (Stream<Path> natives = Files.list(data.resolve("rekognition"))) {
                assertThat(natives.toList()).singleElement()
                        .satisfies(dir -> assertThat(dir.getFileName().toString()).startsWith("onnxruntime-1.29.0-"));
            }
            try (Stream<Path> leftovers = Files.list(tmp)) {
                assertThat(leftovers.toList()).isEmpty();
            }
        } finally {
            process.destroyForcibly();
        }
    }
}
