package xraygallery.ui.common;

/** Something started that can be called off: a background task not yet finished, a scheduled poll. */
@FunctionalInterface
public interface Cancellable {
    /** Calls it off; a task already running finishes, but its callbacks no longer run. Idempotent. */
    void cancel();
}
