package xraygallery.photos;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decides whether a file is a photo the gallery takes, from its bytes: the format by signature,
 * the size in bytes, and the pixel dimensions from the header alone — so a 30000×30000 "pixel
 * bomb" is refused before anything is allocated for its pixels.
 */
public final class PhotoInspector {
    /** Largest file accepted. */
    public static final long MAX_BYTES = 50L * 1024 * 1024;
    /** Largest image accepted, in pixels. */
    public static final long MAX_PIXELS = 100_000_000L;

    /** Checks {@code file}; a {@link InvalidPhotoException} says what is wrong with it. */
    public PhotoInfo inspect(Path file) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            throw new InvalidPhotoException("The file is empty.");
        }
        if (size > MAX_BYTES) {
            throw new InvalidPhotoException("The file has " + megabytes(size) + " MB; photos up to "
                    + megabytes(MAX_BYTES) + " MB are accepted.");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(16);
        }
        PhotoFormat format = PhotoFormat.sniff(head).orElseThrow(() -> new InvalidPhotoException(
                PhotoFormat.knownUnsupported(head).map(name -> name + " images are not supported; ")
                        .orElse("The file is not an image; ") + "JPEG, PNG, GIF and BMP are accepted."));
        int[] dimensions = headerDimensions(file, format);
        long pixels = (long) dimensions[0] * dimensions[1];
        if (dimensions[0] <= 0 || dimensions[1] <= 0) {
            throw new InvalidPhotoException("The image header gives no size.");
        }
        if (pixels > MAX_PIXELS) {
            throw new InvalidPhotoException("The image is " + dimensions[0] + "×" + dimensions[1] + " ("
                    + pixels / 1_000_000 + " megapixels); up to " + MAX_PIXELS / 1_000_000 + " megapixels are accepted.");
        }
        return new PhotoInfo(format, dimensions[0], dimensions[1], size, orientation(file, format));
    }

    private static int[] headerDimensions(Path file, PhotoFormat format) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidPhotoException("No reader for this " + format + " file.");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } catch (IOException | RuntimeException e) {
                throw new InvalidPhotoException("The " + format + " header is damaged: " + e.getMessage());
            } finally {
                reader.dispose();
            }
        }
    }

    private static int orientation(Path file, PhotoFormat format) {
        if (format != PhotoFormat.JPEG) {
            return 1;
        }
        try {
            ExifIFD0Directory exif = ImageMetadataReader.readMetadata(file.toFile())
                    .getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (exif != null && exif.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                int value = exif.getInt(ExifIFD0Directory.TAG_ORIENTATION);
                return value >= 1 && value <= 8 ? value : 1;
            }
        } catch (ImageProcessingException | MetadataException | IOException e) {
            // unreadable EXIF: show the photo as stored
        }
        return 1;
    }

    private static long megabytes(long bytes) {
        return Math.round(bytes / (1024.0 * 1024.0));
    }

    /** The file is not a photo the gallery accepts; the message says why. */
    public static final class InvalidPhotoException extends GalleryException {
        public InvalidPhotoException(String message) {
            super(message);
        }
    }
}
