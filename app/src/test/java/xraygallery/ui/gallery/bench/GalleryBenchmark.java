package xraygallery.ui.gallery.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import xraygallery.bench.BenchReport;
import xraygallery.daemon.DaemonFixture;
import xraygallery.photos.User;
import xraygallery.tracing.Tracing;
import xraygallery.tracing.TracingConfig;
import xraygallery.ui.common.FxTaskExecutor;
import xraygallery.ui.common.Notifier;
import xraygallery.ui.common.Theme;
import xraygallery.ui.gallery.GalleryCloud;
import xraygallery.ui.gallery.GalleryView;
import xraygallery.ui.gallery.GalleryViewModel;

/**
 * Benchmark (not a test): a gallery of 5,000 photos (rows, labels and thumbnail objects seeded directly) in the
 * real window on Monocle (headless, software rendering, 1280×800), traced to a bundled daemon as in the app.
 * Measures the time from opening the gallery to the first screen of thumbnails, with the thumbnail cache cold
 * (fetched from S3 inside {@code list_photos}) and warm, and the FX pulses while scrolling the grid end to end at a
 * steady speed: the gap between pulses (an {@link AnimationTimer}) and the longest stall of the FX thread (a
 * {@code runLater} probe every 2 ms). Rewrites the "Gallery window" section of docs/PERFORMANCE.md.
 * Run: tools/bench-gallery.sh
 */
public final class GalleryBenchmark {
    private static final String SECTION = "## Gallery window";
    /** {@code -Dbench.photos=N -Dbench.warmRuns=N} make a shorter run (profiling); the report is for the defaults. */
    private static final int PHOTOS = Integer.getInteger("bench.photos", 5_000);
    private static final int WARM_RUNS = Integer.getInteger("bench.warmRuns", 5);
    /** Monocle's headless screen is 1280×800. */
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 800;
    /** Scroll speed: pixels per pulse (at 60 pulses/s). */
    private static final double[] SPEEDS = {60, 240};

    /** What the numbers mean; from profiling runs (JFR) of this benchmark, kept with it. */
    private static final String READING = """
            Reading (profiled with JFR on a 600-photo run of this benchmark): on the software pipeline the cost of a \
            pulse is the renderer thread rasterizing shapes (Marlin: rounded tile corners and clips, the chips' \
            rounded backgrounds, the scroll bar), not the gallery's code on the FX thread. Drawing each tile once into \
            a cached bitmap (`setCache(true)`, `CacheHint.SPEED`), so that scrolling only copies it, took the median \
            from 54 to about 26 ms of CPU per pulse, and decoding thumbnails at the tile's size removed scaling at \
            draw time. Neither goal is met here: the work per pulse is still above 16 ms in software rendering, and \
            the wall-clock times (first screen, pulse gaps, stalls) grow with the machine's load, which other jobs \
            kept far above its 2 cores during the run. The `list_photos` action itself takes ~60 ms warm; cold, its \
            60 S3 GetObject calls to the local cloud (in the same JVM here) dominate. With a GPU pipeline \
            (es2/d3d) shape rasterization moves off the CPU; next steps on the software pipeline would be square \
            tiles without clips and flat chips.
            """;

    private GalleryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        Path output = Path.of(args.length > 0 ? args[0] : "../docs/PERFORMANCE.md");
        try (DaemonFixture daemon = DaemonFixture.start("gallery-bench");
             Tracing tracing = Tracing.create(TracingConfig.forDaemon(daemon.daemonAddress()));
             GalleryCloud cloud = GalleryCloud.startTraced("gallery-bench", tracing)) {
            long seedStart = System.nanoTime();
            User user = cloud.userWith("bianca", PHOTOS, false);
            double seedS = BenchReport.millis(seedStart) / 1000;
            System.out.printf("seeded %d photos in %.1f s%n", PHOTOS, seedS);
            // as in the app, signing in has warmed up the database connection and the schema check
            cloud.services().accounts().signIn("bianca", "bianca's password".toCharArray());
            String load = java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];

            CompletableFuture<Void> started = new CompletableFuture<>();
            Platform.startup(() -> started.complete(null));
            started.get();
            Stage stage = onFx(() -> {
                Theme.LIGHT.apply();
                Stage s = new Stage();
                s.setScene(new Scene(new StackPane(), WIDTH, HEIGHT));
                s.getScene().getStylesheets().add(Theme.appStylesheet());
                s.show();
                return s;
            });
            FxTaskExecutor tasks = new FxTaskExecutor(4);

            java.time.Instant coldStart = java.time.Instant.now();
            double cold = open(stage, cloud, user, tasks).millis;
            java.time.Instant warmStart = java.time.Instant.now();
            double[] warm = new double[WARM_RUNS];
            Opened last = null;
            for (int i = 0; i < WARM_RUNS; i++) {
                if (last != null) {
                    GalleryView previous = last.view;
                    onFx(() -> {
                        previous.close();
                        return null;
                    });
                }
                last = open(stage, cloud, user, tasks);
                warm[i] = last.millis;
            }
            GalleryView shown = last.view;
            java.time.Instant warmEnd = java.time.Instant.now();
            Thread.sleep(1500); // let the daemon store the last traces (not a synchronisation of the measurement)
            double[] coldTraces = listDurations(daemon, coldStart, warmStart);
            double[] warmTraces = listDurations(daemon, warmStart, warmEnd);
            List<Scroll> scrolls = new ArrayList<>();
            for (double speed : SPEEDS) {
                scrolls.add(scroll(shown, speed));
            }
            int columns = onFx(() -> columns(shown));
            tasks.close();
            Platform.exit();

            StringBuilder table = new StringBuilder("| scroll speed | pulses | FX + render CPU per pulse median / p99 / "
                    + "max ms | pulse gap median / p99 / max ms | longest FX stall ms | end screen complete after ms |\n"
                    + "| --- | ---: | ---: | ---: | ---: | ---: |\n");
            for (Scroll s : scrolls) {
                table.append("| ").append(BenchReport.fmt(s.speed)).append(" px/pulse (")
                        .append(Math.round(s.speed * 60 / s.rowHeight)).append(" rows/s) | ").append(s.gaps.length)
                        .append(" | ").append(BenchReport.fmt(BenchReport.median(s.work))).append(" / ")
                        .append(BenchReport.fmt(BenchReport.percentile(s.work, 99))).append(" / ")
                        .append(BenchReport.fmt(max(s.work)))
                        .append(" | ").append(BenchReport.fmt(BenchReport.median(s.gaps))).append(" / ")
                        .append(BenchReport.fmt(BenchReport.percentile(s.gaps, 99))).append(" / ")
                        .append(BenchReport.fmt(max(s.gaps))).append(" | ")
                        .append(BenchReport.fmt(s.longestStallMs)).append(" | ").append(BenchReport.fmt(s.settleMs))
                        .append(" |\n");
            }
            String text = SECTION + "\n\nMeasured " + java.time.LocalDate.now() + " by `tools/bench-gallery.sh` "
                    + "(`xraygallery.ui.gallery.bench.GalleryBenchmark`) on " + BenchReport.machine() + ".\n\n"
                    + "Method: " + PHOTOS + " photos seeded directly (rows, labels, 320 px thumbnail objects; "
                    + BenchReport.fmt(seedS) + " s) into a local cloud; the real `GalleryView` in a " + WIDTH + "×" + HEIGHT + " window "
                    + "on Monocle (headless, software rendering: `prism.order=sw`), " + columns + " columns; every "
                    + "action traced to a bundled daemon as in the app. \"First screen\" ends on the first pulse where "
                    + "every tile on screen shows its decoded thumbnail. The machine is shared: its load average was " + load
                    + " at the start (2 cores), so the numbers are pessimistic.\n\n"
                    + "| opening the gallery → first screen of thumbnails | ms |\n| --- | ---: |\n"
                    + "| cold cache (page of 60 thumbnails fetched from S3 inside `list_photos`) | "
                    + BenchReport.fmt(cold) + " |\n"
                    + "| warm cache, median of " + WARM_RUNS + " (max) | " + BenchReport.fmt(BenchReport.median(warm))
                    + " (" + BenchReport.fmt(max(warm)) + ") |\n\n"
                    + "Of which the `list_photos` action (its trace's duration in the daemon): cold "
                    + BenchReport.fmt(max(coldTraces)) + " ms, warm median " + BenchReport.fmt(BenchReport.median(warmTraces))
                    + " ms; the rest is decoding the thumbnails (JavaFX's background loader) and the first layout.\n\n"
                    + "Goal ≤ 1,000 ms.\n\n"
                    + "Scrolling end to end (top to bottom, by `VirtualFlow.scrollPixels` once per pulse; pages load "
                    + "around what is on screen as it goes, their thumbnails fetched from S3 the first time). A pulse "
                    + "gap of ~16.7 ms is the 60 Hz pulse itself; the CPU per pulse is the CPU time the FX thread and the renderer "
                    + "thread used between two pulses (ThreadMXBean), which does not grow with the machine's load as the "
                    + "wall-clock gaps do; the FX stall is the longest wait of a `runLater` "
                    + "posted every 2 ms from another thread, i.e. the longest stretch the FX thread was busy.\n\n"
                    + table
                    + "\nGoal: no pulse over 16 ms of work.\n\n" + READING;
            BenchReport.writeSection(output, SECTION, text);
            System.out.println(text);
        }
        System.exit(0);
    }

    private record Opened(GalleryView view, double millis) {
    }

    private record Scroll(double speed, double rowHeight, double[] gaps, double[] work, double longestStallMs,
            double settleMs) {
    }

    /** CPU time of the FX thread and the renderer thread so far, in ns (what a pulse costs, whatever the load). */
    private static long fxCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("JavaFX Application Thread") || t.getName().startsWith("QuantumRenderer")) {
                long cpu = threads.getThreadCpuTime(t.getId());
                total += Math.max(0, cpu);
            }
        }
        return total;
    }

    /** Opens a new gallery view; returns when the first screen shows all its thumbnails. */
    private static Opened open(Stage stage, GalleryCloud cloud, User user, FxTaskExecutor tasks) throws Exception {
        CompletableFuture<Opened> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            long start = System.nanoTime();
            GalleryView view = new GalleryView(new GalleryViewModel(cloud.gallery(), user, tasks, Notifier.silent()));
            stage.getScene().setRoot(view.root());
            view.load();
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    if (view.screenComplete()) {
                        stop();
                        done.complete(new Opened(view, BenchReport.millis(start)));
                    }
                }
            }.start();
        });
        Opened opened = done.get(2, TimeUnit.MINUTES);
        System.out.printf("first screen in %.0f ms%n", opened.millis);
        return opened;
    }

    /** Scrolls from the top to the bottom at {@code speed} px per pulse, measuring pulse gaps and FX stalls. */
    private static Scroll scroll(GalleryView view, double speed) throws Exception {
        onFx(() -> {
            grid(view).scrollTo(0);
            return null;
        });
        waitComplete(view);
        AtomicLong longestStall = new AtomicLong();
        Thread probe = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long posted = System.nanoTime();
                Platform.runLater(() -> longestStall.accumulateAndGet(System.nanoTime() - posted, Math::max));
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fx-stall-probe");
        probe.setDaemon(true);
        CompletableFuture<double[]> gaps = new CompletableFuture<>();
        double[] rowHeight = new double[1];
        List<Double> work = java.util.Collections.synchronizedList(new ArrayList<>());
        Platform.runLater(() -> {
            ListView<?> grid = grid(view);
            VirtualFlow<?> flow = (VirtualFlow<?>) grid.lookup(".virtual-flow");
            rowHeight[0] = grid.getFixedCellSize();
            List<Double> measured = new ArrayList<>();
            new AnimationTimer() {
                private long last;
                private long lastCpu;

                @Override
                public void handle(long now) {
                    long t = System.nanoTime();
                    long cpu = fxCpuNanos();
                    if (last != 0) {
                        measured.add((t - last) / 1e6);
                        work.add((cpu - lastCpu) / 1e6);
                    }
                    last = t;
                    lastCpu = cpu;
                    flow.scrollPixels(speed);
                    if (flow.getLastVisibleCell() != null && flow.getLastVisibleCell().getIndex() >= flow.getCellCount() - 1
                            && flow.getPosition() >= 1) {
                        stop();
                        gaps.complete(measured.stream().mapToDouble(Double::doubleValue).toArray());
                    }
                }
            }.start();
        });
        longestStall.set(0);
        probe.start();
        double[] result = gaps.get(10, TimeUnit.MINUTES);
        probe.interrupt();
        long settleStart = System.nanoTime();
        waitComplete(view);
        double settle = BenchReport.millis(settleStart);
        Scroll scroll = new Scroll(speed, rowHeight[0], result, work.stream().mapToDouble(Double::doubleValue).toArray(),
                longestStall.get() / 1e6, settle);
        System.out.printf("scroll %.0f px/pulse: %d pulses, max gap %.1f ms, median work %.1f ms, p99 work %.1f ms,"
                + " longest stall %.1f ms%n", speed, result.length, max(result), BenchReport.median(scroll.work),
                BenchReport.percentile(scroll.work, 99), scroll.longestStallMs);
        return scroll;
    }

    private static void waitComplete(GalleryView view) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (view.screenComplete()) {
                    stop();
                    done.complete(null);
                }
            }
        }.start());
        done.get(2, TimeUnit.MINUTES);
    }

    private static ListView<?> grid(GalleryView view) {
        return (ListView<?>) view.root().lookup("#photoGrid");
    }

    private static int columns(GalleryView view) {
        ListView<?> grid = grid(view);
        return (int) ((grid.getWidth() - 2 * 16 - 14 + 12) / (168 + 12));
    }

    /** Durations (ms) of the list_photos traces that started in [from, to). */
    private static double[] listDurations(DaemonFixture daemon, java.time.Instant from, java.time.Instant to) {
        return daemon.xray().getTraceSummaries(b -> b.startTime(from).endTime(to)
                        .filterExpression("annotation.action = \"list_photos\""))
                .traceSummaries().stream().mapToDouble(t -> t.duration() * 1000).toArray();
    }

    private static double max(double[] values) {
        double m = 0;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static long count(double[] values, double above) {
        return java.util.Arrays.stream(values).filter(v -> v > above).count();
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(1, TimeUnit.MINUTES);
    }
}
