package xraygallery.localcloud.rekognition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.localcloud.AwsServiceException;
import xraygallery.localcloud.CloudRequest;
import xraygallery.localcloud.CloudResponse;
import xraygallery.localcloud.Json;
import xraygallery.localcloud.ServiceHandler;
import xraygallery.localcloud.WireProtocol;
import xraygallery.localcloud.s3.ObjectStore;
import xraygallery.localcloud.s3.StoredObject;

/**
 * The Rekognition twin: {@code DetectLabels} and {@code DetectFaces} over the JSON 1.1 protocol
 * ({@code X-Amz-Target: RekognitionService.*}), answered by the bundled ONNX models, offline.
 * Images come inline ({@code Image.Bytes}, ≤ 5 MB) or from the local S3 store
 * ({@code Image.S3Object}, ≤ 15 MB). At most {@value #CONCURRENT_ANALYSES} images are decoded and
 * analysed at a time, so a burst of requests queues instead of exhausting memory.
 */
public final class RekognitionService implements ServiceHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RekognitionService.class);
    private static final String TARGET_PREFIX = "RekognitionService.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    static final int MAX_IMAGE_BYTES = 5 * 1024 * 1024;
    static final long MAX_S3_IMAGE_BYTES = 15L * 1024 * 1024;
    /** Base64 of 5 MB plus the rest of the document, with room to spare. */
    private static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;
    static final float DEFAULT_MIN_CONFIDENCE = 55f;
    /** Objects below this model score are never reported, whatever MinConfidence asks (mostly wrong). */
    static final float MIN_OBJECT_SCORE = 0.35f;
    /** A face counts only inside a person box scoring at least this (BlazeFace alone also finds cat faces). */
    static final float FACE_PERSON_MIN_SCORE = 0.25f;
    static final int CONCURRENT_ANALYSES = 2;
    private static final long QUEUE_TIMEOUT_SECONDS = 30;
    private static final Set<String> FEATURES = Set.of("GENERAL_LABELS", "IMAGE_PROPERTIES");
    private static final Set<String> FACE_ATTRIBUTES = Set.of("DEFAULT", "ALL", "AGE_RANGE", "BEARD", "EMOTIONS",
            "EYE_DIRECTION", "EYEGLASSES", "EYES_OPEN", "GENDER", "MOUTH_OPEN", "MUSTACHE", "FACE_OCCLUDED", "SMILE",
            "SUNGLASSES");

    private final ObjectStore store;
    private final RekognitionModels models;
    private final ImageLoader loader = new ImageLoader();
    private final LabelAssembler labels = new LabelAssembler(LabelTaxonomy.load());
    private final Semaphore analyses = new Semaphore(CONCURRENT_ANALYSES, true);

    /**
     * Reads {@code Image.S3Object} images from {@code store}; models load on first use, with
     * onnxruntime's native library unpacked once under {@code dataDir}.
     */
    public RekognitionService(ObjectStore store, Path dataDir) {
        this(store, new RekognitionModels(dataDir));
    }

    RekognitionService(ObjectStore store, RekognitionModels models) {
        this.store = store;
        this.models = models;
    }

    /** The models behind the API, for in-process use (the benchmark). */
    public RekognitionModels models() {
        return models;
    }

    @Override
    public String signingName() {
        return "rekognition";
    }

    @Override
    public WireProtocol protocol() {
        return WireProtocol.JSON_1_1;
    }

    @Override
    public String operationOf(CloudRequest request) {
        String target = request.header("x-amz-target");
        if (!"POST".equals(request.method()) || target == null || !target.startsWith(TARGET_PREFIX)) {
            return "Unknown";
        }
        return target.substring(TARGET_PREFIX.length());
    }

    @Override
    public void handle(CloudRequest request, CloudResponse response) throws IOException {
        String operation = operationOf(request);
        byte[] answer = switch (operation) {
            case "DetectLabels" -> detectLabels(body(request));
            case "DetectFaces" -> detectFaces(body(request));
            case "Unknown" -> throw RekognitionErrors.unknownOperation(
                    "Rekognition requests are POSTs with an X-Amz-Target header 'RekognitionService.<Operation>'.");
            default -> throw RekognitionErrors.unknownOperation("The local cloud's Rekognition implements DetectLabels"
                    + " and DetectFaces; " + operation + " is not emulated.");
        };
        response.send(200, CONTENT_TYPE, answer);
    }

    private byte[] detectLabels(JsonNode request) {
        float minConfidence = minConfidence(request.get("MinConfidence"));
        int maxLabels = maxLabels(request.get("MaxLabels"));
        boolean generalLabels = features(request.get("Features"));
        ImageSource image = image(request);
        List<Label> result = analyse(() -> {
            long start = System.nanoTime();
            RgbImage photo = loader.load(image.read());
            if (!generalLabels) {
                return List.of();
            }
            float minScore = Math.max(MIN_OBJECT_SCORE, minConfidence / 100f);
            List<Detection> detections = models.objects().detect(photo, minScore);
            List<Label> found = labels.labels(detections, photo.width(), photo.height(), minConfidence, maxLabels);
            LOG.debug("DetectLabels {}×{}: {} labels in {} ms", photo.width(), photo.height(), found.size(),
                    (System.nanoTime() - start) / 1_000_000);
            return found;
        });
        return RekognitionJson.detectLabels(result, RekognitionModels.LABEL_MODEL_VERSION);
    }

    private byte[] detectFaces(JsonNode request) {
        attributes(request.get("Attributes"));
        ImageSource image = image(request);
        return analyse(() -> {
            RgbImage photo = loader.load(image.read());
            List<Face> faces = models.faces().detect(photo);
            if (!faces.isEmpty()) {
                List<Box> people = models.objects().detect(photo, FACE_PERSON_MIN_SCORE).stream()
                        .filter(d -> d.className().equals("person")).map(Detection::box).toList();
                faces = faces.stream().filter(f -> insideAny(f.box(), people)).toList();
            }
            return RekognitionJson.detectFaces(faces, photo.width(), photo.height());
        });
    }

    private static boolean insideAny(Box face, List<Box> people) {
        double cx = (face.x1() + face.x2()) / 2;
        double cy = (face.y1() + face.y2()) / 2;
        return people.stream().anyMatch(p -> p.contains(cx, cy));
    }

    /** Image bytes, read only once a permit is held, so that waiting requests hold no photos. */
    private interface ImageSource {
        byte[] read() throws IOException;
    }

    /** A step that may read the store. */
    private interface Analysis<T> {
        T run() throws IOException;
    }

    /**
     * Reads, decodes and analyses with one of the few permits, or answers ThrottlingException
     * after waiting {@value #QUEUE_TIMEOUT_SECONDS} s for one.
     */
    private <T> T analyse(Analysis<T> work) {
        try {
            if (!analyses.tryAcquire(QUEUE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw RekognitionErrors.throttling("Too many images are being analysed; try again.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RekognitionErrors.throttling("The local cloud is shutting down.");
        }
        try {
            return work.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            analyses.release();
        }
    }

    private static JsonNode body(CloudRequest request) throws IOException {
        byte[] bytes = request.bodyBytes(MAX_REQUEST_BYTES);
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw RekognitionErrors.serialization("The request body is not valid JSON.");
        }
        if (node == null || node.isMissingNode()) {
            return Json.MAPPER.createObjectNode();
        }
        if (!node.isObject()) {
            throw RekognitionErrors.serialization("The request body must be a JSON object.");
        }
        return node;
    }

    private ImageSource image(JsonNode request) {
        JsonNode image = request.get("Image");
        if (image == null || image.isNull()) {
            throw RekognitionErrors.invalidParameter("Image is required.");
        }
        if (!image.isObject()) {
            throw RekognitionErrors.serialization("Image must be a structure.");
        }
        JsonNode bytes = image.get("Bytes");
        JsonNode s3Object = image.get("S3Object");
        boolean inline = bytes != null && !bytes.isNull();
        boolean inS3 = s3Object != null && !s3Object.isNull();
        if (inline == inS3) {
            throw RekognitionErrors.invalidParameter("Requested image should either contain bytes or s3 object.");
        }
        if (inline) {
            byte[] decoded = inlineBytes(bytes);
            return () -> decoded;
        }
        return s3Image(s3Object);
    }

    private static byte[] inlineBytes(JsonNode bytes) {
        if (!bytes.isTextual()) {
            throw RekognitionErrors.serialization("Image.Bytes must be a base64 string.");
        }
        String base64 = bytes.textValue();
        if ((long) base64.length() * 3 / 4 > MAX_IMAGE_BYTES + 3L) {
            throw RekognitionErrors.imageTooLarge("Image.Bytes may hold at most " + MAX_IMAGE_BYTES + " bytes.");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw RekognitionErrors.serialization("Image.Bytes is not valid base64.");
        }
        if (decoded.length > MAX_IMAGE_BYTES) {
            throw RekognitionErrors.imageTooLarge("Image.Bytes may hold at most " + MAX_IMAGE_BYTES + " bytes.");
        }
        if (decoded.length == 0) {
            throw RekognitionErrors.invalidParameter("Image.Bytes must not be empty.");
        }
        return decoded;
    }

    /** Checks the object exists and is not too large now; reads it later. */
    private ImageSource s3Image(JsonNode s3Object) {
        if (!s3Object.isObject()) {
            throw RekognitionErrors.serialization("Image.S3Object must be a structure.");
        }
        String bucket = text(s3Object.get("Bucket"), "Image.S3Object.Bucket");
        String key = text(s3Object.get("Name"), "Image.S3Object.Name");
        if (bucket == null || bucket.isEmpty() || key == null || key.isEmpty()) {
            throw RekognitionErrors.invalidParameter("Image.S3Object needs a Bucket and a Name.");
        }
        String version = text(s3Object.get("Version"), "Image.S3Object.Version");
        if (version != null && !version.equals("null")) {
            throw RekognitionErrors.invalidS3Object("the local S3 keeps no object versions; version " + version
                    + " of s3://" + bucket + "/" + key + " does not exist");
        }
        StoredObject object;
        try {
            object = store.head(bucket, key);
        } catch (AwsServiceException e) {
            throw RekognitionErrors.invalidS3Object("s3://" + bucket + "/" + key + ": " + e.code());
        }
        if (object.size() > MAX_S3_IMAGE_BYTES) {
            throw RekognitionErrors.imageTooLarge("an S3 image may have at most " + MAX_S3_IMAGE_BYTES
                    + " bytes; s3://" + bucket + "/" + key + " has " + object.size() + ".");
        }
        return () -> {
            try (InputStream in = store.open(object, bucket, 0)) {
                return in.readNBytes((int) object.size());
            } catch (AwsServiceException e) {
                throw RekognitionErrors.invalidS3Object("s3://" + bucket + "/" + key + ": " + e.code());
            }
        };
    }

    private static String text(JsonNode node, String name) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw RekognitionErrors.serialization(name + " must be a string.");
        }
        return node.textValue();
    }

    private static float minConfidence(JsonNode node) {
        if (node == null || node.isNull()) {
            return DEFAULT_MIN_CONFIDENCE;
        }
        if (!node.isNumber()) {
            throw RekognitionErrors.serialization("MinConfidence must be a number.");
        }
        double value = node.doubleValue();
        if (!(value >= 0 && value <= 100)) {
            throw RekognitionErrors.invalidParameter("MinConfidence must be between 0 and 100, not " + node.asText() + ".");
        }
        return (float) value;
    }

    private static int maxLabels(JsonNode node) {
        if (node == null || node.isNull()) {
            return Integer.MAX_VALUE;
        }
        if (!node.isNumber()) {
            throw RekognitionErrors.serialization("MaxLabels must be a number.");
        }
        if (!node.isIntegralNumber() || node.bigIntegerValue().signum() < 0) {
            throw RekognitionErrors.invalidParameter("MaxLabels must be a whole number of 0 or more, not "
                    + node.asText() + ".");
        }
        return node.canConvertToInt() ? node.intValue() : Integer.MAX_VALUE;
    }

    /** Whether labels are wanted: no Features means GENERAL_LABELS; IMAGE_PROPERTIES is accepted, not computed. */
    private static boolean features(JsonNode node) {
        if (node == null || node.isNull()) {
            return true;
        }
        List<String> values = strings(node, "Features", FEATURES);
        return values.contains("GENERAL_LABELS");
    }

    private static void attributes(JsonNode node) {
        if (node != null && !node.isNull()) {
            strings(node, "Attributes", FACE_ATTRIBUTES);
        }
    }

    private static List<String> strings(JsonNode node, String name, Set<String> allowed) {
        if (!node.isArray()) {
            throw RekognitionErrors.serialization(name + " must be a list.");
        }
        List<String> values = new java.util.ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual() || !allowed.contains(item.textValue())) {
                throw RekognitionErrors.invalidParameter(name + " may only contain " + String.join(", ",
                        allowed.stream().sorted().toList()) + "; not " + item + ".");
            }
            values.add(item.textValue());
        }
        return values;
    }

    /** Waits for running analyses (up to 10 s), then closes the models. */
    @Override
    public void close() {
        try {
            if (analyses.tryAcquire(CONCURRENT_ANALYSES, 10, TimeUnit.SECONDS)) {
                models.close();
            } else {
                LOG.warn("Rekognition analyses still running at shutdown; leaving the models open");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
