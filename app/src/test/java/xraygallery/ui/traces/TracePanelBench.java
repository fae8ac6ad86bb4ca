package xraygallery.ui.traces;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.scene.Scene;
import javafx.stage.Stage;
import xraygallery.traceview.DaemonHealth;
import xraygallery.traceview.ServiceGraph;
import xraygallery.traceview.SpanTree;
import xraygallery.traceview.TraceQuery;
import xraygallery.traceview.TraceRow;
import xraygallery.traceview.TraceSource;
import xraygallery.traceview.TraceSourceException;
import xraygallery.ui.common.TaskExecutor;
import xraygallery.ui.common.Theme;

/** What the benchmark drives inside the panel (its canvas and list are package-private). Not a test. */
public final class TracePanelBench {
    private final Stage stage;
    private WaterfallViewModel waterfall;
    private WaterfallCanvas canvas;
    private TracePanelViewModel panel;
    private TimedSource source;
    private final List<Double> merges = new ArrayList<>();

    private TracePanelBench(Stage stage) {
        this.stage = stage;
    }

    /** A waterfall canvas alone in a window of the given size. Call on the FX thread. */
    public static TracePanelBench waterfall(Stage stage, double width, double height) {
        TracePanelBench bench = new TracePanelBench(stage);
        bench.waterfall = new WaterfallViewModel();
        bench.canvas = new WaterfallCanvas(bench.waterfall);
        Scene scene = new Scene(bench.canvas, width, height);
        scene.getStylesheets().add(Theme.appStylesheet());
        stage.setScene(scene);
        stage.show();
        return bench;
    }

    public void show(SpanTree tree) {
        waterfall.show(tree);
    }

    public void draw() {
        canvas.draw();
    }

    public void render() {
        canvas.canvas().snapshot(null, null);
    }

    public int rows() {
        return waterfall.rows().size();
    }

    /** The whole panel on a source, polling through {@code tasks}. Call on the FX thread. */
    public static TracePanelBench list(Stage stage, TraceSource source, TaskExecutor tasks, int limit, double width,
            double height) {
        TracePanelBench bench = new TracePanelBench(stage);
        bench.source = new TimedSource(source);
        bench.panel = new TracePanelViewModel(bench.source, tasks, "alice",
                TracePanelViewModel.Options.localDaemon().withListLimit(limit));
        bench.panel.refreshesProperty().addListener((o, was, now) -> bench.merges.add(bench.panel.lastRefreshNanos() / 1e6));
        TracePanelView view = new TracePanelView(bench.panel);
        Scene scene = new Scene(view.root(), width, height);
        scene.getStylesheets().add(Theme.appStylesheet());
        stage.setScene(scene);
        stage.show();
        return bench;
    }

    public void start() {
        panel.start();
    }

    public void stop() {
        panel.stop();
    }

    public void close() {
        panel.close();
        stage.close();
    }

    public int shownRows() {
        return panel.list().items().size();
    }

    public double[] mergeMillis() {
        return merges.stream().mapToDouble(Double::doubleValue).toArray();
    }

    public double[] queryMillis() {
        return source.times();
    }

    /** Times each list query (off the FX thread). */
    private static final class TimedSource implements TraceSource {
        private final TraceSource delegate;
        private final List<Double> times = new ArrayList<>();

        TimedSource(TraceSource delegate) {
            this.delegate = delegate;
        }

        synchronized double[] times() {
            return times.stream().mapToDouble(Double::doubleValue).toArray();
        }

        @Override
        public List<TraceRow> recentTraces(TraceQuery query) throws TraceSourceException {
            long started = System.nanoTime();
            List<TraceRow> rows = delegate.recentTraces(query);
            synchronized (this) {
                times.add((System.nanoTime() - started) / 1e6);
            }
            return rows;
        }

        @Override
        public Optional<SpanTree> trace(String traceId) throws TraceSourceException {
            return delegate.trace(traceId);
        }

        @Override
        public List<SpanTree> traces(List<String> traceIds) throws TraceSourceException {
            return delegate.traces(traceIds);
        }

        @Override
        public ServiceGraph serviceGraph(Instant from, Instant to) throws TraceSourceException {
            return delegate.serviceGraph(from, to);
        }

        @Override
        public DaemonHealth daemonHealth() throws TraceSourceException {
            return delegate.daemonHealth();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
