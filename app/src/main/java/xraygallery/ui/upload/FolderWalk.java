package xraygallery.ui.upload;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns what the user picked or dropped into the files to hand in: files as they are (the photo service says why
 * one is not a photo, so nothing is filtered out silently), folders walked recursively, leaving out only hidden
 * files and folders and what operating systems leave behind ({@code .DS_Store}, {@code Thumbs.db}, ...). Symbolic
 * links to folders are not followed (no cycles). Blocking: run it off the UI thread.
 */
final class FolderWalk {
    /** Files and folders operating systems and cameras leave in photo folders, compared in lower case. */
    static final Set<String> JUNK = Set.of(".ds_store", "thumbs.db", "ehthumbs.db", "ehthumbs_vista.db", "desktop.ini",
            "__macosx", "$recycle.bin", "system volume information", ".spotlight-v100", ".trashes", ".fseventsd",
            "icon\r");

    /**
     * @param files what to hand in, in the order picked, each folder's files sorted by path
     * @param skipped how many hidden or junk files were left out of folders
     * @param unreadable folders that could not be read (not walked)
     */
    record Result(List<Path> files, int skipped, List<Path> unreadable) {
    }

    private FolderWalk() {
    }

    static Result expand(List<Path> picked) throws IOException {
        List<Path> files = new ArrayList<>();
        List<Path> unreadable = new ArrayList<>();
        int[] skipped = {0};
        for (Path path : picked) {
            if (!Files.isDirectory(path)) {
                files.add(path);
                continue;
            }
            int from = files.size();
            Files.walkFileTree(path, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            if (!dir.equals(path) && isJunk(dir)) {
                                skipped[0]++;
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (isJunk(file)) {
                                skipped[0]++;
                            } else if (attrs.isRegularFile() || attrs.isSymbolicLink() && Files.isRegularFile(file)) {
                                files.add(file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            if (Files.isDirectory(file)) {
                                unreadable.add(file);
                            } else {
                                files.add(file); // the service will say why it cannot be read
                            }
                            return FileVisitResult.CONTINUE;
                        }
                    });
            files.subList(from, files.size()).sort(null);
        }
        return new Result(files, skipped[0], unreadable);
    }

    /** Hidden (a leading dot) or left by an operating system. */
    static boolean isJunk(Path path) {
        Path name = path.getFileName();
        if (name == null) {
            return false;
        }
        String text = name.toString();
        return text.startsWith(".") || JUNK.contains(text.toLowerCase(Locale.ROOT));
    }
}
