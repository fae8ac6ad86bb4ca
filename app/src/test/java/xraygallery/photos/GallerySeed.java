package xraygallery.photos;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import xraygallery.cloud.Labeler.Box;
import xraygallery.cloud.Labeler.Label;
import xraygallery.cloud.Labeler.Labels;
import xraygallery.testing.TestImages;

/**
 * Puts photos into a gallery directly (rows, labels, faces, thumbnail and display objects), without the upload
 * pipeline, which is far too slow for thousands. Photo {@code i} of a seed is {@code seed-<i>.jpg}, created
 * {@code i} seconds after {@code oldest}, so the newest (the highest i) comes first; its labels and pictures
 * cycle through the test photos.
 */
public final class GallerySeed {
    /** The test photos seeded photos take their pictures and labels from, in turn. */
    public static final String[] SOURCES = {"dog.jpg", "kite.jpg", "giraffe.jpg", "eagle.jpg", "horses.jpg",
        "person.jpg", "astronaut.jpg", "chelsea.jpg"};
    private static final List<List<Label>> LABELS = List.of(
            List.of(new Label("Dog", 93, List.of("Animal", "Pet", "Mammal", "Canine"), List.of(new Box(0.1, 0.2, 0.6, 0.7, 93))),
                    label("Animal", 95), label("Pet", 91), label("Mammal", 90), label("Canine", 88)),
            List.of(label("Kite", 80, new Box(0.4, 0.1, 0.2, 0.2, 80)), label("Toy", 80), label("Person", 72)),
            List.of(label("Giraffe", 83, new Box(0.2, 0.05, 0.5, 0.9, 83)), label("Animal", 83), label("Wildlife", 83)),
            List.of(label("Bird", 77, new Box(0.3, 0.3, 0.4, 0.4, 77)), label("Animal", 77)),
            List.of(label("Horse", 70), label("Cow", 64), label("Animal", 70)),
            List.of(label("Person", 84, new Box(0.35, 0.1, 0.3, 0.8, 84)), label("Human", 84), label("Bicycle", 61)),
            List.of(label("Person", 79, new Box(0.12, 0.08, 0.76, 0.92, 79)), label("Human", 79)),
            List.of(label("Cat", 66), label("Animal", 66), label("Pet", 66)));

    private final List<byte[]> thumbnails = new ArrayList<>();
    private final List<byte[]> displays = new ArrayList<>();

    public GallerySeed() {
        for (String source : SOURCES) {
            BufferedImage photo = TestImages.decoded(source);
            thumbnails.add(jpeg(scaled(photo, 320)));
            displays.add(jpeg(scaled(photo, 1024)));
        }
    }

    /**
     * Seeds {@code count} photos for {@code user}; returns their ids, oldest first.
     *
     * @param displayCopies also store display copies (needed to open the photos; not to list them)
     */
    public List<Long> seed(GalleryServices services, User user, int count, Instant oldest, boolean displayCopies)
            throws Exception {
        services.photoStore().ensureExists();
        List<Long> ids = new ArrayList<>(count);
        ExecutorService puts = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> stored = new ArrayList<>();
            for (int from = 0; from < count; from += 500) {
                int start = from;
                int end = Math.min(count, from + 500);
                ids.addAll(services.database().inTransaction(c -> {
                    List<Long> batch = new ArrayList<>();
                    for (int i = start; i < end; i++) {
                        batch.add(PhotoRepository.insert(c, photo(user, i, oldest), labels(i)));
                    }
                    return batch;
                }));
                for (int i = start; i < end; i++) {
                    int n = i;
                    stored.add(puts.submit(() -> {
                        services.photoStore().put(key(user, n, "-thumb.jpg"), thumbnails.get(n % SOURCES.length), "image/jpeg");
                        if (displayCopies) {
                            services.photoStore().put(key(user, n, "-display.jpg"), displays.get(n % SOURCES.length), "image/jpeg");
                        }
                    }));
                }
            }
            for (Future<?> f : stored) {
                f.get();
            }
        } finally {
            puts.shutdown();
        }
        return ids;
    }

    /** The labels photo {@code i} gets. */
    public static Labels labels(int i) {
        List<Box> faces = SOURCES[i % SOURCES.length].equals("astronaut.jpg")
                ? List.of(new Box(0.42, 0.18, 0.16, 0.22, 97)) : List.of();
        return new Labels(LABELS.get(i % LABELS.size()), faces, "seed");
    }

    static Photo photo(User user, int i, Instant oldest) {
        return new Photo(0, user.id(), "seed-" + i + ".jpg", null, "image/jpeg", 4032, 3024, 2_400_000 + i,
                String.format(Locale.ROOT, "%064x", (long) i + ((long) user.id() << 40)), 0, oldest.plusSeconds(i),
                key(user, i, ".jpg"), key(user, i, "-display.jpg"), key(user, i, "-thumb.jpg"),
                String.format(Locale.ROOT, "1-%08x-%024x", 0x65000000 + i, (long) i));
    }

    public static String key(User user, int i, String suffix) {
        return "photos/" + user.id() + "/seed-" + i + suffix;
    }

    private static Label label(String name, double confidence, Box... boxes) {
        return new Label(name, confidence, List.of(), List.of(boxes));
    }

    private static BufferedImage scaled(BufferedImage source, int longSide) {
        double scale = (double) longSide / Math.max(source.getWidth(), source.getHeight());
        int w = Math.max(1, (int) Math.round(source.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(source.getHeight() * scale));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static byte[] jpeg(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpeg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
