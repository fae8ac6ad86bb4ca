package xraygallery.localcloud.rekognition;

/** What the first bytes of an upload say it is. Rekognition accepts only JPEG and PNG. */
enum ImageFormat {
    JPEG, PNG, GIF, WEBP, BMP, TIFF, HEIF, UNKNOWN;

    boolean supported() {
        return this == JPEG || this == PNG;
    }

    /** The format by magic number, never by name or content type. */
    static ImageFormat sniff(byte[] b) {
        if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (startsWith(b, 0, 'G', 'I', 'F', '8')) {
            return GIF;
        }
        if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) {
            return WEBP;
        }
        if (startsWith(b, 0, 'B', 'M')) {
            return BMP;
        }
        if (startsWith(b, 0, 'I', 'I', 42, 0) || startsWith(b, 0, 'M', 'M', 0, 42)) {
            return TIFF;
        }
        if (startsWith(b, 4, 'f', 't', 'y', 'p')) {
            return HEIF;
        }
        return UNKNOWN;
    }

    private static boolean startsWith(byte[] bytes, int offset, int... magic) {
        if (bytes.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((bytes[offset + i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
