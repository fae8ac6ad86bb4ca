package xraygallery.localcloud.rds;

import java.util.Arrays;
import java.util.Locale;

/**
 * The lifecycle states of an emulated DB instance, by their AWS names. {@code stopped → starting →
 * available → stopping → stopped}; a start that cannot complete ends in {@code failed}, which the
 * AWS SDK's {@code DBInstanceAvailable} waiter treats as a failure.
 */
public enum InstanceStatus {
    STOPPED, STARTING, AVAILABLE, STOPPING, FAILED;

    /** The name on the wire, e.g. {@code available}. */
    public String awsName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static InstanceStatus fromAwsName(String name) {
        return Arrays.stream(values()).filter(s -> s.awsName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown instance status '" + name + "'"));
    }
}
