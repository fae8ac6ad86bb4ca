package xraygallery.localcloud.s3;

import java.util.regex.Pattern;

/** S3's general-purpose bucket naming rules; a valid name is also a safe folder name. */
final class BucketNames {
    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

    private BucketNames() {
    }

    static boolean isValid(String name) {
        return name != null
                && SHAPE.matcher(name).matches()
                && !name.contains("..")
                && !name.contains(".-") && !name.contains("-.")
                && !IP.matcher(name).matches()
                && !name.startsWith("xn--") && !name.startsWith("sthree-")
                && !name.endsWith("-s3alias") && !name.endsWith("--ol-s3");
    }
}
