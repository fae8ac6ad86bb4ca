package xraygallery.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Hot blocks: records and fingerprints survive a round trip exactly, and damaged blocks are reported as such. */
class HotBlockTest {
    private static final String HEX = "0123456789abcdef";
    private static final String ZEROS = "1-00000000-000000000000000000000000";
    private static final double[] TIMES = {
        -0.0, 0.0, 1e300, -1e300, 1795623408.301, 1795623408.000001, Double.MAX_VALUE, Double.MIN_VALUE,
        Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN,
        Double.longBitsToDouble(0x7FF8_0000_0000_1234L), Double.longBitsToDouble(0xFFF8_0000_0000_0001L),
    };
    private static final String[] FACTS = {
        "", "a\tb", "line\nnext\r\n", "back\\slash \"quoted\"", "Zürich", "emoji \uD83D\uDE00 here",
        "{\"edges\":[[\"svc\",\"db\"]]}", "x".repeat(5_000),
    };
    private static final long[] REFS = {0, Long.MAX_VALUE, Long.MIN_VALUE, BodyFiles.ref(3, 12_345)};
    private static final int[] LENGTHS = {0, 1, Integer.MAX_VALUE};

    private static String randomId(SplittableRandom random) {
        char[] id = new char[35];
        for (int i = 0; i < id.length; i++) {
            id[i] = i == 0 ? '1' : i == 1 || i == 10 ? '-' : HEX.charAt(random.nextInt(16));
        }
        return new String(id);
    }

    private static List<HotRecord> records(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<HotRecord> records = new ArrayList<>();
        records.add(new HotRecord(ZEROS, 0, 0, "", 0, 0));
        records.add(new HotRecord("1-ffffffff-ffffffffffffffffffffffff", -0.0, Double.NaN, "Zürich", -1, -1));
        while (records.size() < count) {
            records.add(new HotRecord(randomId(random),
                    random.nextBoolean() ? TIMES[random.nextInt(TIMES.length)] : random.nextDouble() * 2e9,
                    random.nextBoolean() ? TIMES[random.nextInt(TIMES.length)] : random.nextDouble() * 2e9,
                    random.nextBoolean() ? FACTS[random.nextInt(FACTS.length)] : randomText(random),
                    random.nextBoolean() ? REFS[random.nextInt(REFS.length)] : random.nextLong(),
                    random.nextBoolean() ? LENGTHS[random.nextInt(LENGTHS.length)] : random.nextInt()));
        }
        return records;
    }

    private static String randomText(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(20); i > 0; i--) {
            text.append(FACTS[random.nextInt(FACTS.length - 1)]).append((char) random.nextInt(0x20, 0xD800));
        }
        return text.toString();
    }

    @Test
    void emptyListRoundTrips() {
        byte[] block = HotBlock.encode(List.of());
        assertThat(block).hasSize(5);
        assertThat(HotBlock.decode(block)).isEmpty();
    }

    @Test
    void recordsRoundTripExactly() {
        List<HotRecord> records = records(2_000, 42);
        List<HotRecord> decoded = HotBlock.decode(HotBlock.encode(records));
        // record equality compares doubles as Double.equals does: -0.0 is not 0.0, NaN is NaN
        assertThat(decoded).isEqualTo(records);
        for (int i = 0; i < records.size(); i++) {
            assertThat(Double.doubleToRawLongBits(decoded.get(i).startTime()))
                    .isEqualTo(Double.doubleToRawLongBits(records.get(i).startTime()));
            assertThat(Double.doubleToRawLongBits(decoded.get(i).endTime()))
                    .isEqualTo(Double.doubleToRawLongBits(records.get(i).endTime()));
        }
    }

    @Test
    void blockIsSizedExactly() {
        HotRecord record = new HotRecord(ZEROS, 1, 2, "Zürich", 3, 4);
        assertThat(HotBlock.encode(List.of(record, record))).hasSize(5 + 2 * (48 + 7));
    }

    @Test
    void idThatIsNotLowerCaseHexIsRefused() {
        HotRecord upper = new HotRecord("1-ABCDEF01-0123456789abcdef01234567", 0, 0, "", 0, 0);
        assertThatThrownBy(() -> HotBlock.encode(List.of(upper))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HotBlock.fingerprint("1-0123")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HotBlock.fingerprint(ZEROS.replace('-', 'x')))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyTruncationIsDamage() {
        for (byte[] valid : List.of(HotBlock.encode(List.of()), HotBlock.encode(records(3, 7)))) {
            for (int length = 0; length < valid.length; length++) {
                byte[] cut = Arrays.copyOf(valid, length);
                assertThatThrownBy(() -> HotBlock.decode(cut)).as("cut to %d", length)
                        .isInstanceOf(StoreException.class).hasMessageStartingWith("a hot block is damaged: ");
            }
        }
        assertThatThrownBy(() -> HotBlock.decode(null)).isInstanceOf(StoreException.class);
    }

    @Test
    void damagedHeadersAndLengthsAreDamage() {
        byte[] valid = HotBlock.encode(List.of(new HotRecord(ZEROS, 1, 2, "facts", 3, 4)));
        int factsLength = 5 + 44;
        assertThat(ByteBuffer.wrap(valid).getInt(factsLength)).isEqualTo(5);
        assertDamaged(changed(valid, 0, 2));
        assertDamaged(changed(valid, 0, 0));
        assertDamaged(changed(valid, 1, -1));
        assertDamaged(changed(valid, 1, 2));
        assertDamaged(changed(valid, 1, Integer.MAX_VALUE));
        assertDamaged(changed(valid, 1, Integer.MIN_VALUE));
        assertDamaged(changed(valid, factsLength, -1));
        assertDamaged(changed(valid, factsLength, 6));
        assertDamaged(changed(valid, factsLength, Integer.MAX_VALUE));
        assertDamaged(changed(valid, factsLength, Integer.MIN_VALUE));
        assertDamaged(Arrays.copyOf(valid, valid.length + 1));
        assertDamaged(Arrays.copyOf(HotBlock.encode(List.of()), 6));
    }

    @Test
    void invalidUtf8DecodesWithReplacements() {
        byte[] valid = HotBlock.encode(List.of(new HotRecord(ZEROS, 1, 2, "ab", 3, 4)));
        valid[valid.length - 1] = (byte) 0xFF;
        assertThat(HotBlock.decode(valid).get(0).graphFacts()).isEqualTo("a\uFFFD");
    }

    private static byte[] changed(byte[] valid, int at, int value) {
        byte[] copy = valid.clone();
        if (at == 0) {
            copy[0] = (byte) value;
        } else {
            ByteBuffer.wrap(copy).putInt(at, value);
        }
        return copy;
    }

    private static void assertDamaged(byte[] data) {
        assertThatThrownBy(() -> HotBlock.decode(data)).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("a hot block is damaged: ");
    }

    @Test
    void fingerprintIsStableAndNeverZero() {
        String id = "1-5f3a9c21-0123456789abcdef01234567";
        assertThat(HotBlock.fingerprint(id)).isEqualTo(HotBlock.fingerprint(new String(id.toCharArray())));
        // the all-zero id hashes to 0 before the fingerprint avoids it
        assertThat(HotBlock.fingerprint(ZEROS)).isNotZero();
        assertThat(HotBlock.fingerprint("1-ffffffff-ffffffffffffffffffffffff")).isNotZero();
    }

    @Test
    void millionRandomIdsHaveDistinctFingerprints() {
        SplittableRandom random = new SplittableRandom(1);
        long[] fingerprints = new long[1_000_000];
        for (int i = 0; i < fingerprints.length; i++) {
            fingerprints[i] = HotBlock.fingerprint(randomId(random));
        }
        // 132 random bits per id: a repeated id is far less likely than a broken hash
        assertThat(Arrays.stream(fingerprints).distinct().count()).isEqualTo(fingerprints.length);
        assertThat(Arrays.stream(fingerprints).anyMatch(f -> f == 0)).isFalse();
    }

    @Test
    void everyOneDigitChangeChangesTheFingerprint() {
        for (String id : List.of("1-5f3a9c21-0123456789abcdef01234567", ZEROS)) {
            Set<Long> fingerprints = new HashSet<>(List.of(HotBlock.fingerprint(id)));
            int variants = 0;
            for (int at = 2; at < id.length(); at++) {
                if (at == 10) {
                    continue;
                }
                for (char digit : HEX.toCharArray()) {
                    if (digit != id.charAt(at)) {
                        char[] changed = id.toCharArray();
                        changed[at] = digit;
                        assertThat(fingerprints.add(HotBlock.fingerprint(new String(changed))))
                                .as("%s with %s at %d", id, digit, at).isTrue();
                        variants++;
                    }
                }
            }
            assertThat(variants).isEqualTo(32 * 15);
        }
    }

    @Test
    void fingerprintsRoundTrip() {
        List<HotRecord> records = records(1_000, 3);
        byte[] bytes = HotBlock.fingerprints(records);
        assertThat(bytes).hasSize(8 * records.size());
        assertThat(ByteBuffer.wrap(bytes).getLong(8)).isEqualTo(HotBlock.fingerprint(records.get(1).traceId()));
        assertThat(HotBlock.readFingerprints(bytes))
                .containsExactly(records.stream().mapToLong(r -> HotBlock.fingerprint(r.traceId())).toArray());
        assertThat(HotBlock.readFingerprints(HotBlock.fingerprints(List.of()))).isEmpty();
    }

    @Test
    void fingerprintsOfWrongLengthAreDamage() {
        byte[] bytes = HotBlock.fingerprints(records(2, 5));
        assertThatThrownBy(() -> HotBlock.readFingerprints(null)).isInstanceOf(StoreException.class);
        for (int length : new int[] {1, 7, 9, 15}) {
            byte[] wrong = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> HotBlock.readFingerprints(wrong)).isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("a hot block is damaged: ");
        }
    }

    @Test
    void graphFactsAreUtf8() {
        byte[] block = HotBlock.encode(List.of(new HotRecord(ZEROS, 0, 0, "ü\uD83D\uDE00", 0, 0)));
        assertThat(Arrays.copyOfRange(block, 5 + 48, block.length))
                .isEqualTo("ü\uD83D\uDE00".getBytes(StandardCharsets.UTF_8));
    }
}
