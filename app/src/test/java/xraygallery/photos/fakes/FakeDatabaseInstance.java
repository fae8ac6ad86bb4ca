package xraygallery.photos.fakes;

import java.util.concurrent.atomic.AtomicInteger;
import xraygallery.cloud.DatabaseInstance;

/**
 * A {@link DatabaseInstance} whose state moves only when the test says: {@link #start} and {@link #stop} answer
 * {@code starting}/{@code stopping} at once as RDS does, {@link #settle} ends the move, {@link #crash} fails it with
 * a reason (as {@code StatusInfos} carries it). Requests RDS refuses in a state are refused the same way.
 */
public final class FakeDatabaseInstance implements DatabaseInstance {
    private final String id;
    private final String host;
    private final int port;
    private DatabaseStatus status; // guarded by this
    private final AtomicInteger starts = new AtomicInteger();
    private final AtomicInteger stops = new AtomicInteger();

    public FakeDatabaseInstance(String id, String state) {
        this.id = id;
        this.host = "127.0.0.1";
        this.port = 3306;
        this.status = statusIn(state, null);
    }

    /** A stopped instance named {@code edx-photos-db}. */
    public static FakeDatabaseInstance stopped() {
        return new FakeDatabaseInstance("edx-photos-db", "stopped");
    }

    private DatabaseStatus statusIn(String state, String problem) {
        boolean up = "available".equals(state);
        return new DatabaseStatus(id, state, up ? host : null, up ? port : null, problem);
    }

    /** Ends a start or stop under way: starting becomes available, stopping becomes stopped. */
    public synchronized FakeDatabaseInstance settle() {
        switch (status.state()) {
            case "starting" -> status = statusIn("available", null);
            case "stopping" -> status = statusIn("stopped", null);
            default -> throw new IllegalStateException("nothing to settle in " + status.state());
        }
        return this;
    }

    /** The database server died or never came up: failed, with {@code reason}. */
    public synchronized FakeDatabaseInstance crash(String reason) {
        status = statusIn("failed", reason);
        return this;
    }

    public int starts() {
        return starts.get();
    }

    public int stops() {
        return stops.get();
    }

    @Override
    public synchronized DatabaseStatus status() {
        return status;
    }

    @Override
    public synchronized DatabaseStatus start() {
        if (!status.canStart() && !"failed".equals(status.state())) {
            throw new DatabaseInstanceException("InvalidDBInstanceState: Instance " + id + " is not stopped ("
                    + status.state() + ")", null);
        }
        starts.incrementAndGet();
        status = statusIn("starting", null);
        return status;
    }

    @Override
    public synchronized DatabaseStatus stop() {
        if (!status.canStop()) {
            throw new DatabaseInstanceException("InvalidDBInstanceState: Instance " + id + " is not available ("
                    + status.state() + ")", null);
        }
        stops.incrementAndGet();
        status = statusIn("stopping", null);
        return status;
    }
}
