import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Runs an ONNX model with onnxruntime (Java) on one raw little-endian float32 tensor and
 * writes every output as OUT_DIR/NAME.f32 (raw little-endian float32), NAME with ':' -> '_'.
 *
 * java -cp onnxruntime-1.29.0.jar OrtRun.java MODEL.onnx INPUT.f32 1,3,416,416 OUT_DIR
 */
public class OrtRun {
    public static void main(String[] args) throws Exception {
        long[] shape = Arrays.stream(args[2].split(",")).mapToLong(Long::parseLong).toArray();
        FloatBuffer input = ByteBuffer.wrap(Files.readAllBytes(Path.of(args[1])))
                .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        Path outDir = Files.createDirectories(Path.of(args[3]));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long t0 = System.nanoTime();
        try (OrtSession session = env.createSession(args[0], new OrtSession.SessionOptions())) {
            long t1 = System.nanoTime();
            String inputName = session.getInputNames().iterator().next();
            System.out.printf("session %.0f ms, input %s %s%n", (t1 - t0) / 1e6, inputName, session.getInputInfo().get(inputName).getInfo());
            try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, shape)) {
                for (int run = 0; run < 3; run++) {
                    long t2 = System.nanoTime();
                    try (OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
                        System.out.printf("run %d: %.1f ms%n", run, (System.nanoTime() - t2) / 1e6);
                        if (run == 0) {
                            for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
                                write(outDir, e.getKey(), (OnnxTensor) e.getValue());
                            }
                        }
                    }
                }
            }
        }
    }

    private static void write(Path dir, String name, OnnxTensor t) throws IOException {
        FloatBuffer data = t.getFloatBuffer();
        ByteBuffer bytes = ByteBuffer.allocate(data.remaining() * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(data);
        Files.write(dir.resolve(name.replace(':', '_') + ".f32"), bytes.array());
        System.out.printf("output %s %s%n", name, Arrays.toString(t.getInfo().getShape()));
    }
}
