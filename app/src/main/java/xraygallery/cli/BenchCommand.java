package xraygallery.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import xraygallery.app.AppDaemon;
import xraygallery.bench.SegmentLoad;
import xraygallery.daemon.DaemonConfig;
import xraygallery.files.FileTrees;

/**
 * {@code xray-gallery bench}: how many segments a second the daemon keeps without loss. Starts a fresh daemon as a
 * separate process (with a small heap), sends from this one, and prints markdown for docs/PERFORMANCE.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark the X-Ray daemon: send ~1 KiB segments over loopback UDP at given rates to a fresh"
                + " daemon process and report received, stored and dropped segments per second, heap and RSS.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--rates", split = ",", description = "Segments per second, one run each (default ${DEFAULT-VALUE}).")
    List<Integer> rates = List.of(10_000, 25_000, 50_000, 75_000, 100_000);

    @Option(names = "--seconds", description = "Seconds of sending per run (default ${DEFAULT-VALUE}).")
    int seconds = 10;

    @Option(names = "--warmup", description = "Seconds of uncounted sending first, so the daemon's JIT has compiled the hot"
            + " path (default ${DEFAULT-VALUE}; 0 measures a cold start).")
    int warmup = 5;

    @Option(names = "--start-delay-ms", description = "With no warm-up: start sending this long after the daemon's ready"
            + " line (default ${DEFAULT-VALUE}; 1000 is a burst arriving a second after the daemon started).")
    int startDelayMillis = 0;

    @Option(names = "--busy-sender", description = "The sender spins between sends instead of sleeping, taking a whole"
            + " core, as a load test driving an X-Ray SDK does.")
    boolean busySender;

    @Option(names = "--size", description = "Bytes per segment document (default ${DEFAULT-VALUE}).")
    int size = 1024;

    @Option(names = "--heap", description = "The daemon's -Xmx (default ${DEFAULT-VALUE}, as the app runs it).")
    String heap = "128m";

    @Option(names = "--buffer-mb", description = "The daemon's --buffer-mb (default ${DEFAULT-VALUE}).")
    int bufferMb = DaemonConfig.DEFAULT_BUFFER_MB;

    @Option(names = "--c1", description = "Limit the daemon's JIT to C1 (-XX:TieredStopAtLevel=1), as the app ran"
            + " it until 2026-11-30; by default it uses C2 as well, as the app does.")
    boolean c1;

    @Option(names = "--data", description = "Where the daemons keep their stores (default: a new folder under java.io.tmpdir).")
    Path data;

    @Option(names = "--keep-stores", description = "Keep each rate's trace store after its run (by default it is deleted:"
            + " a run at 50,000/s leaves about 1 GB).")
    boolean keepStores;

    @Option(names = "--per-second", description = "Also print every run's per-second samples.")
    boolean perSecond;

    @Option(names = "--gc", description = "The daemon's garbage collector flag (default ${DEFAULT-VALUE}).")
    String gc = "-XX:+UseSerialGC";

    @Option(names = "--jvm", split = " ", description = "More JVM options for the daemon (for example a JFR recording).")
    List<String> jvm = List.of();

    @Override
    public Integer call() throws Exception {
        Path root = data != null ? Files.createDirectories(data) : Files.createTempDirectory("xray-gallery-bench");
        String start = warmup > 0 ? "after " + warmup + " s of warm-up"
                : "cold: sending " + startDelayMillis + " ms after the ready line";
        System.out.printf(Locale.ROOT, "Daemon: %s, --buffer-mb %d; %d CPUs, Java %s; %d-byte segments, %d s per rate, %s,"
                + " %s sender%n%n", String.join(" ", javaOptions()), bufferMb, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), size, seconds, start, busySender ? "a busy (whole-core)" : "a light");
        System.out.println("| target/s | sent | received | stored | spillover | kernel drops | lost | lost % | peak heap MiB"
                + " | peak RSS MiB | CPU daemon / sender / others | daemon CPU µs per stored |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        List<String> queryLines = new java.util.ArrayList<>();
        for (int rate : rates) {
            Path dir = Files.createDirectories(root.resolve("rate-" + rate));
            AppDaemon.Options options = new AppDaemon.Options("udp:127.0.0.1:0 tcp:127.0.0.1:0", dir,
                    dir.resolve("daemon.log"), null, List.of("--buffer-mb", Integer.toString(bufferMb)),
                    List.of(javaOptions()), java.util.Map.of());
            try (AppDaemon daemon = AppDaemon.start(options)) {
                SegmentLoad load = new SegmentLoad(daemon.udpAddress(), daemon.endpoint(), daemon.pid().orElseThrow(), size);
                if (warmup == 0 && startDelayMillis > 0) {
                    Thread.sleep(startDelayMillis); // the scenario: a burst that starts this long after the ready line
                }
                SegmentLoad.Result r = load.run(rate, seconds, warmup,
                        busySender ? SegmentLoad.Sender.BUSY : SegmentLoad.Sender.LIGHT);
                System.out.printf(Locale.ROOT, "| %,d | %,d | %,d | %,d | %,d | %,d | %,d | %.2f | %.0f | %.0f |"
                        + " %.2f / %.2f / %.2f | %.1f |%n",
                        r.rate(), r.sent(), r.received(), r.stored(), r.spillover(), r.kernelDrops(), r.lost(),
                        100.0 * r.lost() / Math.max(1, r.sent()), r.peakHeapBytes() / 1048576.0,
                        r.peakRssBytes() / 1048576.0, r.daemonCores(), r.senderCores(), r.otherCores(),
                        r.daemonMicrosPerStored());
                SegmentLoad.QueryTimes q = load.queries(seconds);
                queryLines.add(String.format(Locale.ROOT, "| %,d | %,d | %d ms (%d summaries) | %d ms (%,d traces scanned) |"
                        + " %d ms (%d services) |", rate, r.stored(), q.summariesMillis(), q.summaries(), q.filteredMillis(),
                        q.scanned(), q.graphMillis(), q.services()));
                if (perSecond) {
                    for (SegmentLoad.Sample s : r.samples()) {
                        System.out.printf(Locale.ROOT, "    t=%2ds sent %,d received %,d stored %,d spillover %,d kernel drops %,d"
                                + " buffered %,d heap %.0f MiB RSS %.0f MiB%n", s.second(), s.sent(), s.received(), s.stored(),
                                s.spillover(), s.kernelDrops(), s.buffered(), s.heapUsedBytes() / 1048576.0,
                                s.rssBytes() / 1048576.0);
                    }
                }
                System.out.flush();
            }
            if (!keepStores) {
                FileTrees.deleteTree(dir);
            }
        }
        if (!keepStores && data == null) {
            FileTrees.deleteTree(root);
        }
        System.out.println();
        System.out.println("Queries right after each run, over its " + seconds + " s:");
        System.out.println();
        System.out.println("| target/s | traces stored | GetTraceSummaries, first page | filtered, no match |"
                + " GetServiceGraph |");
        System.out.println("|---:|---:|---:|---:|---:|");
        queryLines.forEach(System.out::println);
        return 0;
    }

    private String[] javaOptions() {
        List<String> options = new java.util.ArrayList<>(List.of("-Xmx" + heap, "-Xms" + heap, gc));
        if (c1) {
            options.add("-XX:TieredStopAtLevel=1");
        }
        options.addAll(jvm);
        return options.toArray(String[]::new);
    }
}
