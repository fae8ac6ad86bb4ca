package xraygallery.localcloud.rekognition;

import java.util.List;

/**
 * One DetectLabels label: a name, a confidence (0–100), where it is (only labels the detector finds
 * directly have instances; parent labels have none), and its place in the taxonomy.
 */
public record Label(String name, float confidence, List<Instance> instances, List<String> parents,
        List<String> categories) {

    public Label {
        instances = List.copyOf(instances);
        parents = List.copyOf(parents);
        categories = List.copyOf(categories);
    }

    /** One occurrence of the label in the photo. */
    public record Instance(BoundingBox boundingBox, float confidence) {
    }
}
