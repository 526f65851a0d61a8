package dev.downbeat.model;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that it is never seen half-written: the content goes to a temporary file
 * beside the target, which is then renamed over it. A failure removes the temporary file and
 * leaves any previous file untouched. Any thread except the audio thread.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** Writes a whole file at the path it is given (which does not exist yet). */
    @FunctionalInterface
    public interface Writer {
        /** Creates and fills {@code file}. */
        void writeTo(Path file) throws IOException;
    }

    /**
     * Writes {@code target} through {@code writer}.
     *
     * @throws IOException naming {@code target} and the reason
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IOException("cannot write " + target + ": folder " + folder + " does not exist");
        }
        if (Files.isDirectory(absolute)) {
            throw new IOException("cannot write " + target + ": it is a folder");
        }
        if (!Files.isWritable(folder)) {
            throw new IOException("cannot write " + target + ": folder " + folder + " is not writable");
        }
        // Named here and created by the writer, so the file gets the user's usual permissions.
        Path temporary = folder.resolve("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + "."
                + System.nanoTime() + ".part");
        try {
            writer.writeTo(temporary);
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException notAtomic) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException failed) {
            Files.deleteIfExists(temporary);
            throw new IOException("cannot write " + target + ": " + failed.getMessage(), failed);
        }
    }
}
