package dev.downbeat.dsp;

import java.io.IOException;
import java.nio.file.Path;

/** A kit, impulse response or WAV file that cannot be used; the message names the file and the problem. */
public final class LoadException extends IOException {
    private static final long serialVersionUID = 1L;

    public LoadException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public LoadException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
