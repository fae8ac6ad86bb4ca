package xraygallery.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import net.coobird.thumbnailator.Thumbnails;
import xraygallery.photos.PhotoInfo;
import xraygallery.photos.PhotoInspector;
import xraygallery.photos.PhotoResizer;

/**
 * Resizing a 12 MP JPEG to the 2048 px display copy: plain Thumbnailator (full decode, then
 * scale) against the gallery's subsampled decode feeding Thumbnailator, same output size, same
 * run. Prints a Markdown table. Not a test: timings belong here, not in assertions.
 */
public final class ResizeBench {
    private ResizeBench() {
    }

    public static void main(String[] args) throws IOException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path dir = Files.createDirectories(Path.of("target", "bench"));
        Path photo = twelveMegapixelJpeg(dir.resolve("12mp.jpg"), "dog.jpg");
        PhotoInfo info = new PhotoInspector().inspect(photo);
        PhotoResizer resizer = new PhotoResizer();
        List<Long> plain = new ArrayList<>();
        List<Long> subsampled = new ArrayList<>();
        int[] sizes = new int[4];
        for (int i = 0; i < runs + 3; i++) {
            long t0 = System.nanoTime();
            BufferedImage b = resizer.displayImage(photo, info);
            long t1 = System.nanoTime();
            // plain Thumbnailator to exactly the same size
            BufferedImage a = Thumbnails.of(photo.toFile()).size(b.getWidth(), b.getHeight()).asBufferedImage();
            long t2 = System.nanoTime();
            if (i >= 3) { // the first runs warm the JIT
                subsampled.add(t1 - t0);
                plain.add(t2 - t1);
            }
            sizes = new int[] {a.getWidth(), a.getHeight(), b.getWidth(), b.getHeight()};
        }
        double plainMs = median(plain);
        double subMs = median(subsampled);
        System.out.printf("| 12 MP JPEG (%d×%d, %d kB) → display copy | median of %d | output |%n",
                info.width(), info.height(), info.bytes() / 1024, runs);
        System.out.println("|---|---|---|");
        System.out.printf("| plain Thumbnailator | %.0f ms | %d×%d |%n", plainMs, sizes[0], sizes[1]);
        System.out.printf("| subsampled decode + Thumbnailator | %.0f ms | %d×%d |%n", subMs, sizes[2], sizes[3]);
        System.out.printf("| speed-up | %.1f× | |%n", plainMs / subMs);
    }

    /** A 4032×3024 JPEG made from a test photo, with fine noise so it compresses like a camera's. */
    static Path twelveMegapixelJpeg(Path file, String resource) throws IOException {
        if (Files.exists(file)) {
            return file;
        }
        BufferedImage source;
        try (InputStream in = ResizeBench.class.getResourceAsStream("/photos/" + resource)) {
            source = ImageIO.read(in);
        }
        BufferedImage big = new BufferedImage(4032, 3024, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = big.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(source, 0, 0, 4032, 3024, null);
        g.dispose();
        Random random = new Random(42);
        for (int y = 0; y < big.getHeight(); y++) {
            for (int x = 0; x < big.getWidth(); x++) {
                Color c = new Color(big.getRGB(x, y));
                int n = random.nextInt(17) - 8;
                big.setRGB(x, y, new Color(clamp(c.getRed() + n), clamp(c.getGreen() + n), clamp(c.getBlue() + n)).getRGB());
            }
        }
        ImageIO.write(big, "jpeg", file.toFile());
        return file;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    static double median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int n = sorted.size();
        double mid = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
        return mid / 1_000_000.0;
    }
}
