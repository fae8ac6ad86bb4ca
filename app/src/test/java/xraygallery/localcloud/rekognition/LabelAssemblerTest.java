package xraygallery.localcloud.rekognition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Detections become Rekognition labels: instances, parents, order, thresholds, no invented numbers. */
class LabelAssemblerTest {
    private final LabelAssembler assembler = new LabelAssembler(LabelTaxonomy.load());

    private static Detection detection(String coco, float score, double x1, double y1, double x2, double y2) {
        return new Detection(0, coco, score, new Box(x1, y1, x2, y2));
    }

    @Test
    void twoDogsAndACar_makeOneLabelPerClass_plusTheirParents() {
        List<Label> labels = assembler.labels(List.of(
                detection("dog", 0.75f, 0, 0, 50, 50),
                detection("car", 0.7f, 50, 50, 100, 100),
                detection("dog", 0.625f, 50, 0, 100, 50)), 100, 100, 55f, Integer.MAX_VALUE);

        assertThat(labels).extracting(Label::name).containsExactly(
                "Dog", "Animal", "Canine", "Mammal", "Pet", "Car", "Transportation", "Vehicle");
        Label dog = labels.get(0);
        assertThat(dog.confidence()).isEqualTo(75f);
        assertThat(dog.instances()).extracting(Label.Instance::confidence).containsExactly(75f, 62.5f);
        assertThat(dog.instances().get(1).boundingBox()).isEqualTo(new BoundingBox(0.5f, 0.5f, 0.5f, 0f));
        assertThat(labels.get(1).instances()).isEmpty();
    }

    @Test
    void minConfidence_dropsInstances_andLabelsLeftWithout() {
        List<Label> labels = assembler.labels(List.of(
                detection("dog", 0.8f, 0, 0, 50, 50),
                detection("dog", 0.5f, 50, 0, 100, 50),
                detection("cat", 0.5f, 50, 50, 100, 100)), 100, 100, 55f, Integer.MAX_VALUE);

        assertThat(labels).extracting(Label::name).doesNotContain("Cat");
        assertThat(labels.get(0).instances()).hasSize(1);
    }

    @Test
    void boxesOutsideThePhoto_areClampedToIt_andEmptyOnesDropped() {
        List<Label> labels = assembler.labels(List.of(
                detection("person", 0.9f, -20, -10, 150, 80),
                detection("kite", 0.9f, 120, 10, 130, 20),
                detection("bird", Float.NaN, 0, 0, 10, 10)), 100, 100, 55f, Integer.MAX_VALUE);

        assertThat(labels).extracting(Label::name).containsExactly("Person");
        assertThat(labels.get(0).instances().get(0).boundingBox()).isEqualTo(new BoundingBox(1f, 0.8f, 0f, 0f));
    }

    @Test
    void maxLabels_cutsAfterSorting() {
        List<Label> labels = assembler.labels(List.of(
                detection("car", 0.7f, 0, 0, 50, 50),
                detection("giraffe", 0.9f, 0, 0, 50, 50)), 100, 100, 55f, 2);

        assertThat(labels).extracting(Label::name).containsExactly("Giraffe", "Animal");
    }
}
