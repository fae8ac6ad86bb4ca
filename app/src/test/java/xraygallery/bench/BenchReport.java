package xraygallery.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** What every benchmark report needs: the machine's description, statistics, and its own section of a Markdown file. */
public final class BenchReport {
    private BenchReport() {
    }

    /** "2 cores (CPU model), Java 17.0.15, Linux amd64". */
    public static String machine() throws IOException {
        String cpu = "unknown CPU";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            cpu = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(cpu);
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), Java "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch");
    }

    /**
     * Replaces the section starting with {@code heading} (up to the next {@code ## }) in {@code file},
     * or appends it, keeping everything else.
     */
    public static void writeSection(Path file, String heading, String section) throws IOException {
        String existing = Files.exists(file) ? Files.readString(file) : "# Performance\n\n";
        int start = existing.indexOf(heading);
        String updated;
        if (start < 0) {
            updated = existing.stripTrailing() + "\n\n" + section;
        } else {
            int end = existing.indexOf("\n## ", start + heading.length());
            updated = existing.substring(0, start) + section + (end < 0 ? "" : existing.substring(end));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, updated);
        System.out.println("wrote " + file.toAbsolutePath());
    }

    public static double median(double[] values) {
        return percentile(values, 50);
    }

    public static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    public static double millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    /** One decimal below 10, none above. */
    public static String fmt(double value) {
        return String.format(Locale.ROOT, value < 9.95 ? "%.1f" : "%.0f", value);
    }
}
