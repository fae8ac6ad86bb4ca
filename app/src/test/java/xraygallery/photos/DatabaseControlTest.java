package xraygallery.photos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import xraygallery.cloud.DatabaseInstance.DatabaseStatus;
import xraygallery.photos.fakes.FakeDatabaseInstance;

/** Starting, stopping and waiting for the database instance, on a fake instance the test moves. */
class DatabaseControlTest {
    private final FakeDatabaseInstance instance = FakeDatabaseInstance.stopped();
    private final DatabaseControl control = new DatabaseControl(instance, ActionTracing.none(), Duration.ZERO);

    @Test
    void startingAStoppedInstance_asksOnce_andAStartWhileStartingAsksNothing() throws Exception {
        assertThat(control.start("alice").state()).isEqualTo("starting");
        assertThat(control.start("alice").state()).isEqualTo("starting");

        assertThat(instance.starts()).isEqualTo(1);
    }

    @Test
    void stoppingWhileStarting_isRefusedWithWhatToDo_andAsksNothing() throws Exception {
        control.start("alice");

        assertThatThrownBy(() -> control.stop("alice")).isInstanceOf(GalleryException.class)
                .hasMessage("The database is starting; it can be stopped once it is available.");
        assertThat(instance.stops()).isZero();
    }

    @Test
    void waitingForAvailable_followsTheStatesUntilTheEndpointIsThere() throws Exception {
        control.start("alice");
        List<String> seen = new ArrayList<>();

        DatabaseStatus available = control.awaitAvailable("alice", Duration.ofMinutes(1), status -> {
            seen.add(status.state());
            if (seen.size() == 2) {
                instance.settle(); // the instance comes up while the wait polls
            }
        });

        assertThat(seen).containsExactly("starting", "starting", "available");
        assertThat(available.isAvailable()).isTrue();
        assertThat(available.port()).isEqualTo(3306);
    }

    @Test
    void anInstanceThatFails_endsTheWaitWithItsReason_andCanBeStartedAgain() throws Exception {
        control.start("alice");
        instance.crash("mariadbd exited with code 1: the data directory is under java.io.tmpdir");

        assertThatThrownBy(() -> control.awaitAvailable("alice", Duration.ofMinutes(1), status -> { }))
                .isInstanceOf(GalleryException.class)
                .hasMessage("The database failed to start: mariadbd exited with code 1: the data directory is under "
                        + "java.io.tmpdir");
        assertThat(control.start("alice").state()).isEqualTo("starting");
        assertThat(instance.starts()).isEqualTo(2);
    }
}
