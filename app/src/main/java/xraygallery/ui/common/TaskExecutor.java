package xraygallery.ui.common;

import java.time.Duration;

/**
 * The one way the window runs slow work: every blocking call goes through {@link #execute} (work on a worker
 * thread, callbacks on the UI thread), progress from workers reaches the UI through {@link #runOnUiThread}, and
 * polls are {@link #schedule}d. The window uses {@link FxTaskExecutor}; view-model tests use
 * {@link CurrentThreadTaskExecutor}, which runs everything at once on the calling thread.
 */
public interface TaskExecutor {

    /** Starts {@code task} off the UI thread; its callbacks run on the UI thread unless it was cancelled. */
    <T> Cancellable execute(BackgroundTask<T> task);

    /** Runs {@code action} on the UI thread (later, when called from another thread). */
    void runOnUiThread(Runnable action);

    /** Runs {@code action} on the UI thread after {@code delay}, unless cancelled first. */
    Cancellable schedule(Duration delay, Runnable action);
}
