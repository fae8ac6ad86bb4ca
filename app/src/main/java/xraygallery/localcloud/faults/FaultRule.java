package xraygallery.localcloud.faults;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Locale;

/**
 * One injected fault: for calls to {@code service}'s {@code operation} ({@code *} for all), wait
 * {@code latencyMs} and then, when {@code status} is set, answer that error instead of the real
 * result; {@code throttle} answers the service's throttling error. {@code count} limits the rule
 * to the next N matching calls (null: until removed).
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FaultRule(
        String id, String service, String operation, Long latencyMs, Integer status, String code,
        String message, Boolean throttle, Integer count) {

    /** Checks the rule and fills in defaults; a bad rule is an {@link IllegalArgumentException}. */
    public FaultRule validated(String newId) {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("a fault needs a service (s3, rds, rekognition)");
        }
        String op = operation == null || operation.isBlank() ? "*" : operation;
        long latency = latencyMs == null ? 0 : latencyMs;
        if (latency < 0 || latency > 120_000) {
            throw new IllegalArgumentException("latencyMs must be from 0 to 120000");
        }
        boolean throttles = Boolean.TRUE.equals(throttle);
        if (status != null && (status < 400 || status > 599)) {
            throw new IllegalArgumentException("status must be an HTTP error status (400-599)");
        }
        if (latency == 0 && status == null && !throttles) {
            throw new IllegalArgumentException("a fault needs latencyMs, status or throttle");
        }
        if (count != null && count < 1) {
            throw new IllegalArgumentException("count must be at least 1");
        }
        return new FaultRule(newId, service.toLowerCase(Locale.ROOT), op, latency, status, code, message,
                throttles, count);
    }

    boolean matches(String calledService, String calledOperation) {
        return service.equalsIgnoreCase(calledService)
                && (operation.equals("*") || operation.equalsIgnoreCase(calledOperation));
    }

    FaultRule decremented() {
        return new FaultRule(id, service, operation, latencyMs, status, code, message, throttle, count - 1);
    }
}
