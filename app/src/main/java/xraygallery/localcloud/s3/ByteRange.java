package xraygallery.localcloud.s3;

import xraygallery.localcloud.AwsServiceException;

/** One satisfiable byte range of an object, parsed from a {@code Range: bytes=…} header. */
record ByteRange(long first, long last) {

    long length() {
        return last - first + 1;
    }

    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /**
     * Parses {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n} against an object of
     * {@code size} bytes. Returns null when the header is absent, not a single byte range, or
     * malformed (S3 then serves the whole object); throws {@code InvalidRange} when unsatisfiable.
     */
    static ByteRange parse(String header, long size) {
        if (header == null) {
            return null;
        }
        String spec = header.trim();
        if (!spec.startsWith("bytes=") || spec.indexOf(',') >= 0) {
            return null;
        }
        spec = spec.substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String from = spec.substring(0, dash).trim();
        String to = spec.substring(dash + 1).trim();
        try {
            if (from.isEmpty()) {
                long suffix = Long.parseLong(to);
                if (suffix <= 0 || size == 0) {
                    throw unsatisfiable(size);
                }
                return new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long first = Long.parseLong(from);
            long last = to.isEmpty() ? size - 1 : Math.min(Long.parseLong(to), size - 1);
            if (first < 0 || (!to.isEmpty() && Long.parseLong(to) < first)) {
                return null;
            }
            if (first >= size) {
                throw unsatisfiable(size);
            }
            return new ByteRange(first, last);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static AwsServiceException unsatisfiable(long size) {
        return new AwsServiceException(416, "InvalidRange",
                "The requested range is not satisfiable (the object has " + size + " bytes).");
    }
}
