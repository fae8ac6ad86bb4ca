package xraygallery.localcloud.rekognition;

import xraygallery.testing.TestImages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import xraygallery.localcloud.AwsServiceException;

/** Uploads of every shape become upright RGB pixels or a Rekognition error, quickly. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ImageLoaderTest {
    private final ImageLoader loader = new ImageLoader();

    /** Mean absolute difference per channel, 0..255. */
    private static double difference(RgbImage a, RgbImage b) {
        assertThat(a.width()).isEqualTo(b.width());
        assertThat(a.height()).isEqualTo(b.height());
        long sum = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            sum += Math.abs((a.rgb()[i] & 0xff) - (b.rgb()[i] & 0xff));
        }
        return (double) sum / a.rgb().length;
    }

    private static String errorCode(Runnable call) {
        return catchThrowableOfType(AwsServiceException.class, call::run).code();
    }

    @Test
    void jpeg_decodesToItsSize_withChannelsInRgbOrder() {
        RgbImage dog = loader.load(TestImages.photo("dog.jpg"));

        assertThat(dog.width()).isEqualTo(768);
        assertThat(dog.height()).isEqualTo(576);
        BufferedImage reference = TestImages.decoded("dog.jpg");
        int c = reference.getRGB(100, 100);
        int i = (100 * 768 + 100) * 3;
        assertThat(new int[] {dog.rgb()[i] & 0xff, dog.rgb()[i + 1] & 0xff, dog.rgb()[i + 2] & 0xff})
                .containsExactly((c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff);
    }

    @Test
    void exifOrientation_isApplied_soTheStoredSidewaysPhotoComesOutUpright() {
        RgbImage upright = loader.load(TestImages.photo("dog.jpg"));

        RgbImage fromSideways = loader.load(TestImages.storedSidewaysWithExif("dog.jpg"));

        assertThat(difference(fromSideways, upright)).isLessThan(6);
    }

    @Test
    void everyExifOrientation_producesTheUprightSize() {
        byte[] dog = TestImages.photo("dog.jpg");
        for (int orientation = 1; orientation <= 8; orientation++) {
            RgbImage image = loader.load(TestImages.withExifOrientation(dog, orientation));
            boolean swapped = orientation >= 5;
            assertThat(image.width()).as("orientation %d", orientation).isEqualTo(swapped ? 576 : 768);
        }
    }

    @Test
    void adobeCmykJpeg_isConvertedToRgb_closeToTheOriginal() {
        RgbImage decoded = loader.load(TestImages.cmykJpeg("dog.jpg"));

        assertThat(difference(decoded, loader.load(TestImages.photo("dog.jpg")))).isLessThan(8);
    }

    @Test
    void sixteenBitPng_keepsItsValues_scaledToEightBits() {
        RgbImage from16 = loader.load(TestImages.png16("giraffe.jpg"));

        assertThat(difference(from16, loader.load(TestImages.photo("giraffe.jpg")))).isLessThan(0.01);
    }

    @Test
    void grayJpeg_keepsTheFileValues_withoutJava2dGammaBrightening() {
        BufferedImage gray = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < 64; x++) {
            for (int y = 0; y < 48; y++) {
                gray.getRaster().setSample(x, y, 0, x * 4);
            }
        }

        RgbImage decoded = loader.load(TestImages.encode(gray, "png"));

        int i = (10 * 64 + 20) * 3;
        assertThat(decoded.rgb()[i] & 0xff).isEqualTo(80);
        assertThat(decoded.rgb()[i + 1]).isEqualTo(decoded.rgb()[i]);
    }

    @Test
    void transparentPng_isCompositedOverWhite() {
        BufferedImage argb = new BufferedImage(8, 8, BufferedImage.TYPE_INT_ARGB);

        RgbImage decoded = loader.load(TestImages.encode(argb, "png"));

        assertThat(decoded.rgb()).containsOnly((byte) 255);
    }

    @Test
    void palettePng_usesItsColours() {
        BufferedImage indexed = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_INDEXED);
        java.awt.Graphics2D g = indexed.createGraphics();
        g.setColor(java.awt.Color.RED);
        g.fillRect(0, 0, 8, 8);
        g.dispose();

        RgbImage decoded = loader.load(TestImages.encode(indexed, "png"));

        assertThat(Arrays.copyOf(decoded.rgb(), 3)).containsExactly((byte) 255, (byte) 0, (byte) 0);
    }

    @Test
    void bigPhoto_isDecodedSubsampled_toALongSideOf640AtLeast() {
        RgbImage big = loader.load(TestImages.scaledJpeg("dog.jpg", 4000, 3000));

        assertThat(big.width()).isEqualTo(667);
        assertThat(big.height()).isEqualTo(500);
    }

    @Test
    void pixelBombHeader_isRefusedAsTooLarge_beforeDecoding() {
        // the file is a PNG header and nothing else: decoding it would fail as a broken image, so "too large" can
        // only come from reading the header (no clock needed to tell)
        String code = errorCode(() -> loader.load(TestImages.pngHeaderOnly(30000, 30000)));

        assertThat(code).isEqualTo("ImageTooLargeException");
        assertThat(errorCode(() -> loader.load(TestImages.pngHeaderOnly(300, 300))))
                .as("the same header at a sane size is decoded, and found broken").isEqualTo("InvalidImageFormatException");
    }

    @Test
    void jpegWithThousandsOfScans_isRefused_beforeDecoding() {
        AwsServiceException refused = catchThrowableOfType(AwsServiceException.class,
                () -> loader.load(TestImages.jpegWithScans(5000)));
        assertThat(refused.code()).isEqualTo("InvalidImageFormatException");
        // the decoder refuses this table-less JPEG as an invalid format too: only the message shows the limit acted
        assertThat(refused.getMessage()).contains("more than 256 scans");
        assertThat(JpegScans.count(TestImages.jpegWithScans(3), 256)).isEqualTo(3);
        assertThat(JpegScans.count(TestImages.photo("dog.jpg"), 256)).isEqualTo(1);
    }

    @Test
    void gifTextAndEmptyBytes_areNotJpegOrPng() {
        assertThat(errorCode(() -> loader.load(TestImages.encode(TestImages.decoded("dog.jpg"), "gif"))))
                .isEqualTo("InvalidImageFormatException");
        assertThat(errorCode(() -> loader.load("this is a text file, renamed dog.jpg".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("InvalidImageFormatException");
        assertThat(errorCode(() -> loader.load(new byte[0]))).isEqualTo("InvalidImageFormatException");
    }

    @Test
    void corruptPngData_isAnInvalidImageFormat() {
        byte[] png = TestImages.encode(TestImages.decoded("giraffe.jpg"), "png");
        Arrays.fill(png, 100, png.length - 20, (byte) 0x55);

        assertThat(errorCode(() -> loader.load(png))).isEqualTo("InvalidImageFormatException");
    }

    @Test
    void truncatedJpeg_decodesWhatIsThere() {
        byte[] dog = TestImages.photo("dog.jpg");

        RgbImage half = loader.load(Arrays.copyOf(dog, dog.length / 2));

        assertThat(half.width()).isEqualTo(768);
        assertThat(half.height()).isEqualTo(576);
    }

    @Test
    void jpegCutInsideItsHeader_isAnInvalidImageFormat() {
        byte[] dog = TestImages.photo("dog.jpg");

        assertThat(errorCode(() -> loader.load(Arrays.copyOf(dog, 100)))).isEqualTo("InvalidImageFormatException");
    }
}
