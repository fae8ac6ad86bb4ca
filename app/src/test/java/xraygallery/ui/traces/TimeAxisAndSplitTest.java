package xraygallery.ui.traces;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The axis ticks and the rounding of the split as shown. */
class TimeAxisAndSplitTest {

    @Test
    void ticks_areNiceStepsFromTheTracesStart_withinTheWindow() {
        var ticks = TimeAxis.ticks(0, 4_324_000_000L, 6);
        assertThat(ticks).extracting(TimeAxis.Tick::label).containsExactly("0 s", "1 s", "2 s", "3 s", "4 s");
        assertThat(ticks.get(1).fraction()).isCloseTo(1e9 / 4_324_000_000L, org.assertj.core.data.Offset.offset(1e-9));

        var zoomed = TimeAxis.ticks(1_120_000_000L, 40_000_000L, 5);
        assertThat(zoomed).extracting(TimeAxis.Tick::label).containsExactly("1120 ms", "1130 ms", "1140 ms",
                "1150 ms", "1160 ms");
        assertThat(zoomed).allSatisfy(t -> assertThat(t.fraction()).isBetween(0.0, 1.0));
    }

    @Test
    void largestRemainder_makesRoundedPartsAddUpToTheRoundedTotal() {
        double[] parts = {159.4, 104.4, 100.4, 52.4, 7.4};
        long[] rounded = SplitSegment.largestRemainder(parts, 424);
        assertThat(Arrays.stream(rounded).sum()).isEqualTo(424);
        assertThat(rounded).containsExactly(160, 105, 100, 52, 7);

        long[] percents = SplitSegment.largestRemainder(new double[] {33.3, 33.3, 33.4}, 100);
        assertThat(Arrays.stream(percents).sum()).isEqualTo(100);
    }

    @Test
    void durations_readAsMillisecondsThroughout() {
        assertThat(TraceFormat.millis(0)).isEqualTo("0 ms");
        assertThat(TraceFormat.millis(3.04)).isEqualTo("3.0 ms");
        assertThat(TraceFormat.millis(159.4)).isEqualTo("159 ms");
        assertThat(TraceFormat.signedMillis(java.time.Duration.ofMillis(-794))).isEqualTo("−794 ms");
    }
}
