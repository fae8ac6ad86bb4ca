package xraygallery.localcloud.rekognition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns detections into DetectLabels labels the way Rekognition reports them: one label per
 * detected class with an instance per object, plus each of its parents as a label of its own
 * (confidence of its best child, no instances), sorted by confidence, cut at {@code MaxLabels}.
 * A confidence is the model's score × 100, nothing added.
 */
final class LabelAssembler {
    private static final Comparator<Label> ORDER = Comparator.comparingDouble((Label l) -> -l.confidence())
            .thenComparing(l -> l.instances().isEmpty())
            .thenComparing(Label::name);

    private final LabelTaxonomy taxonomy;

    LabelAssembler(LabelTaxonomy taxonomy) {
        this.taxonomy = taxonomy;
    }

    List<Label> labels(List<Detection> detections, int photoWidth, int photoHeight, float minConfidence,
            int maxLabels) {
        Map<String, Builder> builders = new LinkedHashMap<>();
        for (Detection d : detections) {
            float confidence = confidence(d.score());
            BoundingBox box = BoundingBox.of(d.box(), photoWidth, photoHeight);
            if (confidence < minConfidence || box.width() <= 0 || box.height() <= 0) {
                continue;
            }
            LabelTaxonomy.Entry entry = taxonomy.forCocoClass(d.className());
            builders.computeIfAbsent(entry.name(), n -> new Builder(entry)).add(new Label.Instance(box, confidence));
        }
        for (Builder child : List.copyOf(builders.values())) {
            for (String parent : child.entry.parents()) {
                LabelTaxonomy.Entry entry = taxonomy.forName(parent);
                builders.computeIfAbsent(parent, n -> new Builder(entry)).raise(child.confidence);
            }
        }
        List<Label> labels = new ArrayList<>();
        builders.values().forEach(b -> labels.add(b.build()));
        labels.sort(ORDER);
        return labels.size() > maxLabels ? List.copyOf(labels.subList(0, maxLabels)) : labels;
    }

    /** A model score (0..1) as a Rekognition confidence (0..100); NaN → 0. */
    static float confidence(float score) {
        float c = score * 100f;
        return c > 0 ? Math.min(c, 100f) : 0f;
    }

    private static final class Builder {
        final LabelTaxonomy.Entry entry;
        final List<Label.Instance> instances = new ArrayList<>();
        float confidence;

        Builder(LabelTaxonomy.Entry entry) {
            this.entry = entry;
        }

        void add(Label.Instance instance) {
            instances.add(instance);
            raise(instance.confidence());
        }

        void raise(float c) {
            confidence = Math.max(confidence, c);
        }

        Label build() {
            instances.sort(Comparator.comparingDouble((Label.Instance i) -> -i.confidence()));
            return new Label(entry.name(), confidence, instances, entry.parents(), entry.categories());
        }
    }
}
