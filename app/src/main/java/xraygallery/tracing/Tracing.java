package xraygallery.tracing;

import com.amazonaws.xray.AWSXRay;
import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.AWSXRayRecorderBuilder;
import com.amazonaws.xray.config.DaemonConfiguration;
import com.amazonaws.xray.entities.Entity;
import com.amazonaws.xray.entities.Segment;
import com.amazonaws.xray.entities.Subsegment;
import com.amazonaws.xray.interceptors.TracingInterceptor;
import com.amazonaws.xray.sql.TracingConnection;
import com.amazonaws.xray.sql.TracingDataSource;
import com.amazonaws.xray.strategy.DefaultStreamingStrategy;
import com.amazonaws.xray.strategy.LogErrorContextMissingStrategy;
import com.amazonaws.xray.strategy.sampling.AllSamplingStrategy;
import java.net.SocketException;
import java.sql.Connection;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The app's X-Ray set-up: one recorder, built once at start (it also becomes the X-Ray SDK's global recorder,
 * which the SQL module uses), sending to the daemon over UDP.
 *
 * <ul>
 * <li>Every user action runs in {@link #action}: one segment named {@code xray-gallery} with the annotations
 *     {@code action} and {@code user}; an exception marks it as a fault and is recorded. An in-progress copy of
 *     the segment is sent when the action begins, so a long action (an upload) shows as running at once.</li>
 * <li>Local work inside it runs in {@link #subsegment} ({@code resize_image} and the like).</li>
 * <li>AWS SDK v2 clients get X-Ray's {@code TracingInterceptor} through {@link #instrument} (added per client,
 *     not globally, so that the daemon's own forwarding client is never traced).</li>
 * <li>JDBC goes through X-Ray's SQL module ({@link #jdbc(DataSource)}): one subsegment per statement; no
 *     parameter values, and connection URLs are stripped of credentials and parameters.</li>
 * </ul>
 *
 * A tracing problem never breaks a user action: a missing context only logs, and any failure of the recorder
 * itself is logged and the action runs untraced. Every action is recorded (no sampling).
 */
public final class Tracing implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Tracing.class);

    private final TracingConfig config;
    private final AWSXRayRecorder recorder;
    private final DaemonEmitter emitter;

    private Tracing(TracingConfig config, AWSXRayRecorder recorder, DaemonEmitter emitter) {
        this.config = config;
        this.recorder = recorder;
        this.emitter = emitter;
    }

    /** Builds the recorder and installs it as the X-Ray SDK's global recorder. Call once per process. */
    public static Tracing create(TracingConfig config) {
        Objects.requireNonNull(config, "config");
        DaemonConfiguration daemon = new DaemonConfiguration();
        if (!daemon.setUDPAndTCPAddress(config.daemonAddress())) {
            throw new IllegalArgumentException("\"" + config.daemonAddress()
                    + "\" is not a daemon address: use host:port or \"udp:host:port tcp:host:port\"");
        }
        DaemonEmitter emitter;
        try {
            emitter = new DaemonEmitter(daemon.getAddressForEmitter());
        } catch (SocketException e) {
            throw new IllegalStateException("cannot open a UDP socket for tracing: " + e.getMessage(), e);
        }
        AWSXRayRecorder recorder = AWSXRayRecorderBuilder.standard()
                .withEmitter(emitter)
                .withSamplingStrategy(new AllSamplingStrategy())
                .withStreamingStrategy(new DefaultStreamingStrategy(config.streamAfterSubsegments()))
                .withContextMissingStrategy(new LogErrorContextMissingStrategy())
                .build();
        // even if AWS_XRAY_CONTEXT_MISSING says RUNTIME_ERROR: tracing must not break the app
        recorder.setContextMissingStrategy(new LogErrorContextMissingStrategy());
        AWSXRay.setGlobalRecorder(recorder);
        LOG.info("tracing to the X-Ray daemon at {} (udp {})", config.daemonAddress(), daemon.getUDPAddress());
        return new Tracing(config, recorder, emitter);
    }

    /** Work that may throw. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /** Work without a result. */
    @FunctionalInterface
    public interface Task<E extends Exception> {
        void run() throws E;
    }

    /**
     * Runs one user action as a segment (or, inside another action on this thread, as a subsegment). The
     * action's own exceptions pass through unchanged, after being recorded.
     */
    public <T, E extends Exception> T action(String action, String user, Work<T, E> work) throws E {
        Entity entity = beginAction(action, user);
        try {
            return work.run();
        } catch (Exception | Error e) {
            record(entity, e);
            throw e;
        } finally {
            end(entity);
        }
    }

    public <E extends Exception> void action(String action, String user, Task<E> task) throws E {
        action(action, user, () -> {
            task.run();
            return null;
        });
    }

    /** Runs local work as a subsegment of the current action (outside an action it only logs). */
    public <T, E extends Exception> T subsegment(String name, Work<T, E> work) throws E {
        Subsegment subsegment = null;
        try {
            subsegment = recorder.beginSubsegment(name);
        } catch (RuntimeException e) {
            LOG.warn("could not start subsegment {}: {}", name, e.toString());
        }
        try {
            return work.run();
        } catch (Exception | Error e) {
            record(subsegment, e);
            throw e;
        } finally {
            if (subsegment != null) {
                try {
                    endSubsegment(subsegment);
                } catch (RuntimeException e) {
                    LOG.warn("could not end subsegment {}: {}", name, e.toString());
                }
            }
        }
    }

    public <E extends Exception> void subsegment(String name, Task<E> task) throws E {
        subsegment(name, () -> {
            task.run();
            return null;
        });
    }

    /**
     * Puts an annotation on the current action's segment (outside an action it only logs at debug level).
     * Strings, numbers and booleans are recorded; other values as their string.
     */
    public void annotate(String key, Object value) {
        try {
            Segment segment = recorder.getCurrentSegmentOptional().orElse(null);
            if (segment == null || value == null) {
                return;
            }
            if (value instanceof Number number) {
                segment.putAnnotation(key, number);
            } else if (value instanceof Boolean bool) {
                segment.putAnnotation(key, bool);
            } else {
                segment.putAnnotation(key, value.toString());
            }
        } catch (RuntimeException e) {
            LOG.debug("could not annotate {}: {}", key, e.toString());
        }
    }

    /** The current action's context carried over to work run on another thread (an executor's). */
    public Runnable inCurrentContext(Runnable runnable) {
        Entity captured;
        try {
            captured = recorder.getTraceEntity();
        } catch (RuntimeException e) {
            captured = null;
        }
        Entity context = captured;
        return () -> {
            Entity previous = recorder.getTraceEntity();
            recorder.setTraceEntity(context);
            try {
                runnable.run();
            } finally {
                recorder.setTraceEntity(previous);
            }
        };
    }

    private Entity beginAction(String action, String user) {
        try {
            Entity current = recorder.getTraceEntity();
            Entity entity;
            if (current != null && !current.getParentSegment().isEmitted()) {
                entity = recorder.beginSubsegment(action);
            } else {
                Segment segment = recorder.beginSegment(config.serviceName());
                if (user != null) {
                    segment.setUser(user);
                }
                entity = segment;
            }
            entity.putAnnotation("action", action);
            if (user != null) {
                entity.putAnnotation("user", user);
            }
            if (entity instanceof Segment segment) {
                emitter.sendInProgress(segment); // the action shows as running until its complete segment arrives
            }
            return entity;
        } catch (RuntimeException e) {
            LOG.warn("could not start tracing action {}; it runs untraced: {}", action, e.toString());
            return null;
        }
    }

    private void end(Entity entity) {
        if (entity == null) {
            return;
        }
        try {
            if (entity instanceof Segment) {
                recorder.endSegment();
            } else {
                endSubsegment((Subsegment) entity);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not finish tracing {}: {}", entity.getName(), e.toString());
        }
    }

    /**
     * Ends a subsegment; when it is this thread's current entity, its parent becomes current again (the SDK's
     * {@code endSubsegment(Subsegment)} alone would leave the ended subsegment current, nesting what follows).
     */
    private void endSubsegment(Subsegment subsegment) {
        if (recorder.getTraceEntity() == subsegment) {
            recorder.endSubsegment();
        } else {
            recorder.endSubsegment(subsegment);
        }
    }

    private static void record(Entity entity, Throwable error) {
        if (entity == null) {
            return;
        }
        try {
            entity.addException(error);
            entity.setFault(true);
        } catch (RuntimeException e) {
            LOG.debug("could not record an exception: {}", e.toString());
        }
    }

    /** X-Ray's interceptor for AWS SDK v2 clients: one {@code aws} subsegment per call. */
    public ExecutionInterceptor awsInterceptor() {
        return new TracingInterceptor(recorder, null, null);
    }

    /** Adds {@link #awsInterceptor()} to a client's override configuration. */
    public ClientOverrideConfiguration.Builder instrument(ClientOverrideConfiguration.Builder builder) {
        return builder.addExecutionInterceptor(awsInterceptor());
    }

    /** A data source whose statements are each recorded as an SQL subsegment. */
    public DataSource jdbc(DataSource dataSource) {
        return TracingDataSource.decorate(dataSource);
    }

    /** A connection whose statements are each recorded as an SQL subsegment. */
    public Connection jdbc(Connection connection) {
        return TracingConnection.decorate(connection);
    }

    public AWSXRayRecorder recorder() {
        return recorder;
    }

    public TracingConfig config() {
        return config;
    }

    public TracingStats stats() {
        return emitter.stats();
    }

    @Override
    public void close() {
        emitter.close();
    }
}
