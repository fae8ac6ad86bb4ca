package xraygallery.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import xraygallery.app.GalleryRuntime;
import xraygallery.cloud.DatabaseInstance.DatabaseStatus;
import xraygallery.photos.DatabaseControl;

/** {@code xray-gallery db status|start|stop}: the RDS instance behind the gallery. */
@Command(name = "db", mixinStandardHelpOptions = true, description = "Show, start or stop the gallery's RDS database instance.")
public final class DbCommand implements Callable<Integer> {
    /** What to do with the instance. */
    enum Action { status, start, stop }

    @Mixin
    GalleryOptions options;

    @Parameters(index = "0", paramLabel = "ACTION", description = "status, start or stop")
    Action action;

    @Option(names = "--wait", description = "With start: wait until the instance is available.")
    boolean await;

    @Override
    public Integer call() throws Exception {
        try (GalleryRuntime runtime = Commands.openRuntime(options)) {
            DatabaseControl control = runtime.services().databaseControl();
            DatabaseStatus status = switch (action) {
                case status -> control.status(null);
                case start -> control.start(null);
                case stop -> control.stop(null);
            };
            print(status);
            if (action == Action.start && await && !status.isAvailable()) {
                String[] last = {status.state()};
                print(control.awaitAvailable(null, Duration.ofMinutes(15), s -> {
                    if (!s.state().equals(last[0])) {
                        last[0] = s.state();
                        System.out.println("  ... " + s.state());
                    }
                }));
            }
            return 0;
        }
    }

    static void print(DatabaseStatus status) {
        System.out.println(status.instanceId() + " " + status.state()
                + (status.isAvailable() ? " at " + status.host() + ":" + status.port() : "")
                + (status.problem() != null ? ": " + status.problem() : ""));
    }
}
