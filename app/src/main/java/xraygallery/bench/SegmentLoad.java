package xraygallery.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends X-Ray segments of about {@code size} bytes over UDP at a target rate, from this process, to a daemon in
 * another, and samples the daemon's telemetry and resident memory every second. Each segment is its own trace,
 * shaped like one of the app's actions: annotations, an HTTP block, a local and an S3 subsegment, padding.
 */
public final class SegmentLoad {
    private static final byte[] HEADER = "{\"format\": \"json\", \"version\": 1}\n".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One second of a run, as seen from both sides. */
    public record Sample(int second, long sent, long received, long stored, long spillover, long rejected,
            long kernelDrops, long buffered, long heapUsedBytes, long rssBytes) {
    }

    /** A whole run. */
    public record Result(int rate, int seconds, int size, long sent, long received, long stored, long spillover,
            long rejected, long kernelDrops, double drainSeconds, long peakHeapBytes, long peakRssBytes,
            List<Sample> samples, double daemonCores, double senderCores, double otherCores, double daemonCpuSeconds) {
        public long lost() {
            return sent - stored;
        }

        /** The daemon's CPU time (user and system) from the first send until it settled, per stored segment. */
        public double daemonMicrosPerStored() {
            return stored == 0 ? Double.NaN : daemonCpuSeconds * 1e6 / stored;
        }
    }

    /**
     * How the sender behaves: a light one sleeps between its per-millisecond bursts; a busy one spins instead and
     * takes a whole core, as a load test driving an X-Ray SDK does, leaving the daemon the other.
     */
    public enum Sender { LIGHT, BUSY }

    private final InetSocketAddress udp;
    private final URI telemetry;
    private final long daemonPid;
    private final int size;

    public SegmentLoad(InetSocketAddress udp, URI endpoint, long daemonPid, int size) {
        this.udp = udp;
        this.telemetry = endpoint.resolve("/telemetry");
        this.daemonPid = daemonPid;
        this.size = size;
        this.template = buildTemplate();
    }

    /**
     * Warms the daemon up (sends at {@code rate} for {@code warmupSeconds}, uncounted, then lets it drain), then sends
     * {@code rate} segments a second for {@code seconds} and waits until the daemon has settled.
     */
    public Result run(int rate, int seconds, int warmupSeconds, Sender sender) throws IOException, InterruptedException {
        if (warmupSeconds > 0) {
            send(rate, warmupSeconds, sender, null);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (telemetry().path("buffered").asLong() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        return send(rate, seconds, sender, telemetry());
    }

    private Result send(int rate, int seconds, Sender sender, JsonNode start) throws IOException, InterruptedException {
        boolean measure = start != null;
        if (!measure) {
            start = telemetry();
        }
        long receivedBase = start.path("received").asLong();
        long storedBase = start.path("stored").asLong();
        long spillBase = start.path("spillover").asLong();
        long rejectedBase = start.path("rejected").asLong();
        long dropsBase = Math.max(0, start.path("udpKernelDrops").asLong());
        List<Sample> samples = new ArrayList<>();
        long sent = 0;
        long peakHeap = 0;
        long peakRss = 0;
        long[] cpuBefore = measure ? cpu() : null;
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.connect(udp);
            ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
            byte[] message = template.clone();
            long begin = System.nanoTime();
            long nextSample = begin + 1_000_000_000L;
            long total = (long) rate * seconds;
            int second = 0;
            while (sent < total) {
                long now = System.nanoTime();
                long due = Math.min(total, (now - begin) * rate / 1_000_000_000L + 1);
                while (sent < due) {
                    fill(message, sent, System.currentTimeMillis());
                    buffer.clear();
                    buffer.put(HEADER).put(message);
                    buffer.flip();
                    channel.write(buffer);
                    sent++;
                }
                if (measure && now >= nextSample) {
                    Sample sample = sample(++second, sent, receivedBase, storedBase, spillBase, rejectedBase, dropsBase);
                    samples.add(sample);
                    peakHeap = Math.max(peakHeap, sample.heapUsedBytes());
                    peakRss = Math.max(peakRss, sample.rssBytes());
                    nextSample += 1_000_000_000L;
                } else if (sent >= due) {
                    if (sender == Sender.BUSY) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.parkNanos(200_000);
                    }
                }
            }
            long sendEnd = System.nanoTime();
            // drain: until everything is accounted for, or nothing moves for 3 s
            long last = -1;
            long stillSince = System.nanoTime();
            Sample sample;
            while (true) {
                Thread.sleep(250);
                sample = sample(++second, sent, receivedBase, storedBase, spillBase, rejectedBase, dropsBase);
                peakHeap = Math.max(peakHeap, sample.heapUsedBytes());
                peakRss = Math.max(peakRss, sample.rssBytes());
                long accounted = sample.stored() + sample.spillover() + sample.rejected();
                if (accounted >= sample.received() && sample.buffered() == 0 && sample.received() + sample.kernelDrops() >= sent) {
                    break;
                }
                if (accounted != last) {
                    last = accounted;
                    stillSince = System.nanoTime();
                } else if (System.nanoTime() - stillSince > 3_000_000_000L) {
                    break;
                }
            }
            samples.add(sample);
            double drain = (System.nanoTime() - sendEnd) / 1e9;
            double[] cores = new double[3];
            double daemonSeconds = 0;
            if (measure) {
                long[] cpuAfter = cpu();
                double wall = (cpuAfter[3] - cpuBefore[3]) / 1e9;
                double tick = 100.0; // USER_HZ
                cores[0] = (cpuAfter[0] - cpuBefore[0]) / tick / wall;
                cores[1] = (cpuAfter[1] - cpuBefore[1]) / tick / wall;
                cores[2] = Math.max(0, (cpuAfter[2] - cpuBefore[2]) / tick / wall - cores[0] - cores[1]);
                daemonSeconds = (cpuAfter[0] - cpuBefore[0]) / tick;
            }
            return new Result(rate, seconds, size, sent, sample.received(), sample.stored(), sample.spillover(),
                    sample.rejected(), sample.kernelDrops(), drain, peakHeap, peakRss, samples, cores[0], cores[1],
                    cores[2], daemonSeconds);
        }
    }

    private Sample sample(int second, long sent, long receivedBase, long storedBase, long spillBase, long rejectedBase,
            long dropsBase) throws IOException, InterruptedException {
        JsonNode t = telemetry();
        return new Sample(second, sent, t.path("received").asLong() - receivedBase, t.path("stored").asLong() - storedBase,
                t.path("spillover").asLong() - spillBase, t.path("rejected").asLong() - rejectedBase,
                Math.max(0, t.path("udpKernelDrops").asLong()) - dropsBase, t.path("buffered").asLong(),
                t.path("jvm").path("heapUsedBytes").asLong(), rss());
    }

    /** Times of three X-Ray API calls over the last {@code seconds}: a page of summaries, a filtered scan, the graph. */
    public record QueryTimes(long summariesMillis, int summaries, long filteredMillis, long scanned,
            long graphMillis, int services) {
    }

    public QueryTimes queries(int seconds) throws IOException, InterruptedException {
        double now = System.currentTimeMillis() / 1000.0;
        String range = String.format(Locale.ROOT, "\"StartTime\": %.3f, \"EndTime\": %.3f", now - seconds, now);
        long t0 = System.nanoTime();
        JsonNode page = post("/TraceSummaries", "{" + range + "}");
        long t1 = System.nanoTime();
        JsonNode filtered = post("/TraceSummaries", "{" + range
                + ", \"FilterExpression\": \"annotation.action = \\\"no_such_action\\\" AND responsetime > 1\"}");
        long t2 = System.nanoTime();
        JsonNode graph = post("/ServiceGraph", "{" + range + "}");
        long t3 = System.nanoTime();
        return new QueryTimes((t1 - t0) / 1_000_000, page.path("TraceSummaries").size(), (t2 - t1) / 1_000_000,
                filtered.path("TracesProcessedCount").asLong(), (t3 - t2) / 1_000_000, graph.path("Services").size());
    }

    private JsonNode post(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(telemetry.resolve(path))
                .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private JsonNode telemetry() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(telemetry).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /**
     * CPU ticks used so far by the daemon, by this process, and by the whole machine (busy time from
     * /proc/stat), plus a wall-clock stamp: the difference tells how much CPU other programs took during a run.
     */
    private long[] cpu() {
        return new long[] {processTicks(daemonPid), processTicks(ProcessHandle.current().pid()), machineBusyTicks(),
            System.nanoTime()};
    }

    private static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long machineBusyTicks() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < cpu.length; i++) {
                if (i != 4 && i != 5) { // everything but idle and iowait
                    busy += Long.parseLong(cpu[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The daemon's resident set size from /proc (Linux), or 0. */
    private long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(daemonPid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** A ~{@code size}-byte segment document, the {@code n}th of a run; each has a trace id of its own. */
    byte[] segment(long n) {
        byte[] bytes = template.clone();
        fill(bytes, n, System.currentTimeMillis());
        return bytes;
    }

    /**
     * The document with placeholders at fixed positions, so that sending costs a copy and a few hex digits
     * rather than string formatting (the sender shares the machine's two cores with the daemon).
     */
    private final byte[] template;
    private int traceAt;
    private int[] idAt;
    private int[] timeAt;

    private byte[] buildTemplate() {
        String t = "TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT"; // 35 characters
        String i = "IIIIIIIIIIIIIIII";
        String s = "SSSSSSSSSSSSSS"; // 1795623408.301
        String json = "{\"name\":\"xray-gallery\",\"id\":\"" + i + "\",\"trace_id\":\"" + t
                + "\",\"start_time\":" + s + ",\"end_time\":" + s
                + ",\"user\":\"bench\",\"annotations\":{\"action\":\"upload_photo\",\"user\":\"bench\"},"
                + "\"http\":{\"request\":{\"method\":\"POST\",\"url\":\"app://photos/upload\"},\"response\":{\"status\":200}},"
                + "\"subsegments\":[{\"name\":\"resize_image\",\"id\":\"" + i
                + "\",\"start_time\":" + s + ",\"end_time\":" + s + "},{\"name\":\"S3\",\"namespace\":\"aws\",\"id\":\""
                + i + "\",\"start_time\":" + s + ",\"end_time\":" + s
                + ",\"aws\":{\"operation\":\"PutObject\",\"region\":\"us-east-1\"},\"http\":{\"response\":{\"status\":200}}}],"
                + "\"metadata\":{\"default\":{\"pad\":\"";
        int pad = Math.max(0, size - json.length() - 4);
        String whole = json + "x".repeat(pad) + "\"}}}";
        traceAt = whole.indexOf(t);
        idAt = new int[] {whole.indexOf(i), whole.indexOf(i, whole.indexOf(i) + 1),
            whole.lastIndexOf(i)};
        List<Integer> times = new ArrayList<>();
        for (int at = whole.indexOf(s); at >= 0; at = whole.indexOf(s, at + 1)) {
            times.add(at);
        }
        timeAt = times.stream().mapToInt(Integer::intValue).toArray();
        return whole.getBytes(StandardCharsets.UTF_8);
    }

    private long filledMillis = -1;
    private String filledStart;
    private String filledEnd;

    /**
     * Trace ids as the X-Ray SDKs make them: {@code 1-}, the epoch second in 8 hex digits, {@code -}, 96 random bits
     * in 24 hex digits. Random, not counted: a store indexes them as they come, and counted ids would all land at
     * the end of its index, which real ones do not.
     */
    private final SplittableRandom random = new SplittableRandom();

    private void fill(byte[] bytes, long n, long nowMillis) {
        bytes[traceAt] = '1';
        bytes[traceAt + 1] = '-';
        hexInto(bytes, traceAt + 2, nowMillis / 1000, 8);
        bytes[traceAt + 10] = '-';
        hexInto(bytes, traceAt + 11, random.nextLong(), 16);
        hexInto(bytes, traceAt + 27, random.nextLong(), 8);
        long[] prefixes = {0x1000000000000000L, 0x2000000000000000L, 0x3000000000000000L};
        for (int k = 0; k < idAt.length; k++) {
            hexInto(bytes, idAt[k], prefixes[k] | n, 16);
        }
        if (nowMillis != filledMillis) {
            filledMillis = nowMillis;
            filledEnd = String.format(Locale.ROOT, "%d.%03d", nowMillis / 1000, nowMillis % 1000);
            long startMillis = nowMillis - 120;
            filledStart = String.format(Locale.ROOT, "%d.%03d", startMillis / 1000, startMillis % 1000);
        }
        String end = filledEnd;
        String start = filledStart;
        for (int k = 0; k < timeAt.length; k++) {
            String value = k % 2 == 0 ? start : end;
            for (int c = 0; c < value.length(); c++) {
                bytes[timeAt[k] + c] = (byte) value.charAt(c);
            }
        }
    }

    private static void hexInto(byte[] bytes, int at, long value, int digits) {
        for (int k = digits - 1; k >= 0; k--) {
            bytes[at + k] = (byte) Character.forDigit((int) (value & 0xf), 16);
            value >>>= 4;
        }
    }
}
