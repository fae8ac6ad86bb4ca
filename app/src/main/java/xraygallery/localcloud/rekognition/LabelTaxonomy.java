package xraygallery.localcloud.rekognition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The small, hand-written table ({@code label-taxonomy.txt}) that turns a COCO class into a
 * Rekognition-style label: a Title Case name, its ancestors ({@code Parents}) and its categories.
 */
public final class LabelTaxonomy {
    private static final String RESOURCE = "/xraygallery/localcloud/rekognition/label-taxonomy.txt";

    /** One label: its name, every ancestor (most specific first) and its categories. */
    public record Entry(String name, List<String> parents, List<String> categories) {
        public Entry {
            Objects.requireNonNull(name, "name");
            parents = List.copyOf(parents);
            categories = List.copyOf(categories);
        }
    }

    private final Map<String, Entry> byCocoClass;
    private final Map<String, Entry> byName;

    private LabelTaxonomy(Map<String, Entry> byCocoClass, Map<String, Entry> byName) {
        this.byCocoClass = Map.copyOf(byCocoClass);
        this.byName = Map.copyOf(byName);
    }

    /** The bundled table. */
    public static LabelTaxonomy load() {
        try (InputStream in = LabelTaxonomy.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LabelTaxonomy parse(String text) {
        Map<String, Entry> byCoco = new LinkedHashMap<>();
        Map<String, Entry> byName = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\\|", -1);
            if (columns.length != 4) {
                throw new IllegalArgumentException("label taxonomy row needs 4 columns: " + line);
            }
            Entry entry = new Entry(columns[1].strip(), list(columns[2]), list(columns[3]));
            if (byName.put(entry.name(), entry) != null) {
                throw new IllegalArgumentException("label " + entry.name() + " appears twice");
            }
            String coco = columns[0].strip();
            if (!coco.equals("-")) {
                byCoco.put(coco, entry);
            }
        }
        return new LabelTaxonomy(byCoco, byName);
    }

    private static List<String> list(String column) {
        return Arrays.stream(column.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The label for a COCO class name, e.g. {@code sports ball} → Sports Ball. */
    public Entry forCocoClass(String cocoClass) {
        Entry entry = byCocoClass.get(cocoClass);
        if (entry == null) {
            throw new IllegalArgumentException("no label for COCO class '" + cocoClass + "'");
        }
        return entry;
    }

    /** A label by name (object labels and parents alike), or null. */
    public Entry forName(String name) {
        return byName.get(name);
    }

    /** The COCO classes the table names. */
    public Collection<String> cocoClasses() {
        return byCocoClass.keySet();
    }

    /** Every label, parents included. */
    public Collection<Entry> entries() {
        return byName.values();
    }
}
