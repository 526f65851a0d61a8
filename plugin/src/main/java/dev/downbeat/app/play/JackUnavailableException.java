package dev.downbeat.app.play;

/** JACK cannot be used: its library is missing or no server runs. The message says which, in one line. */
final class JackUnavailableException extends Exception {
    JackUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
