package xraygallery.localcloud.rekognition;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bundled ONNX models (see {@code models/PROVENANCE.md}), each loaded from the classpath on
 * first use, then shared by every request until {@link #close}. Nothing is downloaded.
 */
public final class RekognitionModels implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RekognitionModels.class);
    private static final String DIR = "/xraygallery/localcloud/rekognition/models/";
    /** What DetectLabels reports as {@code LabelModelVersion}: the local model, not Rekognition's. */
    public static final String LABEL_MODEL_VERSION = "localcloud-nanodet-g-coco80";
    private static final long LOADER_STACK_BYTES = 16L * 1024 * 1024;

    private final Path nativeLibraryRoot;
    private final List<OrtSession> sessions = new ArrayList<>();
    private ObjectDetector objects;
    private FaceDetector faces;
    private boolean closed;

    /** Models whose onnxruntime loads its native library its own way (via java.io.tmpdir). */
    public RekognitionModels() {
        this(null);
    }

    /**
     * Models whose onnxruntime native library, unless already loaded, is unpacked once under
     * {@code nativeLibraryRoot} and loaded from there.
     */
    public RekognitionModels(Path nativeLibraryRoot) {
        this.nativeLibraryRoot = nativeLibraryRoot;
    }

    /** NanoDet, loaded on first call. */
    public synchronized ObjectDetector objects() {
        checkOpen();
        if (objects == null) {
            long start = System.nanoTime();
            objects = onLoaderThread("NanoDet-g", () -> {
                OrtEnvironment env = environment(nativeLibraryRoot);
                return new ObjectDetector(env, session(env, "nanodet-g.onnx"), classNames());
            });
            LOG.info("NanoDet-g loaded in {} ms", (System.nanoTime() - start) / 1_000_000);
        }
        return objects;
    }

    /** BlazeFace, loaded on first call. */
    public synchronized FaceDetector faces() {
        checkOpen();
        if (faces == null) {
            long start = System.nanoTime();
            faces = onLoaderThread("BlazeFace", () -> {
                OrtEnvironment env = environment(nativeLibraryRoot);
                return new FaceDetector(env, session(env, "blazeface-back-256.onnx"));
            });
            LOG.info("BlazeFace loaded in {} ms", (System.nanoTime() - start) / 1_000_000);
        }
        return faces;
    }

    /**
     * Loads onnxruntime's native library and environment now rather than at the first call (a few
     * hundred milliseconds, once per process); {@code nativeLibraryRoot} as in the constructor.
     */
    public static void loadRuntime(Path nativeLibraryRoot) {
        onLoaderThread("onnxruntime", () -> environment(nativeLibraryRoot));
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the Rekognition models are closed");
        }
    }

    /**
     * onnxruntime's process-wide environment. The first call loads its native library (it needs a
     * big stack): from {@code nativeLibraryRoot} (see {@link OnnxRuntimeNatives}), else as
     * onnxruntime does, through a fresh folder in java.io.tmpdir.
     */
    static OrtEnvironment environment(Path nativeLibraryRoot) throws IOException {
        if (nativeLibraryRoot != null) {
            OnnxRuntimeNatives.unpackUnder(nativeLibraryRoot);
        }
        if (System.getProperty(OnnxRuntimeNatives.PATH_PROPERTY) == null) {
            Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        }
        return OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "xray-gallery");
    }

    private OrtSession session(OrtEnvironment env, String file) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            // Each session has its own intra-op threads, which by default spin after a run. On 2 cores
            // BlazeFace's spinning thread slowed the NanoDet run after it from 25 to 45-70 ms.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            OrtSession session = env.createSession(resource(file), options);
            sessions.add(session);
            return session;
        }
    }

    /**
     * Runs {@code task} on a thread of its own with a large stack. Loading onnxruntime's native
     * library and creating its environment needs about 2 MB of stack, more than a Java thread has by
     * default (1 MB); on a default stack the JVM dies of SIGSEGV. Inference runs on any thread.
     */
    private static <T> T onLoaderThread(String what, Callable<T> task) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread loader = new Thread(null, () -> {
            try {
                result.set(task.call());
            } catch (Exception | LinkageError e) {
                failure.set(e); // a LinkageError: no native library for this platform
            }
        }, "rekognition-model-loader", LOADER_STACK_BYTES);
        loader.setDaemon(true);
        loader.start();
        joinUninterruptibly(loader);
        if (result.get() == null) {
            throw new IllegalStateException("cannot load the bundled model " + what, failure.get());
        }
        return result.get();
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> classNames() {
        String text = new String(resource("coco80-labels.txt"), StandardCharsets.UTF_8);
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static byte[] resource(String file) {
        try (InputStream in = RekognitionModels.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("the bundled model file " + DIR + file + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the sessions; callers make sure no inference is running. */
    @Override
    public synchronized void close() {
        closed = true;
        for (OrtSession session : sessions) {
            try {
                session.close();
            } catch (OrtException e) {
                LOG.warn("closing an onnxruntime session failed: {}", e.toString());
            }
        }
        sessions.clear();
    }
}
