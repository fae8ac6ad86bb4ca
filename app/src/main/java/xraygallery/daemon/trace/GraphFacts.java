package xraygallery.daemon.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * One trace's contribution to service graphs, as compact text stored with the trace: a line per service
 * occurrence ({@code S name type root start end outcome}) and per call ({@code C from-name from-type to-name
 * to-type start end outcome}), tab-separated, names escaped. Writing it costs a StringBuilder; replaying many of
 * them into a {@link ServiceGraphBuilder} is how GetServiceGraph aggregates; {@link #read} gives one trace's
 * facts to filter expressions ({@code service("S3") { fault }}, {@code edge("a", "b")}).
 */
public final class GraphFacts {
    private final StringBuilder text = new StringBuilder(128);

    void service(ServiceGraphBuilder.Key key, boolean root, double start, double end, Outcome outcome) {
        text.append('S').append('\t');
        key(key);
        text.append(root ? '1' : '0').append('\t');
        times(start, end, outcome);
    }

    void call(ServiceGraphBuilder.Key from, ServiceGraphBuilder.Key to, double start, double end, Outcome outcome) {
        text.append('C').append('\t');
        key(from);
        key(to);
        times(start, end, outcome);
    }

    private void key(ServiceGraphBuilder.Key key) {
        escape(key.name());
        text.append('\t');
        if (key.type() != null) {
            escape(key.type());
        }
        text.append('\t');
    }

    private void times(double start, double end, Outcome outcome) {
        time(start);
        text.append('\t');
        time(end);
        text.append('\t').append(outcome == null ? '-' : outcome.name().charAt(0)).append('\n');
    }

    /**
     * A time as {@link Double#parseDouble} reads it back exactly: whole microseconds (what the X-Ray SDKs send)
     * as plain decimals, which costs a fraction of {@link StringBuilder#append(double)}; other values as Java writes
     * them. {@code micros / 1e6} is the double nearest to that decimal, as parsing it gives, so the check is exact.
     */
    private void time(double seconds) {
        double scaled = seconds * 1e6;
        if (seconds >= 0 && scaled < 0x1p53) {
            long micros = Math.round(scaled);
            if (micros / 1e6 == seconds) {
                long fraction = micros % 1_000_000;
                text.append(micros / 1_000_000).append('.');
                for (long digit = 100_000; digit > 0; digit /= 10) {
                    text.append((char) ('0' + fraction / digit % 10));
                }
                return;
            }
        }
        text.append(seconds);
    }

    private void escape(String value) {
        if (value.indexOf('\\') < 0 && value.indexOf('\t') < 0 && value.indexOf('\n') < 0) {
            text.append(value);
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                default -> text.append(c);
            }
        }
    }

    @Override
    public String toString() {
        return text.toString();
    }

    /** Applies stored facts to a graph being built. */
    public static void replay(String facts, ServiceGraphBuilder graph) {
        scan(facts, (f, n) -> {
            if (n == 7 && f[0].equals("S")) {
                graph.service(key(f[1], f[2]), f[3].equals("1"), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                        outcome(f[6]));
            } else if (n == 8 && f[0].equals("C")) {
                graph.call(key(f[1], f[2]), key(f[3], f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
                        outcome(f[7]));
            }
        });
    }

    /**
     * One trace's facts as lists, for filters that look at each service occurrence or call of a trace. Times are
     * parsed only when a response time is asked for.
     */
    public static Read read(String facts) {
        List<Occurrence> services = new ArrayList<>();
        List<Call> calls = new ArrayList<>();
        scan(facts, (f, n) -> {
            if (n == 7 && f[0].equals("S")) {
                services.add(new Occurrence(key(f[1], f[2]), f[3].equals("1"), f[4], f[5], outcome(f[6])));
            } else if (n == 8 && f[0].equals("C")) {
                calls.add(new Call(key(f[1], f[2]), key(f[3], f[4]), f[5], f[6], outcome(f[7])));
            }
        });
        return new Read(services, calls);
    }

    /** What one trace's facts say: every occurrence of a service (a segment or an inferred call) and every call. */
    public record Read(List<Occurrence> services, List<Call> calls) {
    }

    /** One segment of a service, or one call to an inferred service. */
    public static final class Occurrence {
        private final ServiceGraphBuilder.Key service;
        private final boolean root;
        private final String start;
        private final String end;
        private final Outcome outcome;

        Occurrence(ServiceGraphBuilder.Key service, boolean root, String start, String end, Outcome outcome) {
            this.service = service;
            this.root = root;
            this.start = start;
            this.end = end;
            this.outcome = outcome;
        }

        public ServiceGraphBuilder.Key service() {
            return service;
        }

        /** True for the trace's root segment. */
        public boolean root() {
            return root;
        }

        /** How it ended, or null while in progress. */
        public Outcome outcome() {
            return outcome;
        }

        /** Seconds from start to end, or null while in progress. */
        public Double responseTime() {
            return seconds(start, end, outcome);
        }
    }

    /** One call from a service to another (an edge of the service graph). */
    public static final class Call {
        private final ServiceGraphBuilder.Key from;
        private final ServiceGraphBuilder.Key to;
        private final String start;
        private final String end;
        private final Outcome outcome;

        Call(ServiceGraphBuilder.Key from, ServiceGraphBuilder.Key to, String start, String end, Outcome outcome) {
            this.from = from;
            this.to = to;
            this.start = start;
            this.end = end;
            this.outcome = outcome;
        }

        public ServiceGraphBuilder.Key from() {
            return from;
        }

        public ServiceGraphBuilder.Key to() {
            return to;
        }

        /** How the call ended, or null while in progress. */
        public Outcome outcome() {
            return outcome;
        }

        /** Seconds from start to end, or null while in progress. */
        public Double responseTime() {
            return seconds(start, end, outcome);
        }
    }

    private static Double seconds(String start, String end, Outcome outcome) {
        return outcome == null ? null : Math.max(0, Double.parseDouble(end) - Double.parseDouble(start));
    }

    /** Receives the fields of one line ({@code n} of them, in {@code f[0..n)}); the array is reused. */
    private interface Line {
        void fields(String[] f, int n);
    }

    private static void scan(String facts, Line line) {
        if (facts == null || facts.isEmpty()) {
            return;
        }
        int lineStart = 0;
        String[] f = new String[9];
        while (lineStart < facts.length()) {
            int lineEnd = facts.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = facts.length();
            }
            int n = 0;
            int fieldStart = lineStart;
            for (int i = lineStart; i <= lineEnd && n < f.length; i++) {
                if (i == lineEnd || facts.charAt(i) == '\t') {
                    f[n++] = facts.substring(fieldStart, i);
                    fieldStart = i + 1;
                }
            }
            line.fields(f, n);
            lineStart = lineEnd + 1;
        }
    }

    private static ServiceGraphBuilder.Key key(String name, String type) {
        return new ServiceGraphBuilder.Key(unescape(name), type.isEmpty() ? null : unescape(type));
    }

    private static Outcome outcome(String code) {
        return switch (code) {
            case "O" -> Outcome.OK;
            case "E" -> Outcome.ERROR;
            case "T" -> Outcome.THROTTLE;
            case "F" -> Outcome.FAULT;
            default -> null;
        };
    }

    private static String unescape(String value) {
        if (value.indexOf('\\') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char next = value.charAt(++i);
                out.append(next == 't' ? '\t' : next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
