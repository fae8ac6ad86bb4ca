package xraygallery.localcloud.rekognition;

/**
 * One object the detector found.
 *
 * @param classId the COCO-80 class id (line number in {@code coco80-labels.txt})
 * @param className the COCO name, e.g. {@code sports ball}
 * @param score the model's score, 0..1
 * @param box where, in photo pixels
 */
public record Detection(int classId, String className, float score, Box box) {
}
