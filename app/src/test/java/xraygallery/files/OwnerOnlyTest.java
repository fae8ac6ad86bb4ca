package xraygallery.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Folders 0700, files 0600; a loose tree is tightened; a folder anyone may write to is left alone. */
class OwnerOnlyTest {
    @TempDir
    Path temp;

    static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void newFoldersAndFiles_areTheOwnersOnly() throws IOException {
        Path dir = OwnerOnly.createDirectories(temp.resolve("a").resolve("b"));
        Path file = Files.createFile(dir.resolve("f"), OwnerOnly.fileAttributes(dir));

        assertThat(mode(temp.resolve("a"))).isEqualTo("rwx------");
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(file)).isEqualTo("rw-------");
    }

    @Test
    void aLooseTree_isTightened_keepingTheOwnersBits() throws IOException {
        Path root = Files.createDirectories(temp.resolve("data").resolve("s3"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(root.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path blob = Files.writeString(root.resolve("blob"), "photo");
        Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
        Path tool = Files.writeString(root.resolve("mariadbd"), "#!");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));

        OwnerOnly.secure(root.getParent(), LoggerFactory.getLogger(OwnerOnlyTest.class));

        assertThat(mode(root.getParent())).isEqualTo("rwx------");
        assertThat(mode(root)).isEqualTo("rwx------");
        assertThat(mode(blob)).isEqualTo("rw-------");
        assertThat(mode(tool)).as("programs stay runnable by their owner").isEqualTo("rwx------");
        assertThat(OwnerOnly.tighten(root.getParent())).as("nothing left to do").isZero();
    }

    @Test
    void aFolderAnyoneMayWriteTo_isLeftAlone() throws IOException {
        Path shared = Files.createDirectories(temp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path theirs = Files.writeString(shared.resolve("someone-elses"), "x");
        Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rw-r--r--"));

        OwnerOnly.secure(shared, LoggerFactory.getLogger(OwnerOnlyTest.class));
        OwnerOnly.createDirectories(shared);

        assertThat(mode(shared)).isEqualTo("rwxrwxrwx");
        assertThat(mode(theirs)).isEqualTo("rw-r--r--");
    }
}
