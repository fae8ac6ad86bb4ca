package xraygallery.app;

import com.amazonaws.xray.entities.Segment;
import java.io.IOException;
import xraygallery.photos.ActionTracing;
import xraygallery.tracing.Tracing;

/**
 * The photo service's {@link ActionTracing} on the app's X-Ray recorder: each action one segment
 * (annotations {@code action} and {@code user}), each step a subsegment.
 */
public final class XRayActionTracing implements ActionTracing {
    private final Tracing tracing;

    public XRayActionTracing(Tracing tracing) {
        this.tracing = tracing;
    }

    @Override
    public <T> T action(String action, String user, Work<T> work) throws IOException {
        return tracing.action(action, user, work::run);
    }

    @Override
    public <T> T step(String name, Work<T> work) throws IOException {
        return tracing.subsegment(name, work::run);
    }

    @Override
    public void annotate(String key, Object value) {
        tracing.annotate(key, value);
    }

    @Override
    public Runnable inCurrentContext(Runnable work) {
        return tracing.inCurrentContext(work);
    }

    @Override
    public String currentTraceId() {
        try {
            return tracing.recorder().getCurrentSegmentOptional().map(Segment::getTraceId)
                    .map(Object::toString).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
