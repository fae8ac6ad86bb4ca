package xraygallery.localcloud.rekognition;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks onnxruntime's native libraries from its jar once, into
 * {@code <root>/onnxruntime-<version>-<os>-<arch>/}, and points onnxruntime there
 * ({@code onnxruntime.native.path}). Left to itself, onnxruntime 1.29 copies its 28 MB library
 * into a new folder in java.io.tmpdir on every start and leaves that folder behind (with the
 * library in it when the JVM dies). Does nothing when the property is already set or the jar
 * does not hold libraries for this platform; onnxruntime then loads them its own way.
 */
final class OnnxRuntimeNatives {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxRuntimeNatives.class);
    static final String PATH_PROPERTY = "onnxruntime.native.path";
    private static final List<String> REQUIRED = List.of("onnxruntime", "onnxruntime4j_jni");
    private static final List<String> OPTIONAL = List.of("onnxruntime_providers_shared");

    private OnnxRuntimeNatives() {
    }

    /** Call before onnxruntime is first used; later calls, and calls after it loaded, change nothing. */
    static synchronized void unpackUnder(Path root) throws IOException {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        String version = OrtEnvironment.class.getPackage().getImplementationVersion();
        String platform = platform();
        if (version == null || platform == null) {
            return;
        }
        Path dir = root.resolve("onnxruntime-" + version + "-" + platform);
        for (String library : REQUIRED) {
            if (!unpack(platform, library, dir)) {
                return;
            }
        }
        for (String library : OPTIONAL) {
            unpack(platform, library, dir);
        }
        System.setProperty(PATH_PROPERTY, dir.toString());
        LOG.debug("onnxruntime loads its native libraries from {}", dir);
    }

    /** Copies one library into {@code dir} unless a file of the same size is there; false if the jar lacks it. */
    private static boolean unpack(String platform, String library, Path dir) throws IOException {
        String file = System.mapLibraryName(library).replace(".jnilib", ".dylib");
        URL url = OrtEnvironment.class.getResource("/ai/onnxruntime/native/" + platform + "/" + file);
        if (url == null) {
            return false;
        }
        URLConnection connection = url.openConnection();
        long size = connection.getContentLengthLong();
        Path target = dir.resolve(file);
        if (size >= 0 && Files.isRegularFile(target) && Files.size(target) == size) {
            return true;
        }
        Files.createDirectories(dir);
        Path part = Files.createTempFile(dir, file, ".part");
        try (InputStream in = connection.getInputStream()) {
            Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(part);
        }
        return true;
    }

    /** onnxruntime's name for this platform ({@code linux-x64}, {@code osx-aarch64}, ...), or null. */
    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("mac") || os.contains("darwin") ? "osx"
                : os.contains("win") ? "win" : os.contains("nux") ? "linux" : null;
        String a = arch.startsWith("amd64") || arch.startsWith("x86_64") ? "x64"
                : arch.startsWith("aarch64") ? "aarch64" : null;
        return o == null || a == null ? null : o + "-" + a;
    }
}
