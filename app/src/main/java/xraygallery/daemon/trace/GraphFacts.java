package xraygallery.daemon.trace;

/**
 * One trace's contribution to service graphs, as compact text stored with the trace: a line per service
 * occurrence ({@code S name type root start end outcome}) and per call ({@code C from-name from-type to-name
 * to-type start end outcome}), tab-separated, names escaped. Writing it costs a StringBuilder; replaying many of
 * them into a {@link ServiceGraphBuilder} is how GetServiceGraph aggregates.
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
        text.append(start).append('\t').append(end).append('\t')
                .append(outcome == null ? '-' : outcome.name().charAt(0)).append('\n');
    }

    private void escape(String value) {
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
            if (n == 7 && f[0].equals("S")) {
                graph.service(key(f[1], f[2]), f[3].equals("1"), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                        outcome(f[6]));
            } else if (n == 8 && f[0].equals("C")) {
                graph.call(key(f[1], f[2]), key(f[3], f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
                        outcome(f[7]));
            }
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
