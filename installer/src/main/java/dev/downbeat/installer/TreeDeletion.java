package dev.downbeat.installer;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Deletes a folder tree of Downbeat's own (a build folder, an installed payload) and everything
 * in it, never following links out of it. Whichever thread installs or builds.
 */
public final class TreeDeletion {

    private TreeDeletion() {
    }

    /**
     * Deletes {@code root} and what it holds; nothing happens if it does not exist.
     *
     * @throws IOException if a file or folder cannot be deleted
     */
    public static void deleteIfExists(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) throw failure;
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
