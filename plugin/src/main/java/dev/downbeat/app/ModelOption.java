package dev.downbeat.app;

import dev.downbeat.model.DrumModel;
import dev.downbeat.model.ModelLoadException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --model DIR} option shared by commands that run the model. Main thread. */
final class ModelOption {
    @Option(names = "--model", paramLabel = "DIR",
            description = "Model folder (drum_rnn.onnx + spec.json), e.g. one you trained. Default: the model built into Downbeat.")
    Path folder;

    /** Loads the chosen model; a bad folder is bad input, a broken bundled model a failure. */
    DrumModel open() {
        try {
            return folder == null ? DrumModel.loadBundled() : DrumModel.load(folder);
        } catch (ModelLoadException bad) {
            if (folder == null) {
                throw new IllegalStateException(bad.getMessage(), bad);
            }
            throw new BadInputException(bad.getMessage(), bad);
        }
    }
}
