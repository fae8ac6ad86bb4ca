package xraygallery.localcloud.rekognition;

import java.util.List;

/**
 * One face the face detector found.
 *
 * @param score the model's score, 0..1
 * @param box where, in photo pixels
 * @param landmarks in BlazeFace order: the subject's right eye (image left for a frontal face), left
 *     eye, nose tip, mouth centre, right ear tragion, left ear tragion; photo pixels
 */
public record Face(float score, Box box, List<Point> landmarks) {

    public Face {
        landmarks = List.copyOf(landmarks);
    }

    /** A point in photo pixels. */
    public record Point(double x, double y) {
    }
}
