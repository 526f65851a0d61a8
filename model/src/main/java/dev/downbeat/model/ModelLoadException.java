package dev.downbeat.model;

/**
 * A model folder cannot be used: a file is missing, unreadable or corrupt, or the spec and the
 * graph disagree. The message names the file and what is wrong, in words a user can act on.
 */
public final class ModelLoadException extends Exception {
    /** @param message names the file and the problem */
    public ModelLoadException(String message) {
        super(message);
    }

    /** @param message names the file and the problem; {@code cause} is kept for debugging only */
    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
