package xraygallery.localcloud.rekognition;

/**
 * Counts the scans (SOS segments) of a JPEG without decoding it. A progressive JPEG of a few
 * kilobytes can hold thousands of scans, each of which makes the decoder walk the whole
 * coefficient buffer: refusing such files up front keeps a crafted upload from pinning a CPU.
 */
final class JpegScans {
    private static final int SOS = 0xDA;
    private static final int EOI = 0xD9;

    private JpegScans() {
    }

    /** The number of scans, counting no further than {@code limit + 1}. */
    static int count(byte[] b, int limit) {
        int scans = 0;
        int i = 2;
        int n = b.length;
        while (i + 1 < n) {
            if ((b[i] & 0xff) != 0xFF) {
                i++;
                continue;
            }
            int marker = b[i + 1] & 0xff;
            if (marker == 0xFF) {
                i++;
                continue;
            }
            if (marker == EOI) {
                break;
            }
            if (marker == 0x01 || marker == 0x00 || (marker >= 0xD0 && marker <= 0xD8)) {
                i += 2;
                continue;
            }
            if (i + 3 >= n) {
                break;
            }
            int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            if (length < 2) {
                break;
            }
            i += 2 + length;
            if (marker == SOS) {
                if (++scans > limit) {
                    return scans;
                }
                i = skipEntropyCodedData(b, i);
            }
        }
        return scans;
    }

    /** The index of the next marker after a scan's data (byte stuffing and restarts skipped). */
    private static int skipEntropyCodedData(byte[] b, int i) {
        int n = b.length;
        while (i + 1 < n) {
            if ((b[i] & 0xff) == 0xFF) {
                int next = b[i + 1] & 0xff;
                if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
                    i += 2;
                    continue;
                }
                if (next == 0xFF) {
                    i++;
                    continue;
                }
                return i;
            }
            i++;
        }
        return n;
    }
}
