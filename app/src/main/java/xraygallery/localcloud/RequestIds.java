package xraygallery.localcloud;

import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Request ids as AWS services hand them out: unique, upper-case hex, one per request (well-formed or not). */
final class RequestIds {
    private final AtomicInteger counter = new AtomicInteger();

    String next() {
        String random = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return (random + Integer.toHexString(counter.incrementAndGet())).toUpperCase(Locale.ROOT);
    }
}
