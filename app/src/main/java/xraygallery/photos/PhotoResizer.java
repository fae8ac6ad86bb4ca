package xraygallery.photos;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import net.coobird.thumbnailator.Thumbnails;

/**
 * Makes the display copy (longest side ≤ {@value #DISPLAY_MAX} px, for labelling and viewing) and
 * the thumbnail (≤ {@value #THUMBNAIL_MAX} px) of a photo, upright per its EXIF orientation.
 * Large photos are decoded subsampled — only every n-th pixel of every n-th row, with the smallest
 * n that brings the longest side to at most {@value #DISPLAY_MAX} — which saves most of the decode
 * and all of the full-size scaling a plain resize does; Thumbnailator then makes the thumbnail (and
 * scales photos the subsampling does not cover). A 4032 px photo so becomes a 2016 px display copy.
 */
public final class PhotoResizer {
    public static final int DISPLAY_MAX = 2048;
    public static final int THUMBNAIL_MAX = 320;
    private static final float JPEG_QUALITY = 0.85f;

    /** The two JPEG copies and their sizes. */
    public record Resized(byte[] display, int displayWidth, int displayHeight,
            byte[] thumbnail, int thumbnailWidth, int thumbnailHeight) {
    }

    public Resized resize(Path file, PhotoInfo info) throws IOException {
        BufferedImage display = displayImage(file, info);
        BufferedImage thumbnail = fit(display, THUMBNAIL_MAX);
        return new Resized(jpeg(display), display.getWidth(), display.getHeight(),
                jpeg(thumbnail), thumbnail.getWidth(), thumbnail.getHeight());
    }

    /** The photo upright at display size: subsampled decode, then an exact Thumbnailator resize. */
    public BufferedImage displayImage(Path file, PhotoInfo info) throws IOException {
        return fit(upright(decode(file, info, subsampling(info)), info.orientation()), DISPLAY_MAX);
    }

    /** The smallest n for which every n-th pixel gives a longest side of at most DISPLAY_MAX. */
    static int subsampling(PhotoInfo info) {
        int longest = Math.max(info.width(), info.height());
        return Math.max(1, (longest + DISPLAY_MAX - 1) / DISPLAY_MAX);
    }

    /** Decodes the first image of the file, every {@code step}-th pixel, as opaque RGB. */
    static BufferedImage decode(Path file, PhotoInfo info, int step) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new PhotoInspector.InvalidPhotoException("No reader for this " + info.format() + " file.");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(step, step, 0, 0);
                java.util.List<String> warnings = new java.util.ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage image = reader.read(0, param);
                if (warnings.stream().anyMatch(w -> w.toLowerCase(java.util.Locale.ROOT).contains("premature end"))) {
                    throw new PhotoInspector.InvalidPhotoException("The " + info.format()
                            + " file is truncated: its image data ends early.");
                }
                return opaqueRgb(image);
            } catch (PhotoInspector.InvalidPhotoException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new PhotoInspector.InvalidPhotoException("The " + info.format()
                        + " image data is damaged or truncated: " + e.getMessage());
            } finally {
                reader.dispose();
            }
        }
    }

    private static BufferedImage opaqueRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB || image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return rgb;
    }

    /** Applies an EXIF orientation (1–8) so the image stands as the camera saw it. */
    static BufferedImage upright(BufferedImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = orientation >= 5;
        AffineTransform t = new AffineTransform();
        switch (orientation) {
            case 2 -> { t.translate(w, 0); t.scale(-1, 1); }
            case 3 -> { t.translate(w, h); t.rotate(Math.PI); }
            case 4 -> { t.translate(0, h); t.scale(1, -1); }
            case 5 -> { t.rotate(Math.PI / 2); t.scale(1, -1); }
            case 6 -> { t.translate(h, 0); t.rotate(Math.PI / 2); }
            case 7 -> { t.scale(-1, 1); t.translate(-h, 0); t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            default -> { t.translate(0, w); t.rotate(3 * Math.PI / 2); }
        }
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, t, null);
        g.dispose();
        return out;
    }

    private static BufferedImage fit(BufferedImage image, int max) throws IOException {
        if (Math.max(image.getWidth(), image.getHeight()) <= max) {
            return image;
        }
        return Thumbnails.of(image).size(max, max).keepAspectRatio(true).asBufferedImage();
    }

    static byte[] jpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
