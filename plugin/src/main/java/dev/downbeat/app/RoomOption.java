package dev.downbeat.app;

import dev.downbeat.dsp.ImpulseResponse;
import dev.downbeat.dsp.LoadException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --ir FILE} option shared by commands that run the room reverb. Main thread. */
final class RoomOption {
    @Option(names = "--ir", paramLabel = "FILE", description = {"A mono or stereo impulse response for the reverb, WAV or FLAC (told by its content), "
        + "any rate, at most 20 s. Default: the synthesized small drum room."})
    Path file;

    /** Loads the chosen room; a file that cannot be used is bad input, named in the message. */
    ImpulseResponse load() {
        try {
            return file == null ? ImpulseResponse.defaultRoom() : ImpulseResponse.load(file);
        } catch (LoadException bad) {
            throw new BadInputException(bad.getMessage(), bad);
        }
    }
}
