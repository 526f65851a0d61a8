package dev.downbeat.model.magenta;

/**
 * A checkpoint cannot be imported: a file is missing, short or corrupt, a tensor is missing or
 * has the wrong shape, the configuration describes another kind of model, or the converted model
 * does not reproduce the checkpoint. The message says what, in words a user can act on. When it
 * is thrown nothing has been written to the destination.
 */
public final class ImportException extends Exception {
    /** @param message names the file or tensor and what is wrong */
    public ImportException(String message) {
        super(message);
    }

    /** @param message names the file or tensor; {@code cause} is kept for debugging */
    public ImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
