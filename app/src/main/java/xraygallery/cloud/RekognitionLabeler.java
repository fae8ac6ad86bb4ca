package xraygallery.cloud;

import java.util.List;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.Attribute;
import software.amazon.awssdk.services.rekognition.model.BoundingBox;
import software.amazon.awssdk.services.rekognition.model.DetectLabelsResponse;
import software.amazon.awssdk.services.rekognition.model.Image;
import software.amazon.awssdk.services.rekognition.model.Parent;
import software.amazon.awssdk.services.rekognition.model.RekognitionException;

/** {@link Labeler} on Rekognition's DetectLabels and DetectFaces, reading the image from S3. */
public final class RekognitionLabeler implements Labeler {
    private final RekognitionClient rekognition;
    private final int maxLabels;
    private final float minConfidence;

    public RekognitionLabeler(RekognitionClient rekognition, int maxLabels, float minConfidence) {
        this.rekognition = rekognition;
        this.maxLabels = maxLabels;
        this.minConfidence = minConfidence;
    }

    @Override
    public Labels detect(String bucket, String key) {
        Image image = Image.builder().s3Object(o -> o.bucket(bucket).name(key)).build();
        try {
            DetectLabelsResponse labels = rekognition.detectLabels(b -> b.image(image)
                    .maxLabels(maxLabels).minConfidence(minConfidence));
            List<Box> faces = rekognition.detectFaces(b -> b.image(image).attributes(Attribute.DEFAULT))
                    .faceDetails().stream()
                    .map(face -> box(face.boundingBox(), face.confidence()))
                    .toList();
            List<Label> found = labels.labels().stream()
                    .map(label -> new Label(label.name(), label.confidence(),
                            label.parents().stream().map(Parent::name).toList(),
                            label.instances().stream().map(i -> box(i.boundingBox(), i.confidence())).toList()))
                    .toList();
            return new Labels(found, faces, labels.labelModelVersion());
        } catch (RekognitionException e) {
            boolean retryable = e.isThrottlingException() || e.statusCode() >= 500;
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode() + ": ";
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            throw new LabelingException("Rekognition could not label the photo: " + code + message, retryable, e);
        }
    }

    private static Box box(BoundingBox box, Float confidence) {
        if (box == null) {
            return new Box(0, 0, 1, 1, confidence == null ? 0 : confidence);
        }
        return new Box(box.left(), box.top(), box.width(), box.height(), confidence == null ? 0 : confidence);
    }
}
