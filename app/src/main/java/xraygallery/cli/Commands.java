package xraygallery.cli;

import java.io.IOException;
import java.time.Duration;
import xraygallery.app.GalleryRuntime;
import xraygallery.cloud.DatabaseInstance.DatabaseStatus;
import xraygallery.photos.GalleryException;
import xraygallery.photos.User;

/** Steps several commands share. */
final class Commands {
    private Commands() {
    }

    /** Starts what the gallery needs; says on stderr when traces will not be kept. */
    static GalleryRuntime openRuntime(GalleryOptions options) throws IOException {
        GalleryRuntime runtime = GalleryRuntime.open(options.aws);
        if (runtime.daemonProblem() != null) {
            System.err.println(runtime.daemonProblem());
        }
        return runtime;
    }

    /**
     * Waits for the database while it is starting (a local cloud that was just started resumes an
     * instance that was running); says to start it when it is stopped.
     */
    static void awaitDatabase(GalleryRuntime runtime) throws IOException {
        DatabaseStatus status = runtime.services().databaseControl().status(null);
        if (status.isAvailable()) {
            return;
        }
        if (!"starting".equals(status.state())) {
            throw new GalleryException("The database " + status.instanceId() + " is " + status.state()
                    + ". Start it first: xray-gallery db start --wait");
        }
        runtime.services().databaseControl().awaitAvailable(null, Duration.ofMinutes(5), s -> { });
    }

    /** Signs {@code name} in with the password from the environment, console or stdin. */
    static User signIn(GalleryRuntime runtime, String name) throws IOException {
        awaitDatabase(runtime);
        char[] password = GalleryOptions.readPassword("Password for " + name + ": ");
        try {
            return runtime.services().accounts().signIn(name, password);
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }
}
