package dev.downbeat.plugin.core;

/** A saved state that cannot be read; the message says what is wrong with it. */
public final class StateException extends Exception {
    private static final long serialVersionUID = 1L;

    public StateException(String message) {
        super(message);
    }

    public StateException(String message, Throwable cause) {
        super(message, cause);
    }
}
