package dev.downbeat.plugin.editor;

/** Why the editor cannot embed into the host's window; the message is a sentence for the log. */
final class EmbeddingException extends Exception {
    private static final long serialVersionUID = 1L;

    EmbeddingException(String reason) {
        super(reason);
    }
}
