package xraygallery.testing;

import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** The test photos, and images made from them in the awkward formats uploads come in. */
public final class TestImages {

    private TestImages() {
    }

    /** A photo from {@code src/test/resources/photos/}. */
    public static byte[] photo(String name) {
        try (InputStream in = TestImages.class.getResourceAsStream("/photos/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test photo " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BufferedImage decoded(String name) {
        try {
            return ImageIO.read(new ByteArrayInputStream(photo(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One flat colour, as a JPEG. */
    public static byte[] blankJpeg(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(new java.awt.Color(rgb));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return encode(image, "jpg");
    }

    /** A photo scaled to {@code width}×{@code height} (bicubic), as a JPEG of quality 0.9. */
    public static byte[] scaledJpeg(String name, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(decoded(name), 0, 0, width, height, null);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /**
     * The photo stored turned a quarter left, with EXIF orientation 6 ("turn right to view"): it
     * shows upright in any viewer that honours EXIF, as phone photos do.
     */
    public static byte[] storedSidewaysWithExif(String name) {
        BufferedImage upright = decoded(name);
        int w = upright.getWidth();
        int h = upright.getHeight();
        BufferedImage stored = new BufferedImage(h, w, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                stored.setRGB(y, w - 1 - x, upright.getRGB(x, y));
            }
        }
        return withExifOrientation(encode(stored, "jpg"), 6);
    }

    /** A JPEG with an EXIF APP1 segment holding only the orientation tag, inserted after SOI. */
    public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26);
        tiff.put("MM".getBytes(StandardCharsets.US_ASCII)).putShort((short) 42).putInt(8);
        tiff.putShort((short) 1);                                    // one IFD0 entry
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1); // Orientation, SHORT, count 1
        tiff.putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);                                              // no next IFD
        byte[] exif = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
        int length = 2 + exif.length + tiff.capacity();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xff);
        out.writeBytes(exif);
        out.writeBytes(tiff.array());
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /**
     * The photo as a CMYK JPEG (4 channels, Adobe APP14 marker, no ICC profile), which the JDK's
     * own JPEG reader refuses.
     */
    public static byte[] cmykJpeg(String name) {
        BufferedImage rgb = decoded(name);
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        int[] pixel = new int[4];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = rgb.getRGB(x, y);
                int r = (c >> 16) & 0xff;
                int g = (c >> 8) & 0xff;
                int b = c & 0xff;
                int k = 255 - Math.max(r, Math.max(g, b));
                int d = 255 - k;
                pixel[0] = d == 0 ? 0 : (d - r) * 255 / d;
                pixel[1] = d == 0 ? 0 : (d - g) * 255 / d;
                pixel[2] = d == 0 ? 0 : (d - b) * 255 / d;
                pixel[3] = k;
                for (int i = 0; i < 4; i++) {
                    pixel[i] = 255 - pixel[i]; // Adobe CMYK JPEGs store inverted values
                }
                cmyk.setPixel(x, y, pixel);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = jdkJpegWriter();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(cmyk, null, null), writer.getDefaultWriteParam());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        byte[] jpeg = out.toByteArray();
        // APP14 "Adobe", version 100, no flags, transform 0: the channels are C, M, Y, K (inverted)
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        ByteArrayOutputStream marked = new ByteArrayOutputStream();
        marked.write(jpeg, 0, 2);
        marked.writeBytes(adobe);
        marked.write(jpeg, 2, jpeg.length - 2);
        return marked.toByteArray();
    }

    private static ImageWriter jdkJpegWriter() {
        var writers = ImageIO.getImageWritersByFormatName("jpeg");
        while (writers.hasNext()) {
            ImageWriter w = writers.next();
            if (w.getClass().getName().startsWith("com.sun.imageio")) {
                return w;
            }
        }
        throw new IllegalStateException("no JDK JPEG writer");
    }

    /** The photo as a 16-bit-per-channel RGB PNG. */
    public static byte[] png16(String name) {
        BufferedImage rgb = decoded(name);
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                new int[] {16, 16, 16}, false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(rgb.getWidth(), rgb.getHeight());
        int[] pixel = new int[3];
        for (int y = 0; y < rgb.getHeight(); y++) {
            for (int x = 0; x < rgb.getWidth(); x++) {
                int c = rgb.getRGB(x, y);
                pixel[0] = ((c >> 16) & 0xff) * 257;
                pixel[1] = ((c >> 8) & 0xff) * 257;
                pixel[2] = (c & 0xff) * 257;
                raster.setPixel(x, y, pixel);
            }
        }
        return encode(new BufferedImage(cm, raster, false, null), "png");
    }

    /** A pixel bomb's start: a PNG header claiming {@code width}×{@code height} pixels, with one small row of data. */
    public static byte[] pngHeaderOnly(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[1 + 3 * 1000]);
        deflater.finish();
        byte[] idat = new byte[1024];
        int n = deflater.deflate(idat);
        chunk(out, "IDAT", java.util.Arrays.copyOf(idat, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A JPEG start followed by {@code scans} empty scans: tiny, but a decoder would walk them all. */
    public static byte[] jpegWithScans(int scans) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
        byte[] sof = {(byte) 0xFF, (byte) 0xC2, 0, 11, 8, 0, 16, 0, 16, 1, 1, 0x11, 0};
        out.writeBytes(sof);
        for (int i = 0; i < scans; i++) {
            out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 0, 0, 0, 0x00});
        }
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD9});
        return out.toByteArray();
    }
}
