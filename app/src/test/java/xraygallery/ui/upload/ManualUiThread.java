package xraygallery.ui.upload;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import xraygallery.ui.common.BackgroundTask;
import xraygallery.ui.common.Cancellable;
import xraygallery.ui.common.CurrentThreadTaskExecutor;
import xraygallery.ui.common.TaskExecutor;

/**
 * A {@link TaskExecutor} whose "UI thread" is the test: background tasks run at once on the calling thread (with
 * their callbacks, as {@link CurrentThreadTaskExecutor} does), but what workers hand to the UI thread through
 * {@link #runOnUiThread} waits in a queue until the test calls {@link #runUiActions}, as if the UI thread were busy
 * meanwhile. Thread-safe.
 */
final class ManualUiThread implements TaskExecutor {
    private final CurrentThreadTaskExecutor direct = new CurrentThreadTaskExecutor();
    private final Deque<Runnable> uiActions = new ArrayDeque<>();
    private int hops;

    @Override
    public <T> Cancellable execute(BackgroundTask<T> task) {
        return direct.execute(task);
    }

    @Override
    public synchronized void runOnUiThread(Runnable action) {
        hops++;
        uiActions.add(action);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable action) {
        return direct.schedule(delay, action);
    }

    /** How many actions wait for the UI thread now. */
    synchronized int waiting() {
        return uiActions.size();
    }

    /** How many actions were ever handed to the UI thread. */
    synchronized int hops() {
        return hops;
    }

    /** Runs the waiting UI actions (and those they queue) on the calling thread; returns how many ran. */
    int runUiActions() {
        int ran = 0;
        while (true) {
            Runnable next;
            synchronized (this) {
                next = uiActions.poll();
            }
            if (next == null) {
                return ran;
            }
            next.run();
            ran++;
        }
    }
}
