package xraygallery.photos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import xraygallery.testing.TestImages;
import org.junit.jupiter.api.Test;
import xraygallery.photos.PhotoInspector.InvalidPhotoException;

class PhotoInspectorTest {
    private static PhotoFiles images;
    private final PhotoInspector inspector = new PhotoInspector();

    @BeforeAll
    static void files() throws IOException {
        images = new PhotoFiles("inspector");
    }

    @Test
    void realJpeg_isAcceptedWithItsHeaderSize() throws IOException {
        PhotoInfo info = inspector.inspect(images.photo("dog.jpg"));

        assertThat(info.format()).isEqualTo(PhotoFormat.JPEG);
        assertThat(info.width()).isEqualTo(TestImages.decoded("dog.jpg").getWidth());
        assertThat(info.height()).isEqualTo(TestImages.decoded("dog.jpg").getHeight());
        assertThat(info.bytes()).isEqualTo(Files.size(images.photo("dog.jpg")));

        PhotoInfo made = inspector.inspect(images.jpeg("made.jpg", 641, 479));
        assertThat(made.width()).isEqualTo(641);
        assertThat(made.height()).isEqualTo(479);
    }

    @Test
    void formatComesFromTheBytes_notTheFileName() throws IOException {
        assertThat(inspector.inspect(images.bytes("really-a-png.jpg",
                Files.readAllBytes(images.png16("p.png", "eagle.jpg")))).format()).isEqualTo(PhotoFormat.PNG);
        assertThatThrownBy(() -> inspector.inspect(images.bytes("notes.jpg", "just some text".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(InvalidPhotoException.class).hasMessageContaining("not an image");
    }

    @Test
    void emptyFile_isRefused() throws IOException {
        assertThatThrownBy(() -> inspector.inspect(images.bytes("empty.jpg", new byte[0])))
                .isInstanceOf(InvalidPhotoException.class).hasMessageContaining("empty");
    }

    @Test
    void pixelBomb_isRefusedFromItsHeader() throws IOException {
        assertThatThrownBy(() -> inspector.inspect(images.pngHeaderClaiming("bomb.png", 30000, 30000)))
                .isInstanceOf(InvalidPhotoException.class).hasMessageContaining("30000×30000").hasMessageContaining("megapixels");
    }

    @Test
    void fileOver50Megabytes_isRefusedBeforeReading() throws IOException {
        assertThatThrownBy(() -> inspector.inspect(images.hugeJpegLookingFile("huge.jpg", 60L * 1024 * 1024)))
                .isInstanceOf(InvalidPhotoException.class).hasMessageContaining("60 MB");
        // 3 GiB (sparse) cannot be read into one array: refused by its size, not an OutOfMemoryError from reading it
        assertThatThrownBy(() -> inspector.inspect(images.hugeJpegLookingFile("huger.jpg", 3L * 1024 * 1024 * 1024)))
                .isInstanceOf(InvalidPhotoException.class).hasMessageContaining("3072 MB");
    }

    @Test
    void webp_isNamedAsUnsupported() throws IOException {
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> inspector.inspect(images.bytes("x.webp", webp)))
                .isInstanceOf(InvalidPhotoException.class).hasMessageContaining("WebP");
    }

    @Test
    void gifCmykAnd16BitPng_areAccepted() throws IOException {
        assertThat(inspector.inspect(images.gif("g.gif", 30, 20)).format()).isEqualTo(PhotoFormat.GIF);
        assertThat(inspector.inspect(images.cmykJpeg("cmyk.jpg", "eagle.jpg")).width()).isEqualTo(TestImages.decoded("eagle.jpg").getWidth());
        assertThat(inspector.inspect(images.png16("deep.png", "eagle.jpg")).height()).isEqualTo(TestImages.decoded("eagle.jpg").getHeight());
    }
}
