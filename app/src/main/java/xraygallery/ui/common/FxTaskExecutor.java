package xraygallery.ui.common;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TaskExecutor} for the window: a small pool of daemon worker threads for blocking work, one timer thread
 * for polls, and {@link Platform#runLater} for everything that touches the UI.
 */
public final class FxTaskExecutor implements TaskExecutor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FxTaskExecutor.class);

    private final ExecutorService workers;
    private final ScheduledExecutorService timer;

    public FxTaskExecutor(int workerThreads) {
        this.workers = Executors.newFixedThreadPool(workerThreads, named("ui-worker"));
        this.timer = Executors.newSingleThreadScheduledExecutor(named("ui-timer"));
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger ids = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + ids.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public <T> Cancellable execute(BackgroundTask<T> task) {
        AtomicBoolean cancelled = new AtomicBoolean();
        Future<?> future = workers.submit(() -> {
            try {
                T result = task.call();
                Platform.runLater(() -> {
                    if (!cancelled.get()) {
                        task.succeeded(result);
                    }
                });
            } catch (Exception | Error e) {
                LOG.debug("background task failed", e);
                Platform.runLater(() -> {
                    if (!cancelled.get()) {
                        task.failed(e);
                    }
                });
            }
        });
        return () -> {
            cancelled.set(true);
            future.cancel(false);
        };
    }

    @Override
    public void runOnUiThread(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable action) {
        AtomicBoolean cancelled = new AtomicBoolean();
        var future = timer.schedule(() -> Platform.runLater(() -> {
            if (!cancelled.get()) {
                action.run();
            }
        }), delay.toMillis(), TimeUnit.MILLISECONDS);
        return () -> {
            cancelled.set(true);
            future.cancel(false);
        };
    }

    /** Stops taking work; work under way may finish, its callbacks are dropped once the toolkit is gone. */
    @Override
    public void close() {
        workers.shutdownNow();
        timer.shutdownNow();
    }
}
