package xraygallery.localcloud.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.localcloud.AwsServiceException;

/**
 * Holds the fault rules set at run time and applies the first one matching a call: added latency,
 * an error answer, or a throttle. Empty, it costs one lock per request and changes nothing.
 */
public final class FaultInjector {
    private static final Logger LOG = LoggerFactory.getLogger(FaultInjector.class);

    private final List<FaultRule> rules = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final LongConsumer sleeper;

    /** How injected latency is spent; tests pass a recorder instead of a real sleep. */
    public FaultInjector(LongConsumer sleeper) {
        this.sleeper = sleeper;
    }

    public FaultInjector() {
        this(FaultInjector::sleep);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis); // the injected latency itself
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Adds a rule (validated) and returns it with its id. */
    public synchronized FaultRule add(FaultRule rule) {
        FaultRule added = rule.validated("f" + ids.incrementAndGet());
        rules.add(added);
        LOG.info("fault added: {}", added);
        return added;
    }

    public synchronized List<FaultRule> rules() {
        return List.copyOf(rules);
    }

    public synchronized boolean remove(String id) {
        return rules.removeIf(r -> r.id().equals(id));
    }

    public synchronized void clear() {
        rules.clear();
    }

    /** Takes one use of the first rule matching the call, if any. */
    synchronized Optional<FaultRule> take(String service, String operation) {
        for (int i = 0; i < rules.size(); i++) {
            FaultRule rule = rules.get(i);
            if (rule.matches(service, operation)) {
                if (rule.count() != null) {
                    if (rule.count() <= 1) {
                        rules.remove(i);
                    } else {
                        rules.set(i, rule.decremented());
                    }
                }
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    /**
     * Applies the matching rule to a call about to be served: sleeps its latency, then throws its
     * error. Returns normally when no rule matches or the rule only adds latency.
     */
    public void apply(String service, String operation) {
        Optional<FaultRule> match = take(service, operation);
        if (match.isEmpty()) {
            return;
        }
        FaultRule rule = match.get();
        if (rule.latencyMs() > 0) {
            sleeper.accept(rule.latencyMs());
        }
        if (Boolean.TRUE.equals(rule.throttle())) {
            throw new AwsServiceException(rule.status() == null ? 429 : rule.status(),
                    rule.code() == null ? throttleCode(service) : rule.code(),
                    rule.message() == null ? "Rate exceeded (injected fault " + rule.id() + ")" : rule.message());
        }
        if (rule.status() != null) {
            throw new AwsServiceException(rule.status(),
                    rule.code() == null ? defaultCode(rule.status()) : rule.code(),
                    rule.message() == null ? "Injected fault " + rule.id() + " for " + service + " " + operation
                            : rule.message());
        }
    }

    private static String throttleCode(String service) {
        return switch (service) {
            case "s3" -> "SlowDown";
            case "rekognition" -> "ThrottlingException";
            default -> "Throttling";
        };
    }

    private static String defaultCode(int status) {
        return switch (status) {
            case 500 -> "InternalError";
            case 503 -> "ServiceUnavailable";
            case 403 -> "AccessDenied";
            case 404 -> "NotFound";
            default -> "InjectedFault";
        };
    }
}
