package xraygallery.ui.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xraygallery.app.AwsProfiles.AwsProfile;
import xraygallery.app.SettingsFile;
import xraygallery.photos.GalleryConfig;

/** The settings dialog's model: what it reads, what it refuses, what it writes (never the password). */
class SettingsViewModelTest {
    private static final List<AwsProfile> PROFILES = List.of(new AwsProfile("default", "us-east-1"),
            new AwsProfile("course", "eu-west-1"));
    private static final List<String> REGIONS = List.of("eu-west-1", "us-east-1", "us-west-2");

    @TempDir
    Path dir;

    private SettingsViewModel model(Map<String, String> env) throws IOException {
        return new SettingsViewModel(SettingsViewModel.fileStore(dir.resolve("config.properties")), env, PROFILES,
                REGIONS, "");
    }

    @Test
    void switchingToAws_needsABucket_thenSavesWhatTheCliReads() throws IOException {
        SettingsViewModel settings = model(Map.of());
        assertThat(settings.awsProperty().get()).isFalse();
        assertThat(settings.problemProperty().get()).isEmpty();

        settings.awsProperty().set(true);
        assertThat(settings.problemProperty().get()).isEqualTo("AWS mode needs the S3 bucket for photos.");
        settings.bucketProperty().set("my-photos");
        settings.profileProperty().set("course");
        assertThat(settings.regionProperty().get()).as("the profile's region").isEqualTo("eu-west-1");
        settings.passwordProperty().set("s3cret-password");

        assertThat(settings.save()).as("the world changed: restart").isTrue();

        String written = Files.readString(dir.resolve("config.properties"));
        assertThat(written).contains("XRAY_GALLERY_MODE=aws", "PHOTOS_BUCKET=my-photos", "AWS_PROFILE=course",
                "AWS_REGION=eu-west-1").doesNotContain("s3cret").doesNotContain("DATABASE_PASSWORD");
        assertThat(Files.getPosixFilePermissions(dir.resolve("config.properties")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        GalleryConfig config = GalleryConfig.load(Map.of(), dir.resolve("config.properties"), false, dir);
        assertThat(config.aws()).isTrue();
        assertThat(config.bucket()).isEqualTo("my-photos");
        assertThat(config.awsProfile()).isEqualTo("course");
        assertThat(config.databasePassword()).isNull();

        assertThat(settings.save()).as("nothing changed since").isFalse();
    }

    @Test
    void badInput_isNamed_andCannotBeSaved() throws IOException {
        SettingsViewModel settings = model(Map.of());
        settings.awsProperty().set(true);
        settings.bucketProperty().set("Not_A_Bucket");
        assertThat(settings.problemProperty().get()).contains("S3 bucket name");
        settings.bucketProperty().set("ok-bucket");
        settings.regionProperty().set("moon-1");
        assertThat(settings.problemProperty().get()).isEqualTo("'moon-1' is not an AWS region.");
        settings.regionProperty().set("us-west-2");
        settings.databasePortProperty().set("99999");
        assertThat(settings.problemProperty().get()).contains("port");
        settings.databasePortProperty().set("3306");
        settings.databaseHostProperty().set("db.example.com");
        assertThat(settings.problemProperty().get()).contains("database user");
        settings.instanceIdProperty().set("1-bad id");
        assertThat(settings.problemProperty().get()).contains("DB instance id");

        assertThatThrownBy(settings::save).isInstanceOf(IllegalStateException.class);
        assertThat(dir.resolve("config.properties")).doesNotExist();
    }

    @Test
    void environmentVariables_winAndAreNotWrittenToTheFile() throws IOException {
        SettingsFile.write(dir.resolve("config.properties"), Map.of("PHOTOS_BUCKET", "from-file"));
        Files.writeString(dir.resolve("config.properties"), "SOMETHING_ELSE=kept\n",
                java.nio.file.StandardOpenOption.APPEND);
        SettingsViewModel settings = model(Map.of("PHOTOS_BUCKET", "from-env", "AWS_REGION", "us-west-2"));

        assertThat(settings.bucketProperty().get()).isEqualTo("from-env");
        assertThat(settings.overriddenBy("PHOTOS_BUCKET")).isEqualTo("PHOTOS_BUCKET");
        assertThat(settings.overriddenBy("DATABASE_USER")).isNull();
        settings.awsProperty().set(true);
        settings.save();

        Map<String, String> file = SettingsFile.read(dir.resolve("config.properties"));
        assertThat(file).containsEntry("PHOTOS_BUCKET", "from-file").containsEntry("SOMETHING_ELSE", "kept")
                .doesNotContainKey("AWS_REGION").containsEntry("XRAY_GALLERY_MODE", "aws");
    }

    @Test
    void theSettingsFile_refusesThePassword() {
        assertThatThrownBy(() -> SettingsFile.write(dir.resolve("c.properties"), Map.of("DATABASE_PASSWORD", "x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(dir.resolve("c.properties")).doesNotExist();
    }
}
