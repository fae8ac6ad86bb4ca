package xraygallery.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Keeps the app's data private to the user who runs it: photos, their metadata, the upload journal, the caches,
 * the trace store and the logs. Folders are created {@code 0700} and files {@code 0600}; {@link #secure} makes an
 * existing tree so (group and other bits removed, the owner's kept) and says so once in the log. On a file system
 * without POSIX permissions it does nothing. Used by the app, the local cloud and the daemon alike: it depends on
 * nothing of theirs.
 */
public final class OwnerOnly {
    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnly() {
    }

    /**
     * Creates {@code dir} and its missing parents {@code 0700}; an existing {@code dir} is made {@code 0700} too,
     * unless anyone may write to it (a shared folder such as {@code /tmp}: never ours to close).
     */
    public static Path createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (!posix(absolute)) {
            return Files.createDirectories(dir);
        }
        if (Files.isDirectory(absolute)) {
            if (!shared(absolute)) {
                restrict(absolute);
            }
            return dir;
        }
        Path parent = absolute.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createDirectories(parent);
        }
        try {
            Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(FOLDER));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(absolute)) {
                throw e;
            }
        }
        Files.setPosixFilePermissions(absolute, FOLDER); // whatever the umask left
        return dir;
    }

    /** Attributes that create a file {@code 0600} ({@code Files.createFile}, {@code FileChannel.open}); none off POSIX. */
    public static FileAttribute<?>[] fileAttributes(Path where) {
        return posix(where.toAbsolutePath())
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
                : new FileAttribute<?>[0];
    }

    /** Removes the group's and others' permissions from {@code path} (a file, a folder), if it has any. */
    public static boolean restrict(Path path) throws IOException {
        if (!posix(path.toAbsolutePath())) {
            return false;
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        if (!containsAny(mode, OTHERS)) {
            return false;
        }
        Set<PosixFilePermission> tightened = EnumSet.copyOf(mode);
        tightened.removeAll(OTHERS);
        Files.setPosixFilePermissions(path, tightened);
        return true;
    }

    /**
     * Removes the group's and others' permissions from everything under {@code root} (symbolic links are not
     * followed). Returns how many files and folders changed.
     */
    public static int tighten(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS) || !posix(root.toAbsolutePath())) {
            return 0;
        }
        int[] changed = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                count(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() || attrs.isDirectory()) {
                    count(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // removed meanwhile (a temp file)
                }
                throw e;
            }

            private void count(Path path) throws IOException {
                try {
                    if (restrict(path)) {
                        changed[0]++;
                    }
                } catch (NoSuchFileException e) {
                    // removed meanwhile
                }
            }
        });
        return changed[0];
    }

    /**
     * Creates {@code root} {@code 0700} if it is missing, else tightens everything under it, logging once how many
     * files and folders were readable by others.
     */
    public static void secure(Path root, Logger log) throws IOException {
        boolean existed = Files.isDirectory(root);
        if (existed && posix(root.toAbsolutePath()) && shared(root)) {
            log.warn("{} is a folder anyone may write to: its files are left as they are; give the app a folder of"
                    + " its own", root.toAbsolutePath());
            return;
        }
        createDirectories(root);
        if (!existed) {
            return;
        }
        int changed = tighten(root);
        if (changed > 0) {
            log.info("{} files and folders under {} were open to other users: now only their owner can read them",
                    changed, root.toAbsolutePath());
        }
    }

    /** {@link #secure}, for callers that cannot throw. */
    public static void secureUnchecked(Path root, Logger log) {
        try {
            secure(root, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Others may write to it: a shared folder ({@code /tmp}), not one the app owns. */
    private static boolean shared(Path dir) throws IOException {
        return Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_WRITE);
    }

    private static boolean containsAny(Set<PosixFilePermission> mode, Set<PosixFilePermission> any) {
        for (PosixFilePermission p : any) {
            if (mode.contains(p)) {
                return true;
            }
        }
        return false;
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
