package xraygallery.cloud;

import java.util.List;

/** What is in a stored photo: object labels and faces (Rekognition, or its local twin). */
public interface Labeler {

    /** Labels and faces of the image stored under {@code key} in {@code bucket}. */
    Labels detect(String bucket, String key);

    /** A box in ratios of the image's width and height (0–1), as Rekognition gives them. */
    record Box(double left, double top, double width, double height, double confidence) {
    }

    /**
     * One label.
     *
     * @param confidence 0–100
     * @param parents broader labels ("Dog" → "Animal", "Pet", ...)
     * @param instances where the labelled things are, when the model locates them
     */
    record Label(String name, double confidence, List<String> parents, List<Box> instances) {
        public Label {
            parents = List.copyOf(parents);
            instances = List.copyOf(instances);
        }
    }

    /** All labels (most confident first), the faces found, and the model that found them. */
    record Labels(List<Label> labels, List<Box> faces, String modelVersion) {
        public Labels {
            labels = List.copyOf(labels);
            faces = List.copyOf(faces);
        }
    }

    /** The labeler refused the image or failed; the message says which. */
    final class LabelingException extends CloudCallException {
        public LabelingException(String message, boolean retryable, Throwable cause) {
            super(message, retryable, cause);
        }
    }
}
