package xraygallery.localcloud;

import java.util.regex.Pattern;

/**
 * A request target in origin form ({@code /path?query}) as the client sent it, split into the raw
 * path and raw query that SigV4 signs.
 *
 * @param rawPath the path, still percent-encoded
 * @param rawQuery the query without its {@code ?}, or null when there is none
 */
record RequestTarget(String rawPath, String rawQuery) {
    private static final Pattern ENCODED_NUL = Pattern.compile("%00");
    private static final Pattern ENCODED_DOT = Pattern.compile("%2[eE]");

    /** Splits {@code /path?query#fragment} (a fragment, which clients should not send, is dropped). */
    static RequestTarget parse(String originForm) {
        int hash = originForm.indexOf('#');
        String target = hash < 0 ? originForm : originForm.substring(0, hash);
        int question = target.indexOf('?');
        return question < 0
                ? new RequestTarget(target, null)
                : new RequestTarget(target.substring(0, question), target.substring(question + 1));
    }

    /**
     * A stand-in target for Jetty's URI parser, which refuses outright two things an S3 key may hold:
     * dot segments that climb above the root (key {@code ../../x}, also sent as {@code %2e%2e}) and
     * an encoded NUL (which S3 answers {@code InvalidArgument} itself). Each such dot becomes
     * {@code %252E} and {@code %00} becomes {@code %2500}; the rest is left as sent, so Jetty still
     * refuses what is really malformed (a raw backslash, a bad escape). Only Jetty parses this: the
     * local cloud reads the target as sent.
     */
    static String parseableByJetty(String originForm) {
        int end = originForm.length();
        for (char stop : new char[] {'?', '#'}) {
            int at = originForm.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String[] segments = originForm.substring(0, end).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            int semicolon = segments[i].indexOf(';');
            String name = semicolon < 0 ? segments[i] : segments[i].substring(0, semicolon);
            String dots = ENCODED_DOT.matcher(name).replaceAll(".");
            if (dots.equals(".") || dots.equals("..")) {
                segments[i] = "%252E".repeat(dots.length()) + segments[i].substring(name.length());
            }
        }
        String path = ENCODED_NUL.matcher(String.join("/", segments)).replaceAll("%2500");
        return path + originForm.substring(end);
    }
}
