package xraygallery.cli;

import java.io.IOException;
import xraygallery.tracing.LocalDaemon;
import xraygallery.tracing.TracingConfig;

/** The app's X-Ray daemon: the one at AWS_XRAY_DAEMON_ADDRESS (default 127.0.0.1:2000), started if none answers. */
final class AppDaemon {
    private AppDaemon() {
    }

    /**
     * Reuses or starts the daemon, with its store and log under the app's data directory. Returns null (after
     * saying why) if it cannot be started: the app then runs untraced rather than not at all.
     */
    static LocalDaemon ensureRunning() {
        String address = TracingConfig.fromEnvironment().daemonAddress();
        try {
            return LocalDaemon.ensureRunning(LocalDaemon.Options.at(address)
                    .withArguments("--data", AppDirectories.dataHome().resolve("daemon").toString())
                    .withLogFile(AppDirectories.dataHome().resolve("daemon.log")));
        } catch (IOException | RuntimeException e) {
            System.err.println("The X-Ray daemon could not be started, so traces will not be kept: " + e.getMessage());
            return null;
        }
    }
}
