package xraygallery.photos.fakes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import xraygallery.cloud.Labeler;
import xraygallery.cloud.PhotoStore;

/**
 * A {@link Labeler} that reads the object it is asked about from a {@link PhotoStore} (as Rekognition reads S3:
 * a missing object is refused for good) and answers with the labels it was given; failures are scripted per call
 * ({@link #failNext}), and {@link #onDetect} runs something while a call is under way.
 */
public final class FakeLabeler implements Labeler {
    private final PhotoStore store;
    private volatile Labels answer;
    private final ConcurrentLinkedQueue<Supplier<RuntimeException>> script = new ConcurrentLinkedQueue<>();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private volatile Runnable onDetect = () -> { };

    public FakeLabeler(PhotoStore store) {
        this.store = store;
        this.answer = dogWithOneFace();
    }

    /** A "Dog" (with its box and parents) and one face. */
    public static Labels dogWithOneFace() {
        return new Labels(List.of(
                new Label("Dog", 91.5, List.of("Animal", "Pet"), List.of(new Box(0.1, 0.2, 0.3, 0.4, 91.5))),
                new Label("Animal", 91.5, List.of(), List.of())),
                List.of(new Box(0.5, 0.1, 0.1, 0.1, 99.0)), "fake-1.0");
    }

    /** What every later call answers. */
    public FakeLabeler answer(Labels labels) {
        this.answer = labels;
        return this;
    }

    /** The next call fails with {@code failure} (each call of this adds one failing call to the script). */
    public FakeLabeler failNext(Supplier<RuntimeException> failure) {
        script.add(failure);
        return this;
    }

    /** The next {@code count} calls fail with a throttling error (retryable). */
    public FakeLabeler throttleNext(int count) {
        for (int i = 0; i < count; i++) {
            failNext(() -> new LabelingException("Rekognition: ProvisionedThroughputExceededException", true, null));
        }
        return this;
    }

    /** Runs {@code action} inside each later call, after the object was read, before the answer. */
    public FakeLabeler onDetect(Runnable action) {
        this.onDetect = action;
        return this;
    }

    /** The {@code bucket/key} of every call, in order. */
    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    @Override
    public Labels detect(String bucket, String key) {
        calls.add(bucket + "/" + key);
        Supplier<RuntimeException> failure = script.poll();
        if (failure != null) {
            throw failure.get();
        }
        if (!bucket.equals(store.bucket()) || !store.exists(key)) {
            throw new LabelingException("Rekognition: InvalidS3ObjectException: Unable to get object metadata from S3",
                    false, null);
        }
        onDetect.run();
        return answer;
    }
}
