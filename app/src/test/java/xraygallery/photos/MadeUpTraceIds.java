package xraygallery.photos;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/** Tracing for tests: passes actions through, giving each a made-up trace id, so that events can be checked for it. */
public final class MadeUpTraceIds implements ActionTracing {
    private final AtomicInteger next = new AtomicInteger();
    private final ThreadLocal<String> current = new ThreadLocal<>();

    @Override
    public <T> T action(String action, String user, Work<T> work) throws IOException {
        current.set(String.format("1-5f000000-%024d", next.incrementAndGet()));
        try {
            return work.run();
        } finally {
            current.remove();
        }
    }

    @Override
    public <T> T step(String name, Work<T> work) throws IOException {
        return work.run();
    }

    @Override
    public String currentTraceId() {
        return current.get();
    }
}
