package xraygallery.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.services.xray.XRayClient;
import xraygallery.daemon.DaemonAddresses;
import xraygallery.daemon.DaemonConfig;
import xraygallery.daemon.DaemonFixture;
import xraygallery.daemon.Doc;

/** {@code xray-gallery daemon} as a user runs it: a separate process, ready line, SIGTERM, kill -9. */
@Tag("integration")
class DaemonCommandTest {
    private static final Pattern READY = Pattern.compile("daemon ready udp=(\\S+) tcp=(\\S+)");

    record Running(Process process, DaemonAddresses addresses) {
        URI endpoint() {
            return URI.create("http://" + DaemonAddresses.format(addresses.tcp()));
        }
    }

    static Running startDaemon(Path data) throws Exception {
        Process process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "xraygallery.cli.Main", "daemon", "--udp", "127.0.0.1:0", "--tcp", "127.0.0.1:0", "--data", data.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        assertThat(ready).matches(READY);
        Matcher m = READY.matcher(ready);
        assertThat(m.matches()).isTrue();
        return new Running(process, new DaemonAddresses(DaemonAddresses.hostPort(m.group(1)),
                DaemonAddresses.hostPort(m.group(2))));
    }

    @Test
    void daemon_printsItsReadyLine_storesSegments_andStopsCleanlyOnSigterm() throws Exception {
        Path data = DaemonFixture.newDataDir("cli-daemon");
        Running daemon = startDaemon(data);
        try (DatagramSocket socket = new DatagramSocket(); XRayClient xray = DaemonFixture.newClient(daemon.endpoint())) {
            long now = Instant.now().getEpochSecond();
            String traceId = Doc.newTraceId(now);
            byte[] datagram = Doc.segment("xray-gallery").trace(traceId).times(now, now + 0.2).datagram();
            socket.send(new DatagramPacket(datagram, datagram.length, daemon.addresses().udp()));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(xray.getTraceSummaries(
                    r -> r.startTime(Instant.ofEpochSecond(now - 60)).endTime(Instant.ofEpochSecond(now + 60)))
                    .traceSummaries()).extracting(s -> s.id()).containsExactly(traceId));

            daemon.process().destroy(); // SIGTERM
            assertThat(daemon.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(daemon.process().exitValue()).isIn(0, 143);
            assertThat(data.resolve("traces.db")).exists();
        } finally {
            daemon.process().destroyForcibly();
        }
    }

    @Test
    void killMinus9_losesNothingThatWasStored() throws Exception {
        Path data = DaemonFixture.newDataDir("cli-kill9");
        Running first = startDaemon(data);
        List<String> traceIds = new ArrayList<>();
        long now = Instant.now().getEpochSecond();
        try (DatagramSocket socket = new DatagramSocket()) {
            for (int i = 0; i < 200; i++) {
                String traceId = Doc.newTraceId(now);
                traceIds.add(traceId);
                byte[] datagram = Doc.segment("xray-gallery").trace(traceId).times(now, now + 0.01).datagram();
                socket.send(new DatagramPacket(datagram, datagram.length, first.addresses().udp()));
            }
            // stored, then killed: a generous limit (how soon documents are committed is a benchmark's business,
            // not a test's on a loaded machine)
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(
                    () -> telemetry(first.endpoint()).contains("\"stored\":200,"));
        } finally {
            first.process().destroyForcibly(); // kill -9
            first.process().waitFor(30, TimeUnit.SECONDS);
        }
        Running second = startDaemon(data);
        try (XRayClient xray = DaemonFixture.newClient(second.endpoint())) {
            List<String> found = new ArrayList<>();
            xray.getTraceSummariesPaginator(r -> r.startTime(Instant.ofEpochSecond(now - 60))
                            .endTime(Instant.ofEpochSecond(now + 60)))
                    .traceSummaries().forEach(s -> found.add(s.id()));
            assertThat(found).containsExactlyInAnyOrderElementsOf(traceIds);
        } finally {
            second.process().destroyForcibly();
        }
    }

    static String telemetry(URI endpoint) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(endpoint.resolve("/telemetry")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    @Test
    void addresses_comeFromOptions_elseAwsXrayDaemonAddress_elseLoopback2000() {
        assertThat(config(Map.of()).udp()).isEqualTo(DaemonAddresses.hostPort("127.0.0.1:2000"));
        assertThat(config(Map.of()).tcp()).isEqualTo(DaemonAddresses.hostPort("127.0.0.1:2000"));

        DaemonConfig both = config(Map.of("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:3000"));
        assertThat(both.udp().getPort()).isEqualTo(3000);
        assertThat(both.tcp().getPort()).isEqualTo(3000);

        DaemonConfig split = config(Map.of("AWS_XRAY_DAEMON_ADDRESS", "tcp:127.0.0.1:3001 udp:127.0.0.2:3002"));
        assertThat(DaemonAddresses.format(split.udp())).isEqualTo("127.0.0.2:3002");
        assertThat(DaemonAddresses.format(split.tcp())).isEqualTo("127.0.0.1:3001");

        DaemonConfig overridden = config(Map.of("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:3000"), "--udp", "127.0.0.1:4000");
        assertThat(overridden.udp().getPort()).isEqualTo(4000);
        assertThat(overridden.tcp().getPort()).isEqualTo(3000);

        DaemonConfig sized = config(Map.of(), "--buffer-mb", "4", "--max-store-mb", "10", "--retention-days", "2");
        assertThat(sized.bufferBytes()).isEqualTo(4L << 20);
        assertThat(sized.maxStoreBytes()).isEqualTo(10L << 20);
        assertThat(sized.retention()).isEqualTo(Duration.ofDays(2));
        assertThat(sized.forwarding()).isNull();
        assertThat(config(Map.of(), "--forward-endpoint", "http://127.0.0.1:9").forwarding().endpoint())
                .isEqualTo(URI.create("http://127.0.0.1:9"));
    }

    @Test
    void badOptionsAndBadEnvironment_exitWithAnError_insteadOfStarting() {
        assertThat(XrayGalleryCommand.run("daemon", "--buffer-mb", "lots")).isEqualTo(2);
        DaemonCommand command = new DaemonCommand();
        command.environment = name -> name.equals("AWS_XRAY_DAEMON_ADDRESS") ? "nonsense" : null;
        assertThat(new CommandLine(command).execute("--data", "target/test-data/never")).isEqualTo(2);
    }

    static DaemonConfig config(Map<String, String> env, String... args) {
        DaemonCommand command = new DaemonCommand();
        command.environment = env::get;
        new CommandLine(command).parseArgs(args);
        return command.config();
    }
}
