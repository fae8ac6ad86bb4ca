package xraygallery.ui.traces;

import java.net.URI;
import xraygallery.app.GalleryRuntime;
import xraygallery.traceview.TraceSourceException;
import xraygallery.traceview.XRayTraceSource;
import xraygallery.ui.common.TaskExecutor;

/** Which traces the panel reads in a session: the daemon the session sends to, else AWS X-Ray in AWS mode. */
public final class TraceSources {
    private TraceSources() {
    }

    /**
     * The panel for a signed-in session: it reads the daemon the app sends its traces to (in AWS mode that daemon
     * keeps them too, and forwards them); without a daemon, AWS X-Ray in AWS mode, else nothing but the reason.
     */
    public static TracePanelViewModel panelFor(GalleryRuntime runtime, TaskExecutor tasks, String currentUser) {
        URI daemon = runtime.daemonEndpoint();
        if (daemon != null) {
            return new TracePanelViewModel(XRayTraceSource.forLocalDaemon(daemon), tasks, currentUser,
                    TracePanelViewModel.Options.localDaemon());
        }
        String problem = runtime.daemonProblem() == null ? "No X-Ray daemon runs for this session."
                : runtime.daemonProblem();
        if (runtime.config().aws()) {
            try {
                return new TracePanelViewModel(XRayTraceSource.forAws(runtime.config().awsProfile(),
                        runtime.config().awsRegion()), tasks, currentUser, TracePanelViewModel.Options.awsXRay());
            } catch (TraceSourceException e) {
                problem = problem + " AWS X-Ray cannot be read either: " + e.getMessage();
            }
        }
        return new TracePanelViewModel(new UnavailableTraceSource(problem), tasks, currentUser,
                TracePanelViewModel.Options.localDaemon());
    }
}
