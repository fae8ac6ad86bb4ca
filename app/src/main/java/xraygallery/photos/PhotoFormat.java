package xraygallery.photos;

import java.util.Arrays;
import java.util.Optional;

/** The image formats the gallery accepts, recognised by their first bytes, never by file name. */
public enum PhotoFormat {
    JPEG("image/jpeg", "jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}),
    PNG("image/png", "png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}),
    GIF("image/gif", "gif", new byte[] {'G', 'I', 'F', '8'}),
    BMP("image/bmp", "bmp", new byte[] {'B', 'M'});

    private final String contentType;
    private final String extension;
    private final byte[] magic;

    PhotoFormat(String contentType, String extension, byte[] magic) {
        this.contentType = contentType;
        this.extension = extension;
        this.magic = magic;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }

    /** The format whose signature {@code head} starts with. */
    public static Optional<PhotoFormat> sniff(byte[] head) {
        for (PhotoFormat format : values()) {
            if (head.length >= format.magic.length
                    && Arrays.equals(head, 0, format.magic.length, format.magic, 0, format.magic.length)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** A name for formats we recognise but do not accept, for a clearer message. */
    static Optional<String> knownUnsupported(byte[] head) {
        String ascii = new String(head, 0, Math.min(head.length, 12), java.nio.charset.StandardCharsets.ISO_8859_1);
        if (ascii.startsWith("RIFF") && ascii.length() >= 12 && ascii.substring(8, 12).equals("WEBP")) {
            return Optional.of("WebP");
        }
        if (ascii.length() >= 12 && ascii.substring(4, 12).matches("ftyp(heic|heix|mif1|avif)")) {
            return Optional.of("HEIC/AVIF");
        }
        if (ascii.startsWith("II*\0") || ascii.startsWith("MM\0*")) {
            return Optional.of("TIFF");
        }
        return Optional.empty();
    }
}
