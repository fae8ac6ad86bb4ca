package xraygallery.ui.common;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Blocking work (JDBC, S3, starting a process) to run off the UI thread, with callbacks that run on the UI thread
 * when it ends: {@code BackgroundTask.of(() -> accounts.signIn(...)).onSuccess(user -> ...).onFailure(e -> ...)
 * .executeWith(tasks)}.
 */
public final class BackgroundTask<T> {
    /** The work; it may throw. */
    @FunctionalInterface
    public interface Work<T> {
        T call() throws Exception;
    }

    /** Work without a result. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    private final Work<T> work;
    private Consumer<? super T> onSuccess = result -> { };
    private Consumer<Throwable> onFailure = error -> { };
    private Runnable onFinished = () -> { };

    private BackgroundTask(Work<T> work) {
        this.work = Objects.requireNonNull(work, "work");
    }

    public static <T> BackgroundTask<T> of(Work<T> work) {
        return new BackgroundTask<>(work);
    }

    public static BackgroundTask<Void> run(Action action) {
        return new BackgroundTask<>(() -> {
            action.run();
            return null;
        });
    }

    /** Runs on the UI thread with the result. */
    public BackgroundTask<T> onSuccess(Consumer<? super T> callback) {
        this.onSuccess = Objects.requireNonNull(callback, "callback");
        return this;
    }

    /** Runs on the UI thread with what the work threw. */
    public BackgroundTask<T> onFailure(Consumer<Throwable> callback) {
        this.onFailure = Objects.requireNonNull(callback, "callback");
        return this;
    }

    /** Runs on the UI thread after success or failure. */
    public BackgroundTask<T> onFinished(Runnable callback) {
        this.onFinished = Objects.requireNonNull(callback, "callback");
        return this;
    }

    public Cancellable executeWith(TaskExecutor executor) {
        return executor.execute(this);
    }

    /** For executors: runs the work on the calling thread. */
    T call() throws Exception {
        return work.call();
    }

    /** For executors: the callbacks, on the UI thread. */
    void succeeded(T result) {
        try {
            onSuccess.accept(result);
        } finally {
            onFinished.run();
        }
    }

    void failed(Throwable error) {
        try {
            onFailure.accept(error);
        } finally {
            onFinished.run();
        }
    }
}
