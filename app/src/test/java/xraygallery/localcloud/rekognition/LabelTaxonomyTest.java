package xraygallery.localcloud.rekognition;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written label table covers every COCO class and is closed under its parents. */
class LabelTaxonomyTest {
    private final LabelTaxonomy taxonomy = LabelTaxonomy.load();

    private static List<String> cocoClasses() throws IOException {
        try (InputStream in = LabelTaxonomyTest.class.getResourceAsStream(
                "/xraygallery/localcloud/rekognition/models/coco80-labels.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    @Test
    void everyCocoClass_hasALabel_inTitleCase() throws IOException {
        List<String> classes = cocoClasses();

        assertThat(classes).hasSize(80);
        assertThat(taxonomy.cocoClasses()).containsExactlyInAnyOrderElementsOf(classes);
        for (String coco : classes) {
            String name = taxonomy.forCocoClass(coco).name();
            assertThat(name).as(coco).matches("([A-Z][A-Za-z]*)( [A-Z][A-Za-z]*)*");
        }
        assertThat(taxonomy.forCocoClass("sports ball").name()).isEqualTo("Sports Ball");
        assertThat(taxonomy.forCocoClass("dog").parents()).containsExactlyInAnyOrder("Animal", "Pet", "Mammal", "Canine");
        assertThat(taxonomy.forCocoClass("car").parents()).containsExactlyInAnyOrder("Vehicle", "Transportation");
    }

    @Test
    void everyParent_hasARow_andItsOwnParentsAreListedToo() {
        for (LabelTaxonomy.Entry entry : taxonomy.entries()) {
            assertThat(entry.categories()).as(entry.name()).hasSize(1);
            for (String parent : entry.parents()) {
                LabelTaxonomy.Entry row = taxonomy.forName(parent);
                assertThat(row).as("%s → %s", entry.name(), parent).isNotNull();
                assertThat(row.parents()).as("%s → %s", entry.name(), parent).doesNotContain(entry.name());
                assertThat(entry.parents()).as("ancestors of %s", entry.name()).containsAll(row.parents());
            }
        }
    }
}
