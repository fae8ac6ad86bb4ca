package xraygallery.photos;

import java.util.List;
import xraygallery.cloud.Labeler.Box;
import xraygallery.cloud.Labeler.Label;

/** A photo with what was found in it: labels (most confident first) and face boxes. */
public record PhotoDetail(Photo photo, List<Label> labels, List<Box> faces) {
    public PhotoDetail {
        labels = List.copyOf(labels);
        faces = List.copyOf(faces);
    }
}
