package xraygallery.daemon.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stored graph facts give back exactly the times and names written, whatever their form. */
class GraphFactsTest {
    private static final ServiceGraphBuilder.Key APP = new ServiceGraphBuilder.Key("xray-gallery", null);

    @Test
    void timesReadBackExactly() {
        Random random = new Random(11);
        double[] times = new double[2_000];
        for (int i = 0; i < times.length; i += 4) {
            long micros = 1_700_000_000_000_000L + (random.nextLong() & 0xffff_ffffL);
            times[i] = micros / 1e6; // what the SDKs send: whole microseconds
            times[i + 1] = (micros / 1000) / 1e3; // whole milliseconds
            times[i + 2] = 1.7e9 + random.nextDouble() * 1e8; // any double
            times[i + 3] = random.nextDouble(); // below one second
        }
        for (double time : new double[] {0.0, 1e-7, 0.000001, 1795623408.0, 1795623408.000001, 9.007199254740991E9,
            1e17, Double.MIN_VALUE}) {
            assertThat(readBack(time)).as("%s", time).isEqualTo(time);
        }
        for (double time : times) {
            assertThat(readBack(time)).as("%s", time).isEqualTo(time);
        }
    }

    @Test
    void wholeMicrosecondsAreWrittenAsPlainDecimals() {
        GraphFacts facts = new GraphFacts();
        facts.service(APP, true, 1795623408.3, 1795623408.000042, Outcome.OK);
        assertThat(facts.toString()).isEqualTo("S\txray-gallery\t\t1\t1795623408.300000\t1795623408.000042\tO\n");
    }

    @Test
    void namesWithTabsNewlinesAndBackslashesReadBack() {
        ServiceGraphBuilder.Key odd = new ServiceGraphBuilder.Key("a\tb\\c\nd", "AWS::S3\t");
        ServiceGraphBuilder.Key backslashes = new ServiceGraphBuilder.Key("C:\\photos\\", "\\t");
        GraphFacts facts = new GraphFacts();
        facts.call(APP, odd, 1, 2, Outcome.FAULT);
        facts.call(backslashes, APP, 1, 3, Outcome.OK);
        GraphFacts.Read read = GraphFacts.read(facts.toString());
        assertThat(read.calls()).extracting(GraphFacts.Call::to, GraphFacts.Call::from, GraphFacts.Call::responseTime)
                .containsExactly(tuple(odd, APP, 1.0), tuple(APP, backslashes, 2.0));
    }

    private static double readBack(double start) {
        GraphFacts facts = new GraphFacts();
        facts.service(APP, true, start, start, Outcome.OK);
        return Double.parseDouble(facts.toString().split("\t")[4]);
    }
}
