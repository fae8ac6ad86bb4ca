package xraygallery.photos;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import xraygallery.testing.TestImages;
import javax.imageio.ImageIO;

/**
 * Good and bad image files for upload tests, written under target/test-data; the image bytes
 * come from {@link TestImages} where it makes them.
 */
public final class PhotoFiles {
    private final Path dir;

    public PhotoFiles(String name) throws IOException {
        this.dir = Files.createDirectories(Path.of("target", "test-data", name + "-" + UUID.randomUUID()).toAbsolutePath());
    }

    public Path dir() {
        return dir;
    }

    /** A real photo from the test resources, copied to a file. */
    public Path photo(String resource) throws IOException {
        return bytes(resource, TestImages.photo(resource));
    }

    /** A JPEG of the given size: left half red, right half blue. */
    public Path jpeg(String name, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(Color.BLUE);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        Path file = dir.resolve(name);
        ImageIO.write(image, "jpeg", file.toFile());
        return file;
    }

    public Path bytes(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    public Path truncated(String name, Path source) throws IOException {
        byte[] all = Files.readAllBytes(source);
        return bytes(name, Arrays.copyOf(all, all.length / 3));
    }

    /** A valid PNG whose header claims {@code width × height}: a pixel bomb when large. */
    public Path pngHeaderClaiming(String name, int width, int height) throws IOException {
        return bytes(name, TestImages.pngHeaderOnly(width, height));
    }

    /** A CMYK JPEG of a test photo, which the JDK's own reader cannot decode. */
    public Path cmykJpeg(String name, String photo) throws IOException {
        return bytes(name, TestImages.cmykJpeg(photo));
    }

    /** A 16-bit-per-channel PNG of a test photo. */
    public Path png16(String name, String photo) throws IOException {
        return bytes(name, TestImages.png16(photo));
    }

    public Path gif(String name, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.GREEN);
        g.fillRect(0, 0, width, height);
        g.dispose();
        Path file = dir.resolve(name);
        ImageIO.write(image, "gif", file.toFile());
        return file;
    }

    /** A sparse file of {@code size} bytes that starts like a JPEG. */
    public Path hugeJpegLookingFile(String name, long size) throws IOException {
        Path file = dir.resolve(name);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0});
            raf.setLength(size);
        }
        return file;
    }
}
