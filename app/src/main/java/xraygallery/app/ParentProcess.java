package xraygallery.app;

/** How a child service follows its parent: it exits when the process that started it is gone. */
public final class ParentProcess {
    private ParentProcess() {
    }

    /**
     * Exits this JVM (running its shutdown hooks, so servers stop cleanly) when process {@code pid} ends, or at
     * once if it has already ended. Nothing happens for a null pid.
     */
    public static void exitWhenGone(Long pid) {
        if (pid == null) {
            return;
        }
        ProcessHandle.of(pid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> System.exit(0)),
                () -> System.exit(0));
    }
}
