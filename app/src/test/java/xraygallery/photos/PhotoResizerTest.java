package xraygallery.photos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import xraygallery.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhotoResizerTest {
    private static PhotoFiles images;
    private final PhotoInspector inspector = new PhotoInspector();
    private final PhotoResizer resizer = new PhotoResizer();

    @BeforeAll
    static void files() throws IOException {
        images = new PhotoFiles("resizer");
    }

    private PhotoResizer.Resized resize(Path file) throws IOException {
        return resizer.resize(file, inspector.inspect(file));
    }

    private static BufferedImage read(byte[] jpeg) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(jpeg));
    }

    @Test
    void largePhoto_getsADisplayCopyOfAtMost2048AndA320Thumbnail_keepingItsAspect() throws IOException {
        PhotoResizer.Resized resized = resize(images.jpeg("wide.jpg", 6000, 4000));

        assertThat(resized.displayWidth()).isEqualTo(2000);
        assertThat(resized.displayHeight()).isBetween(1333, 1334);
        assertThat(resized.thumbnailWidth()).isEqualTo(320);
        BufferedImage display = read(resized.display());
        assertThat(display.getWidth()).isEqualTo(2000);
        // still red on the left and blue on the right
        assertThat(new java.awt.Color(display.getRGB(100, 100)).getRed()).isGreaterThan(200);
        assertThat(new java.awt.Color(display.getRGB(1900, 100)).getBlue()).isGreaterThan(200);
    }

    @Test
    void smallPhoto_isNotEnlarged() throws IOException {
        PhotoResizer.Resized resized = resize(images.jpeg("small.jpg", 300, 200));

        assertThat(resized.displayWidth()).isEqualTo(300);
        assertThat(resized.thumbnailWidth()).isEqualTo(300);
    }

    @Test
    void subsampling_isTheSmallestStepThatFitsTheDisplaySize() {
        assertThat(PhotoResizer.subsampling(new PhotoInfo(PhotoFormat.JPEG, 2048, 1536, 1, 1))).isEqualTo(1);
        assertThat(PhotoResizer.subsampling(new PhotoInfo(PhotoFormat.JPEG, 4032, 3024, 1, 1))).isEqualTo(2);
        assertThat(PhotoResizer.subsampling(new PhotoInfo(PhotoFormat.JPEG, 4097, 3072, 1, 1))).isEqualTo(3);
        assertThat(PhotoResizer.subsampling(new PhotoInfo(PhotoFormat.JPEG, 9000, 12000, 1, 1))).isEqualTo(6);
    }

    @ParameterizedTest(name = "EXIF orientation {0}")
    @CsvSource({"1,0,0", "2,3,0", "3,3,1", "4,0,1", "5,0,0", "6,1,0", "7,1,3", "8,0,3"})
    void exifOrientation_putsTheStoredTopLeftPixelWhereTheCameraSawIt(int orientation, int x, int y) {
        // a 4×2 image, black except its stored top-left pixel
        BufferedImage stored = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
        stored.setRGB(0, 0, 0xFFFFFF);

        BufferedImage upright = PhotoResizer.upright(stored, orientation);

        assertThat(upright.getWidth()).isEqualTo(orientation >= 5 ? 2 : 4);
        assertThat(upright.getRGB(x, y) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }

    @Test
    void cmykJpeg_16BitPng_andGif_areResized() throws IOException {
        assertThat(resize(images.cmykJpeg("cmyk.jpg", "eagle.jpg")).displayWidth()).isEqualTo(TestImages.decoded("eagle.jpg").getWidth());
        assertThat(resize(images.png16("deep.png", "eagle.jpg")).displayHeight()).isEqualTo(TestImages.decoded("eagle.jpg").getHeight());
        assertThat(resize(images.gif("anim.gif", 30, 20)).thumbnailWidth()).isEqualTo(30);
    }

    @Test
    void truncatedJpeg_isRefusedAsTruncated() throws IOException {
        Path cut = images.truncated("cut.jpg", images.photo("dog.jpg"));

        assertThatThrownBy(() -> resize(cut)).isInstanceOf(PhotoInspector.InvalidPhotoException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void garbageAfterAValidHeader_isDamaged() throws IOException {
        byte[] header = java.util.Arrays.copyOf(java.nio.file.Files.readAllBytes(images.photo("eagle.jpg")), 700);
        Path file = images.bytes("header-only.jpg", header);

        assertThatThrownBy(() -> resize(file)).isInstanceOf(PhotoInspector.InvalidPhotoException.class);
    }
}
