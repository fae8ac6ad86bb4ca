package xraygallery.localcloud.rekognition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import xraygallery.localcloud.Json;

/** DetectLabels and DetectFaces response documents, member names and nesting as Rekognition sends them. */
final class RekognitionJson {
    /**
     * BlazeFace landmarks that have a Rekognition landmark type, by index. Rekognition's
     * {@code eyeLeft} is the eye on the image's left, i.e. BlazeFace's "subject's right eye".
     * The mouth centre and the ears have no Rekognition counterpart and are left out.
     */
    private static final String[] LANDMARK_TYPES = {"eyeLeft", "eyeRight", "nose"};

    private RekognitionJson() {
    }

    static byte[] detectLabels(List<Label> labels, String labelModelVersion) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode array = root.putArray("Labels");
        for (Label label : labels) {
            ObjectNode l = array.addObject();
            l.put("Name", label.name());
            l.put("Confidence", label.confidence());
            ArrayNode instances = l.putArray("Instances");
            for (Label.Instance instance : label.instances()) {
                ObjectNode i = instances.addObject();
                boundingBox(i, instance.boundingBox());
                i.put("Confidence", instance.confidence());
            }
            ArrayNode parents = l.putArray("Parents");
            label.parents().forEach(p -> parents.addObject().put("Name", p));
            l.putArray("Aliases");
            ArrayNode categories = l.putArray("Categories");
            label.categories().forEach(c -> categories.addObject().put("Name", c));
        }
        root.put("LabelModelVersion", labelModelVersion);
        return bytes(root);
    }

    static byte[] detectFaces(List<Face> faces, int photoWidth, int photoHeight) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode details = root.putArray("FaceDetails");
        for (Face face : faces) {
            ObjectNode f = details.addObject();
            boundingBox(f, BoundingBox.of(face.box(), photoWidth, photoHeight));
            ArrayNode landmarks = f.putArray("Landmarks");
            for (int k = 0; k < LANDMARK_TYPES.length && k < face.landmarks().size(); k++) {
                Face.Point p = face.landmarks().get(k);
                ObjectNode landmark = landmarks.addObject();
                landmark.put("Type", LANDMARK_TYPES[k]);
                landmark.put("X", BoundingBox.ratio(p.x(), photoWidth));
                landmark.put("Y", BoundingBox.ratio(p.y(), photoHeight));
            }
            f.put("Confidence", LabelAssembler.confidence(face.score()));
        }
        return bytes(root);
    }

    private static void boundingBox(ObjectNode parent, BoundingBox box) {
        ObjectNode b = parent.putObject("BoundingBox");
        b.put("Width", box.width());
        b.put("Height", box.height());
        b.put("Left", box.left());
        b.put("Top", box.top());
    }

    private static byte[] bytes(ObjectNode root) {
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
