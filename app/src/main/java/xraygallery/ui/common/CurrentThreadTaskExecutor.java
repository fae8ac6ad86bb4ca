package xraygallery.ui.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link TaskExecutor} for view-model tests: work and callbacks run at once on the calling thread, so a test
 * reads the outcome on the next line. Scheduled actions wait until the test runs them ({@link #runScheduled}).
 */
public final class CurrentThreadTaskExecutor implements TaskExecutor {

    /** A scheduled action and when it was asked for. */
    public record Scheduled(Duration delay, Runnable action) {
    }

    private final List<Scheduled> scheduled = new ArrayList<>();

    @Override
    public <T> Cancellable execute(BackgroundTask<T> task) {
        T result;
        try {
            result = task.call();
        } catch (Exception | Error e) {
            task.failed(e);
            return () -> { };
        }
        task.succeeded(result);
        return () -> { };
    }

    @Override
    public void runOnUiThread(Runnable action) {
        action.run();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable action) {
        Scheduled entry = new Scheduled(delay, action);
        scheduled.add(entry);
        return () -> scheduled.remove(entry);
    }

    /** The actions scheduled and not yet run or cancelled, oldest first. */
    public List<Scheduled> scheduled() {
        return List.copyOf(scheduled);
    }

    /** Runs the actions scheduled so far (not those they schedule in turn); returns how many ran. */
    public int runScheduled() {
        List<Scheduled> due = List.copyOf(scheduled);
        scheduled.removeAll(due);
        due.forEach(s -> s.action().run());
        return due.size();
    }
}
