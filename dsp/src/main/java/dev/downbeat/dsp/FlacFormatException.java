package dev.downbeat.dsp;

/**
 * A FLAC stream that breaks the format (RFC 9639) or uses something the decoder does not support;
 * the message says what and where. {@link FlacFile} turns it into a {@link LoadException} naming the file.
 */
final class FlacFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    FlacFormatException(String problem) {
        super(problem);
    }
}
