package xraygallery.cloud;

/** The RDS database instance the gallery's MySQL lives on: its state, and start/stop. */
public interface DatabaseInstance {

    /** The instance's current state as RDS reports it. */
    DatabaseStatus status();

    /** Asks RDS to start the instance; returns at once (it goes through {@code starting}). */
    DatabaseStatus start();

    /** Asks RDS to stop the instance; returns at once (it goes through {@code stopping}). */
    DatabaseStatus stop();

    /**
     * The instance's id, RDS state, and endpoint (host and port are null unless it is available).
     *
     * @param problem why the instance is failed or unhealthy, as RDS says it ({@code StatusInfos}), or null
     */
    record DatabaseStatus(String instanceId, String state, String host, Integer port, String problem) {
        public DatabaseStatus(String instanceId, String state, String host, Integer port) {
            this(instanceId, state, host, port, null);
        }

        public boolean isAvailable() {
            return "available".equals(state) && host != null && port != null;
        }

        /** States from which a start request is accepted. */
        public boolean canStart() {
            return "stopped".equals(state);
        }

        /** States from which a stop request is accepted. */
        public boolean canStop() {
            return "available".equals(state);
        }
    }

    /** An RDS answer the caller can show: the instance is missing or in the wrong state. */
    final class DatabaseInstanceException extends RuntimeException {
        public DatabaseInstanceException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
