package xraygallery.photos;

import java.io.IOException;

/**
 * How use-cases mark what they do for tracing: each user action one trace (an X-Ray segment with
 * annotations {@code action} and {@code user}), local steps such as {@code resize_image} as
 * subsegments. AWS and SQL calls inside are traced by the clients themselves. Implementations
 * never let a tracing problem fail the action.
 */
public interface ActionTracing {

    /** Work that may fail with an I/O error. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws IOException;
    }

    /** Runs {@code work} as the user action {@code action} of {@code user} (null before sign-in). */
    <T> T action(String action, String user, Work<T> work) throws IOException;

    /** Runs {@code work} as the named step of the current action. */
    <T> T step(String name, Work<T> work) throws IOException;

    /** The current action's trace id ({@code 1-…-…}), or null outside an action or untraced. */
    String currentTraceId();

    /**
     * Records a searchable fact about the current action (an X-Ray annotation on its segment): sizes, formats,
     * counts — never personal data. {@code key} is letters, digits and underscores; {@code value} a string,
     * number or boolean. Does nothing outside an action.
     */
    default void annotate(String key, Object value) {
    }

    /**
     * {@code work} to run on another thread as part of the current action: its AWS and SQL calls become subsegments
     * of the action, as if run on the calling thread. Without tracing, {@code work} itself.
     */
    default Runnable inCurrentContext(Runnable work) {
        return work;
    }

    /** No tracing at all. */
    static ActionTracing none() {
        return new ActionTracing() {
            @Override
            public <T> T action(String action, String user, Work<T> work) throws IOException {
                return work.run();
            }

            @Override
            public <T> T step(String name, Work<T> work) throws IOException {
                return work.run();
            }

            @Override
            public String currentTraceId() {
                return null;
            }
        };
    }
}
