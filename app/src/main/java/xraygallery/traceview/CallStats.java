package xraygallery.traceview;

import java.time.Duration;

/**
 * Calls to a service or along an edge of the service graph.
 *
 * @param count calls that completed
 * @param ok calls without error, fault or throttle
 * @param errors client errors other than throttling (4xx)
 * @param throttles throttled calls (429)
 * @param faults server faults (5xx)
 * @param average the mean response time, or null without calls
 * @param p95 the 95th percentile of response time from the response-time histogram (as precise as its buckets),
 *     or null without a histogram
 */
public record CallStats(long count, long ok, long errors, long throttles, long faults, Duration average,
        Duration p95) {

    public static final CallStats NONE = new CallStats(0, 0, 0, 0, 0, null, null);

    public double errorShare() {
        return share(errors);
    }

    public double throttleShare() {
        return share(throttles);
    }

    public double faultShare() {
        return share(faults);
    }

    private double share(long part) {
        return count == 0 ? 0 : (double) part / count;
    }
}
