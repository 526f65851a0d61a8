package dev.downbeat.app;

/**
 * Something the user gave cannot be used: a file, a value, a pattern. The message is one line
 * that names it and says what is wrong; the command line prints it and exits with code 2.
 */
public final class BadInputException extends RuntimeException {
    /** @param message one line naming the input and the problem */
    public BadInputException(String message) {
        super(message);
    }

    /** @param message one line naming the input and the problem; {@code cause} is for debugging */
    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
