package dev.downbeat.model.groove;

/** Running the groove model failed (ONNX Runtime reported an error); the message says which model. */
public final class GrooveException extends Exception {
    public GrooveException(String message, Throwable cause) {
        super(message, cause);
    }
}
