package xraygallery.localcloud.rekognition;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import xraygallery.localcloud.AwsServiceException;

/**
 * Turns uploaded bytes into upright RGB pixels the way Rekognition accepts images: JPEG or PNG,
 * told apart by their magic numbers; dimensions read from the header and refused above
 * {@link #MAX_PIXELS} before anything is decoded; big photos decoded subsampled (the models look at
 * 416 pixels at most); EXIF orientation applied. CMYK and YCCK JPEGs decode through TwelveMonkeys.
 * Every failure is a Rekognition error, never an exception of ImageIO.
 */
public final class ImageLoader {
    /** The most pixels a photo may have (100 MP). A 30000×30000 PNG header is refused, not decoded. */
    public static final long MAX_PIXELS = 100_000_000L;
    /** More scans than this is not a photo but a decoder CPU trap (real progressive JPEGs have about 10). */
    static final int MAX_JPEG_SCANS = 256;
    /** Photos are decoded with a long side of at least this many pixels, 1.5 times the largest model input. */
    static final int MIN_DECODED_LONG_SIDE = 640;

    /** Decodes {@code bytes} into an upright RGB image, or throws the matching Rekognition error. */
    public RgbImage load(byte[] bytes) {
        ImageFormat format = format(bytes);
        ImageReader reader = reader(format);
        RgbImage stored;
        try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            checkSize(width, height);
            ImageReadParam param = reader.getDefaultReadParam();
            int step = subsampling(width, height);
            if (step > 1) {
                param.setSourceSubsampling(step, step, 0, 0);
            }
            stored = Pixels.toRgb(reader.read(0, param));
        } catch (IOException | RuntimeException e) {
            throw unreadable(format, e);
        } finally {
            reader.dispose();
        }
        return format == ImageFormat.JPEG ? ExifOrientation.apply(stored, ExifOrientation.of(bytes)) : stored;
    }

    /** The format, if it is one Rekognition accepts and not a decoder trap. */
    private static ImageFormat format(byte[] bytes) {
        if (bytes.length == 0) {
            throw RekognitionErrors.invalidImageFormat("the image is empty (0 bytes).");
        }
        ImageFormat format = ImageFormat.sniff(bytes);
        if (!format.supported()) {
            throw RekognitionErrors.invalidImageFormat(format == ImageFormat.UNKNOWN
                    ? "the bytes are not a JPEG or PNG image."
                    : format + " is not supported; use JPEG or PNG.");
        }
        if (format == ImageFormat.JPEG && JpegScans.count(bytes, MAX_JPEG_SCANS) > MAX_JPEG_SCANS) {
            throw RekognitionErrors.invalidImageFormat("the JPEG has more than " + MAX_JPEG_SCANS + " scans.");
        }
        return format;
    }

    private static void checkSize(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw RekognitionErrors.invalidImageFormat("the image has no pixels (" + width + "×" + height + ").");
        }
        if ((long) width * height > MAX_PIXELS) {
            throw RekognitionErrors.imageTooLarge(width + "×" + height + " pixels is more than the "
                    + MAX_PIXELS / 1_000_000 + " megapixels the local cloud decodes.");
        }
    }

    /** Every n-th pixel of every n-th row, keeping the long side at least {@link #MIN_DECODED_LONG_SIDE}. */
    static int subsampling(int width, int height) {
        return Math.max(1, Math.max(width, height) / MIN_DECODED_LONG_SIDE);
    }

    private static ImageReader reader(ImageFormat format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.name().toLowerCase(Locale.ROOT));
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + format);
        }
        return readers.next();
    }

    private static AwsServiceException unreadable(ImageFormat format, Exception e) {
        if (e instanceof AwsServiceException aws) {
            return aws;
        }
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return RekognitionErrors.invalidImageFormat("the " + format + " data cannot be decoded (" + reason + ").");
    }
}
