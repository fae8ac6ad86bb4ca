package xraygallery.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import xraygallery.files.FileTrees;

/**
 * A daemon pushed past what it can take, or with its store pulled from under it: every datagram is accounted
 * for (stored, or counted where it was dropped), the trouble is reported, and the daemon keeps answering.
 */
@Tag("integration")
class DaemonOverloadTest {
    static final int BURST = 20_000;

    @Test
    void aBurstPastTheIngestBuffer_isCountedToTheLastDatagram_andTheDaemonKeepsAnswering() throws Exception {
        try (DaemonFixture fixture = DaemonFixture.start("overload", c -> c.withBufferBytes(1024 * 1024))) {
            String padding = "p".repeat(900);
            long sentAt = (long) (System.currentTimeMillis() / 1000.0);
            List<ByteBuffer> burst = new ArrayList<>(BURST);
            for (int i = 0; i < BURST; i++) {
                burst.add(ByteBuffer.wrap(Doc.segment("burst").trace(Doc.newTraceId())
                        .times(sentAt, sentAt + 0.01).put("pad", padding).datagram()));
            }
            // another connection holds the store's write lock while ~20 MB are sent against a 1 MiB buffer: the
            // writer waits, so the burst is past what the daemon can take however fast it stores
            try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + fixture.dataDir().resolve("traces.db"));
                    Statement locking = lock.createStatement();
                    DatagramChannel channel = DatagramChannel.open()) {
                locking.execute("BEGIN EXCLUSIVE");
                channel.connect(fixture.daemon().udpAddress());
                for (ByteBuffer datagram : burst) {
                    channel.write(datagram);
                }
                locking.execute("COMMIT");
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> {
                JsonNode t = fixture.telemetry();
                return t.path("buffered").asLong() == 0
                        && t.path("received").asLong() + t.path("udpKernelDrops").asLong() == BURST;
            });
            JsonNode t = fixture.telemetry();
            long stored = t.path("stored").asLong();
            long spillover = t.path("spillover").asLong();
            long kernelDrops = t.path("udpKernelDrops").asLong();
            assertThat(spillover + kernelDrops).as("a burst past the buffer loses some, counted").isPositive();
            assertThat(stored + spillover + t.path("rejected").asLong() + t.path("storeFailures").asLong())
                    .as("every datagram received is stored or counted as dropped")
                    .isEqualTo(t.path("received").asLong());
            assertThat(t.path("store").path("traces").asLong()).as("what was counted stored is in the store")
                    .isEqualTo(stored).isPositive();

            Instant now = Instant.now();
            assertThat(fixture.xray().getTraceSummaries(r -> r.startTime(now.minusSeconds(120)).endTime(now))
                    .traceSummaries()).as("still answering, and what it kept is listed").isNotEmpty();
        }
    }

    @Test
    void theStoreDeletedWhileRunning_isSaidInTelemetry_andTheDaemonKeepsStoringAndAnswering() throws Exception {
        try (DaemonFixture fixture = DaemonFixture.start("deleted-store")) {
            double now = System.currentTimeMillis() / 1000.0;
            String before = Doc.newTraceId();
            fixture.send(Doc.segment("before").trace(before).times(now - 1, now));
            await().atMost(Duration.ofSeconds(30)).until(() -> fixture.telemetry().path("stored").asLong() == 1);

            for (String name : new String[] {"traces.db", "traces.db-wal", "traces.db-shm"}) {
                Files.deleteIfExists(fixture.dataDir().resolve(name));
            }
            FileTrees.deleteTree(fixture.dataDir().resolve("bodies")); // the body of "before" too
            String after = Doc.newTraceId();
            fixture.send(Doc.segment("after").trace(after).times(now - 0.5, now));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode t = fixture.telemetry();
                assertThat(t.path("store").path("fileMissing").asBoolean()).isTrue();
                assertThat(t.path("stored").asLong()).isEqualTo(2);
            });
            Instant end = Instant.now().plusSeconds(5);
            assertThat(fixture.xray().getTraceSummaries(r -> r.startTime(end.minusSeconds(120)).endTime(end))
                    .traceSummaries()).extracting(s -> s.id()).contains(before, after);
        }
    }

    @Test
    void aFullDisk_isCountedAsStoreFailures_andTheDaemonKeepsAnswering() throws Exception {
        Path disk = DaemonFixture.newDataDir("full-disk");
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", disk.toString()),
                "a full disk is made by mounting a 2 MiB tmpfs, which needs root");
        try (DaemonFixture fixture = DaemonFixture.startIn(disk.resolve("data"))) {
            String padding = "p".repeat(1000);
            double now = System.currentTimeMillis() / 1000.0;
            int sent = 0;
            while (fixture.telemetry().path("storeFailures").asLong() == 0 && sent < 5_000) { // 2 MiB fill at ~1,500
                for (int i = 0; i < 100; i++, sent++) {
                    fixture.send(Doc.segment("filling").trace(Doc.newTraceId()).times(now - 1, now).put("pad", padding));
                }
                int expected = sent;
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    JsonNode t = fixture.telemetry();
                    return t.path("buffered").asLong() == 0
                            && t.path("received").asLong() + t.path("udpKernelDrops").asLong() == expected;
                });
            }

            JsonNode t = fixture.telemetry();
            assertThat(t.path("storeFailures").asLong()).as("a full disk loses documents, counted").isPositive();
            assertThat(t.path("stored").asLong() + t.path("storeFailures").asLong() + t.path("spillover").asLong()
                    + t.path("rejected").asLong()).isEqualTo(t.path("received").asLong());
            Instant end = Instant.now().plusSeconds(5);
            assertThat(fixture.xray().getTraceSummaries(r -> r.startTime(end.minusSeconds(120)).endTime(end))
                    .traceSummaries()).as("what was stored before the disk filled is still listed").isNotEmpty();
        } finally {
            run("umount", "-l", disk.toString());
        }
    }

    private static boolean run(String... command) throws Exception {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false; // no such command
        }
    }
}
