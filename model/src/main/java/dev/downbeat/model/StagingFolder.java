package dev.downbeat.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A hidden folder beside a model folder's destination, where a new model is written and checked
 * before it is renamed into place, so the destination only ever holds a whole, verified model and
 * a failure leaves the user's previous model as it was. Closing deletes the folder unless it was
 * moved into place. Owned by the one thread that writes the model; never the audio thread.
 */
public final class StagingFolder implements AutoCloseable {
    private final Path folder;
    private final Path target;
    private boolean moved;   // the writing thread's

    private StagingFolder(Path folder, Path target) {
        this.folder = folder;
        this.target = target;
    }

    /**
     * Creates the hidden folder {@code .<name>.<purpose>-<random>} next to {@code target},
     * creating {@code target}'s parent folders if need be.
     *
     * @param target  absolute, normalized destination folder
     * @param purpose a word naming what is being staged ("importing", "training")
     * @throws IOException if the folders cannot be created
     */
    public static StagingFolder beside(Path target, String purpose) throws IOException {
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path folder = Files.createTempDirectory(parent, "." + target.getFileName() + "." + purpose + "-");
        try {
            readableByAll(folder);
        } catch (IOException | RuntimeException failed) {
            deleteQuietly(folder);
            throw failed;
        }
        return new StagingFolder(folder, target);
    }

    /** The hidden folder to write into. */
    public Path path() {
        return folder;
    }

    /**
     * Renames the checked folder onto the destination; an existing destination is swapped out
     * first and deleted after, and put back if the rename fails.
     *
     * @throws IOException if a rename fails
     */
    public void moveIntoPlace() throws IOException {
        if (!Files.exists(target)) {
            move(folder, target);
            moved = true;
            return;
        }
        Path old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".replaced-");
        Files.delete(old);
        move(target, old);
        try {
            move(folder, target);
        } catch (IOException failed) {
            move(old, target);   // put the user's model back
            throw failed;
        }
        moved = true;
        deleteQuietly(old);
    }

    /** Deletes the hidden folder and what it holds, unless it has been moved into place. */
    @Override
    public void close() {
        if (!moved) {
            deleteQuietly(folder);
        }
    }

    /** Deletes a folder tree as far as it can: what is left is a hidden folder named for what it is. */
    public static void deleteQuietly(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // Best effort: a leftover temporary folder is harmless and named for what it is.
        }
    }

    /** Temporary folders are private (rwx------); the model folder it becomes is an ordinary one. */
    private static void readableByAll(Path folder) throws IOException {
        try {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows and the like: the folder keeps the file system's default permissions.
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException unsupported) {
            // Same parent folder, so this only happens on unusual file systems; a plain rename is next best.
            Files.move(from, to);
        }
    }
}
