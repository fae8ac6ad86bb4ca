package xraygallery.photos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import xraygallery.daemon.DaemonFixture;
import xraygallery.localcloud.faults.FaultRule;
import xraygallery.photos.UploadEvent.Stage;
import xraygallery.tracing.Tracing;
import xraygallery.tracing.TracingConfig;

/**
 * After uploads, another local user can read nothing: the local cloud's data (S3 blobs and metadata, the database
 * files), the upload journal, the thumbnail and display caches and the daemon's trace store are folders 0700 and
 * files 0600 (the trace store's body files too). A loose tree left by an older version is tightened when the local
 * cloud and the daemon start.
 */
@Tag("integration")
class DataOnDiskPermissionsTest {
    private static DaemonFixture daemon;
    private static Tracing tracing;
    private static GalleryTestBed bed;
    private static PhotoFiles images;

    @BeforeAll
    static void start() throws IOException {
        daemon = DaemonFixture.start("permissions");
        tracing = Tracing.create(TracingConfig.forDaemon(daemon.daemonAddress()));
        bed = GalleryTestBed.startTraced("permissions", tracing);
        images = new PhotoFiles("permissions");
    }

    @AfterAll
    static void stop() {
        bed.close();
        tracing.close();
        daemon.close();
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /** Every folder and file under {@code root} with a mode that lets someone else in. */
    private static List<String> openToOthers(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> Files.isDirectory(p) || Files.isRegularFile(p)).filter(p -> {
                try {
                    return !mode(p).endsWith("------");
                } catch (IOException e) {
                    return false; // gone meanwhile (a temp file)
                }
            }).map(p -> {
                try {
                    return root.relativize(p) + " " + mode(p);
                } catch (IOException e) {
                    return root.relativize(p) + " gone";
                }
            }).toList();
        }
    }

    @Test
    void afterAnUpload_photosJournalCachesAndTraces_areTheOwnersOnly() throws IOException {
        User user = bed.services.accounts().signUp("private-pat", "pat's password".toCharArray());
        UploadResult done = bed.services.uploads().upload(user, List.of(images.photo("dog.jpg")), e -> { }).get(0).join();
        assertThat(done.outcome()).isEqualTo(Stage.DONE);
        bed.cloud.server().faults().add(new FaultRule(null, "s3", "PutObject", null, 503, null, null, null, 100));
        UploadResult pending;
        try {
            pending = bed.services.uploads().upload(user, List.of(images.jpeg("waiting.jpg", 320, 240)), e -> { })
                    .get(0).join();
        } finally {
            bed.cloud.server().faults().clear();
        }
        assertThat(pending.outcome()).as("it waits in the journal").isEqualTo(Stage.PENDING);
        GalleryPage page = bed.services.gallery().page(user, PageRequest.all(0, 10));
        assertThat(page.photos()).extracting(PhotoCard::thumbnail).doesNotContainNull();
        bed.services.gallery().view(user, done.photoId());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(daemon.dataDir().resolve("traces.db-wal")).exists();
            assertThat(daemon.dataDir().resolve("bodies")).as("a body file").isNotEmptyDirectory();
        });

        Path localCloud = bed.cloud.dataDir();
        Path s3 = localCloud.resolve("s3");
        Path journal = bed.config.appData().resolve("uploads");
        Path cache = bed.config.appData().resolve("cache");
        assertThat(mode(localCloud)).isEqualTo("rwx------");
        try (Stream<Path> blobs = Files.walk(s3)) {
            assertThat(blobs.filter(Files::isRegularFile).filter(p -> p.getParent().getFileName().toString()
                    .equals("blobs"))).as("the photos' three copies").hasSizeGreaterThanOrEqualTo(3);
        }
        assertThat(openToOthers(s3)).as("S3 blobs and metadata").isEmpty();
        // MariaDB creates its files 0660 (its own umask) inside its folders, which are 0700: no one else gets in
        try (Stream<Path> rds = Files.walk(localCloud.resolve("rds"))) {
            assertThat(rds.filter(Files::isDirectory).map(p -> {
                try {
                    return localCloud.relativize(p) + " " + mode(p);
                } catch (IOException e) {
                    return localCloud.relativize(p) + " gone";
                }
            }).filter(line -> !line.endsWith("rwx------"))).as("the database's folders").isEmpty();
        }
        assertThat(mode(bed.config.localCredentialsFile())).as("the master password").isEqualTo("rw-------");
        assertThat(Files.list(journal).toList()).as("the pending upload").hasSize(1);
        assertThat(openToOthers(journal)).as("the upload journal").isEmpty();
        assertThat(cache.resolve("thumbnails")).isNotEmptyDirectory();
        assertThat(cache.resolve("display")).isNotEmptyDirectory();
        assertThat(openToOthers(cache)).as("the caches").isEmpty();
        assertThat(mode(daemon.dataDir().resolve("traces.db"))).isEqualTo("rw-------");
        assertThat(mode(daemon.dataDir().resolve("bodies"))).isEqualTo("rwx------");
        assertThat(openToOthers(daemon.dataDir())).as("the trace store, its WAL, shared memory and body files")
                .isEmpty();
    }

    @Test
    void aLooseTreeFromBefore_isTightenedWhenTheDaemonStarts() throws IOException {
        try (DaemonFixture loose = DaemonFixture.start("permissions-loose")) {
            loose.daemon().close();
            for (Path p : List.of(loose.dataDir(), loose.dataDir().resolve("traces.db"),
                    loose.dataDir().resolve("bodies"))) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
            loose.restart();

            assertThat(mode(loose.dataDir())).isEqualTo("rwx------");
            assertThat(openToOthers(loose.dataDir())).isEmpty();
        }
    }

    @Test
    void aLooseTreeFromBefore_isTightenedWhenTheLocalCloudStarts() throws IOException {
        try (xraygallery.localcloud.LocalCloudFixture other = xraygallery.localcloud.LocalCloudFixture.start("loose")) {
            other.s3().createBucket(b -> b.bucket("old-photos"));
            other.s3().putObject(p -> p.bucket("old-photos").key("cat.jpg"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("jpeg"));
            Path blob;
            try (Stream<Path> all = Files.walk(other.dataDir().resolve("s3"))) {
                blob = all.filter(Files::isRegularFile).filter(p -> p.getParent().getFileName().toString()
                        .equals("blobs")).findFirst().orElseThrow();
            }
            Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
            Files.setPosixFilePermissions(blob.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(other.dataDir(), PosixFilePermissions.fromString("rwxr-xr-x"));
            other.restart();

            assertThat(mode(other.dataDir())).isEqualTo("rwx------");
            assertThat(openToOthers(other.dataDir().resolve("s3"))).isEmpty();
        }
    }
}
