package xraygallery.traceview;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * "Why are some slow?": compares an action's slowest tenth of traces (at least one) with the rest, and ranks
 * what sets them apart.
 *
 * <ul>
 * <li>Components: how much a component's median self time grew in the slow traces; the score is its growth as a
 *     share of the growth of the median duration (1: it explains all of it).</li>
 * <li>String and boolean annotations ({@code format = png}): the value most over-represented among the slow
 *     traces; the score is its share among the slow minus its share among the rest. Keys with about one value
 *     per trace (identifiers) are skipped: they would always look over-represented.</li>
 * <li>Numeric annotations ({@code megapixels}): whether the slow traces' values are larger (or smaller) than
 *     the rest's; the score is {@code |2·AUC − 1|}, AUC being the chance that a slow trace's value exceeds a
 *     rest trace's (1: every slow value is beyond every other).</li>
 * </ul>
 *
 * Findings scoring under {@value #MIN_SCORE} are left out; at most {@value #MAX_FINDINGS} are kept. Pass traces
 * that are complete (in-progress ones have no final duration).
 */
public final class SlowTraceAnalysis {
    /** Fewer traces than this and the report says its findings are weak. */
    public static final int MIN_TRACES = 10;
    /** Annotations not compared unless asked: the action (the same in every trace) and the user. */
    public static final Set<String> DEFAULT_IGNORED_KEYS = Set.of("action", "user");
    static final double MIN_SCORE = 0.1;
    static final int MAX_FINDINGS = 8;
    private static final int MAX_VALUE_CHARS = 40;

    private SlowTraceAnalysis() {
    }

    public static SlowTraceReport analyze(String action, Collection<TraceSample> samples) {
        return analyze(action, samples, DEFAULT_IGNORED_KEYS);
    }

    /** Compares the slowest tenth of {@code samples} with the rest, skipping the annotation keys named. */
    public static SlowTraceReport analyze(String action, Collection<TraceSample> samples, Set<String> ignoredKeys) {
        List<TraceSample> sorted = new ArrayList<>(samples);
        sorted.sort(Comparator.comparing(TraceSample::duration).reversed().thenComparing(TraceSample::traceId));
        int n = sorted.size();
        if (n == 0) {
            return new SlowTraceReport(action, 0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, false,
                    "No traces of " + action + " to compare.", List.of());
        }
        int slowCount = Math.max(1, n / 10);
        List<TraceSample> slow = sorted.subList(0, slowCount);
        List<TraceSample> rest = sorted.subList(slowCount, n);
        Duration slowMedian = medianDuration(slow);
        Duration restMedian = rest.isEmpty() ? Duration.ZERO : medianDuration(rest);
        Duration threshold = slow.get(slow.size() - 1).duration();
        if (rest.isEmpty()) {
            return new SlowTraceReport(action, n, slowCount, threshold, slowMedian, restMedian, false,
                    "Only one trace of " + action + ": there is nothing to compare it with.", List.of());
        }
        boolean enough = n >= MIN_TRACES;
        String note = enough ? null : "Only " + n + " traces of " + action + ": the slowest is compared with the other "
                + (n - 1) + ", so take these findings as hints.";
        List<Finding> findings = new ArrayList<>();
        findings.addAll(components(slow, rest, slowMedian, restMedian));
        findings.addAll(annotations(slow, rest, n, ignoredKeys));
        findings.removeIf(f -> f.score() < MIN_SCORE);
        findings.sort(Comparator.comparingDouble(Finding::score).reversed()
                .thenComparing(Finding::kind).thenComparing(Finding::subject));
        return new SlowTraceReport(action, n, slowCount, threshold, slowMedian, restMedian, enough, note,
                findings.subList(0, Math.min(MAX_FINDINGS, findings.size())));
    }

    private static List<Finding> components(List<TraceSample> slow, List<TraceSample> rest, Duration slowMedian,
            Duration restMedian) {
        long gap = slowMedian.toNanos() - restMedian.toNanos();
        Set<Component> components = EnumSet.noneOf(Component.class);
        for (List<TraceSample> group : List.of(slow, rest)) {
            group.forEach(s -> s.split().parts().forEach(p -> components.add(p.component())));
        }
        List<Finding> findings = new ArrayList<>();
        for (Component component : components) {
            Duration slowTime = Percentiles.median(Percentiles.sortedNanos(
                    slow.stream().map(s -> s.split().of(component)).toList()));
            Duration restTime = Percentiles.median(Percentiles.sortedNanos(
                    rest.stream().map(s -> s.split().of(component)).toList()));
            long growth = slowTime.toNanos() - restTime.toNanos();
            if (growth <= 0 || gap <= 0) {
                continue;
            }
            double score = Math.min(1.0, (double) growth / gap);
            findings.add(new Finding(Finding.Kind.COMPONENT, component.label(), String.format(Locale.ROOT,
                    "%s: median %s in the slowest %s vs %s in the other %d (+%s, %d%% of the difference)",
                    component.label(), format(slowTime), traces(slow.size()), format(restTime), rest.size(),
                    format(Duration.ofNanos(growth)), Math.round(score * 100)), score));
        }
        return findings;
    }

    private static List<Finding> annotations(List<TraceSample> slow, List<TraceSample> rest, int n,
            Set<String> ignoredKeys) {
        Set<String> keys = new LinkedHashSet<>();
        slow.forEach(s -> keys.addAll(s.annotations().keySet()));
        rest.forEach(s -> keys.addAll(s.annotations().keySet()));
        keys.removeAll(ignoredKeys);
        List<Finding> findings = new ArrayList<>();
        for (String key : keys) {
            boolean numeric = true;
            for (List<TraceSample> group : List.of(slow, rest)) {
                for (TraceSample sample : group) {
                    AnnotationValue value = sample.annotations().get(key);
                    numeric &= value == null || value instanceof AnnotationValue.NumberValue;
                }
            }
            Finding finding = numeric ? numeric(key, slow, rest) : categorical(key, slow, rest, n);
            if (finding != null) {
                findings.add(finding);
            }
        }
        return findings;
    }

    /** The value most over-represented among the slow traces. */
    private static Finding categorical(String key, List<TraceSample> slow, List<TraceSample> rest, int n) {
        Map<String, int[]> counts = new LinkedHashMap<>(); // value → {in slow, in rest}
        for (int group = 0; group < 2; group++) {
            for (TraceSample sample : group == 0 ? slow : rest) {
                AnnotationValue value = sample.annotations().get(key);
                if (value != null) {
                    counts.computeIfAbsent(value.text(), v -> new int[2])[group]++;
                }
            }
        }
        if (counts.isEmpty() || counts.size() > Math.max(2, n / 2)) {
            return null; // absent, or an identifier: about one value per trace
        }
        String best = null;
        double bestLift = 0;
        for (Map.Entry<String, int[]> entry : counts.entrySet()) {
            double lift = (double) entry.getValue()[0] / slow.size() - (double) entry.getValue()[1] / rest.size();
            if (lift > bestLift) {
                bestLift = lift;
                best = entry.getKey();
            }
        }
        if (best == null) {
            return null;
        }
        int[] c = counts.get(best);
        return new Finding(Finding.Kind.ANNOTATION_VALUE, key, String.format(Locale.ROOT,
                "%s = %s in %d of the slowest %s (%d%%) vs %d of the other %d (%d%%)", key, shorten(best), c[0],
                traces(slow.size()), percent(c[0], slow.size()), c[1], rest.size(), percent(c[1], rest.size())),
                Math.min(1.0, bestLift));
    }

    /** Whether the slow traces' values lie above (or below) the rest's. */
    private static Finding numeric(String key, List<TraceSample> slow, List<TraceSample> rest) {
        double[] slowValues = values(key, slow);
        double[] restValues = values(key, rest);
        if (slowValues.length == 0 || restValues.length == 0) {
            return null;
        }
        double wins = 0;
        for (double s : slowValues) {
            for (double r : restValues) {
                wins += s > r ? 1 : s == r ? 0.5 : 0;
            }
        }
        double auc = wins / ((double) slowValues.length * restValues.length);
        double score = Math.min(1.0, Math.abs(2 * auc - 1));
        if (score == 0) {
            return null;
        }
        return new Finding(Finding.Kind.ANNOTATION_NUMBER, key, String.format(Locale.ROOT,
                "%s is %s in the slowest: median %s (%s–%s) in %s vs %s (%s–%s) in %d others", key,
                auc > 0.5 ? "larger" : "smaller", number(median(slowValues)), number(slowValues[0]),
                number(slowValues[slowValues.length - 1]), traces(slowValues.length), number(median(restValues)),
                number(restValues[0]), number(restValues[restValues.length - 1]), restValues.length), score);
    }

    private static double[] values(String key, List<TraceSample> samples) {
        return samples.stream().map(s -> s.annotations().get(key))
                .filter(v -> v instanceof AnnotationValue.NumberValue)
                .mapToDouble(v -> ((AnnotationValue.NumberValue) v).value()).sorted().toArray();
    }

    private static double median(double[] sorted) {
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static Duration medianDuration(List<TraceSample> samples) {
        return Percentiles.median(Percentiles.sortedNanos(samples.stream().map(TraceSample::duration).toList()));
    }

    private static String traces(int count) {
        return count == 1 ? "trace" : count + " traces";
    }

    private static long percent(int part, int whole) {
        return whole == 0 ? 0 : Math.round(100.0 * part / whole);
    }

    private static String shorten(String value) {
        String oneLine = value.replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_VALUE_CHARS ? oneLine : oneLine.substring(0, MAX_VALUE_CHARS - 1) + "…";
    }

    /** A number to three significant digits, without an exponent or trailing zeros ("24", "0.125", "3140000"). */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** A duration for a sentence: "0.4 ms", "420 ms", "12.5 s". */
    static String format(Duration duration) {
        double millis = duration.toNanos() / 1e6;
        if (millis < 10) {
            return number(millis) + " ms";
        }
        if (millis < 10_000) {
            return Math.round(millis) + " ms";
        }
        return number(millis / 1000) + " s";
    }
}
