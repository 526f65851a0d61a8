package dev.downbeat.installer;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/**
 * An installation or removal that could not be done, with a message written for the musician who
 * typed the command: what went wrong, where, and what to do next.
 */
public final class InstallException extends Exception {

    private static final long serialVersionUID = 1L;

    public InstallException(String message) {
        super(message);
    }

    public InstallException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Turns a file system failure while {@code doing} something into the message a user can act on:
     * no permission, a full disk, a read-only disk, a vanished folder, or the system's own words.
     */
    public static InstallException from(IOException failure, String doing, InstallScope scope) {
        String file = failure instanceof FileSystemException fs && fs.getFile() != null ? fs.getFile() : "";
        String reason = failure instanceof FileSystemException fs && fs.getReason() != null
                ? fs.getReason() : String.valueOf(failure.getMessage());
        String lower = reason.toLowerCase(Locale.ROOT);
        String message;
        if (failure instanceof AccessDeniedException || lower.contains("permission denied")
                || lower.contains("operation not permitted")) {
            message = "No permission to write " + file + " while " + doing + ". "
                    + (scope == InstallScope.SYSTEM
                    ? "System folders need root: run `sudo downbeat " + verb(doing) + " --system`, or use `downbeat "
                            + verb(doing) + "` without --system for your user only."
                    : "Check who owns that folder (ls -ld), or install system-wide with `sudo downbeat install --system`.");
        } else if (lower.contains("no space left") || lower.contains("disk quota")) {
            message = "The disk is full: " + file + " could not be written while " + doing
                    + ". Free some space (Downbeat needs about 80 MB) and run the command again.";
        } else if (lower.contains("read-only file system")) {
            message = file + " is on a read-only disk; cannot finish " + doing + ".";
        } else if (failure instanceof NoSuchFileException) {
            message = "A folder vanished while " + doing + ": " + file + ".";
        } else {
            message = "Could not finish " + doing + (file.isEmpty() ? "" : " (" + file + ")") + ": " + reason;
        }
        return new InstallException(message, failure);
    }

    private static String verb(String doing) {
        return doing.startsWith("remov") || doing.startsWith("uninstall") ? "uninstall" : "install";
    }
}
