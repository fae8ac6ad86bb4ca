package xraygallery.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir
    Path dir;

    @Test
    void deletesATreeWithItsFilesAndFolders_andLeavesItsSiblings() throws Exception {
        Path root = dir.resolve("store");
        Files.createDirectories(root.resolve("bodies").resolve("empty"));
        Files.writeString(root.resolve("traces.db"), "x");
        Files.writeString(root.resolve("bodies").resolve("00000001.bodies"), "y");
        Files.writeString(dir.resolve("sibling.txt"), "z");

        FileTrees.deleteTree(root);

        assertThat(root).doesNotExist();
        assertThat(dir.resolve("sibling.txt")).hasContent("z");
    }

    @Test
    void aMissingTree_isNoError() {
        assertThatCode(() -> FileTrees.deleteTree(dir.resolve("never-made"))).doesNotThrowAnyException();
    }

    @Test
    void aSingleFile_isDeleted() throws Exception {
        Path file = Files.writeString(dir.resolve("one.log"), "x");
        FileTrees.deleteTree(file);
        assertThat(file).doesNotExist();
    }
}
