package xraygallery.app;

import java.time.Duration;

/**
 * The services this installation runs as child processes: their subcommand, the line each prints on stdout once
 * it serves (the launcher waits for it), and how long starting and stopping may take.
 */
public enum BundledService {
    /** S3, RDS and Rekognition on one port; the first start unpacks MariaDB, and stopping stops MariaDB. */
    LOCAL_CLOUD("local cloud", "localcloud", "localcloud ready", Duration.ofMinutes(2), Duration.ofSeconds(60)),
    /** The X-Ray daemon: UDP ingest, trace store, X-Ray API. */
    XRAY_DAEMON("X-Ray daemon", "daemon", "daemon ready", Duration.ofSeconds(20), Duration.ofSeconds(15));

    /** A service's exit code when a copy of it already runs on its address or data (nothing to do). */
    public static final int EXIT_ALREADY_RUNNING = 4;
    /** A service's exit code when another program holds its address. */
    public static final int EXIT_ADDRESS_TAKEN = 5;

    private final String displayName;
    private final String command;
    private final String readyLine;
    private final Duration readyTimeout;
    private final Duration stopTimeout;

    BundledService(String displayName, String command, String readyLine, Duration readyTimeout, Duration stopTimeout) {
        this.displayName = displayName;
        this.command = command;
        this.readyLine = readyLine;
        this.readyTimeout = readyTimeout;
        this.stopTimeout = stopTimeout;
    }

    public String displayName() {
        return displayName;
    }

    /** The CLI subcommand that runs it. */
    public String command() {
        return command;
    }

    /** The start of the line it prints once it serves, followed by a space and its addresses. */
    public String readyLine() {
        return readyLine;
    }

    public Duration readyTimeout() {
        return readyTimeout;
    }

    public Duration stopTimeout() {
        return stopTimeout;
    }
}
