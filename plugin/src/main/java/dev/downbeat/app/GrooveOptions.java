package dev.downbeat.app;

import dev.downbeat.dsp.DrumHit;
import dev.downbeat.dsp.ImpulseResponse;
import dev.downbeat.dsp.Kit;
import dev.downbeat.dsp.OfflineRenderer;
import dev.downbeat.dsp.StereoBuffer;
import dev.downbeat.dsp.WavFile;
import dev.downbeat.model.AtomicFile;
import dev.downbeat.model.DrumEncoding;
import dev.downbeat.model.DrumPattern;
import dev.downbeat.model.ModelLoadException;
import dev.downbeat.model.groove.Groove;
import dev.downbeat.model.groove.GrooveException;
import dev.downbeat.model.groove.GrooveModel;
import dev.downbeat.model.groove.GroovedHit;
import dev.downbeat.model.groove.Humanizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code --humanize}, {@code --dynamics} and {@code --groove-model} options of commands that
 * write beats: how far the written hits move from the grid towards the learned groove. Main thread.
 */
final class GrooveOptions {
    @Option(names = "--humanize", paramLabel = "PERCENT", defaultValue = "0",
            description = "Play the beat like a drummer, 0 to 100: 0 keeps every hit on the grid at velocity 100; "
                + "100 uses the velocities and timing the groove model learnt from real drummers. Default: ${DEFAULT-VALUE}.")
    double humanize;

    @Option(names = "--dynamics", paramLabel = "PERCENT", defaultValue = "100",
            description = "Contrast between soft and loud hits when humanized, 0 to 200: 0 all alike, 100 as learnt, "
                + "200 twice as much. Default: ${DEFAULT-VALUE}.")
    double dynamics;

    @Option(names = "--groove-model", paramLabel = "DIR",
            description = "Groove model folder (groove.onnx + groove_spec.json). Default: the one built into Downbeat.")
    Path folder;

    /** The checked settings; bad numbers are bad input. */
    Humanizer humanizer() {
        if (!(humanize >= 0 && humanize <= 100)) {
            throw new BadInputException("--humanize " + humanize + " is outside 0..100");
        }
        if (!(dynamics >= 0 && dynamics <= 100 * Humanizer.MAX_DYNAMICS)) {
            throw new BadInputException("--dynamics " + dynamics + " is outside 0.." + (int) (100 * Humanizer.MAX_DYNAMICS));
        }
        return new Humanizer(humanize / 100, dynamics / 100);
    }

    /**
     * The groove model, or null when the beat stays quantized. A folder the user named that
     * cannot be used is bad input; if the bundled one cannot be loaded (a broken installation),
     * the message goes to {@code err} and the beat is written quantized.
     */
    GrooveModel open(PrintWriter err) {
        if (humanizer().amount() == 0) {
            return null;
        }
        try {
            return folder == null ? GrooveModel.loadBundled() : GrooveModel.load(folder);
        } catch (ModelLoadException bad) {
            if (folder != null) {
                throw new BadInputException(bad.getMessage(), bad);
            }
            err.println("warning: " + bad.getMessage() + "; writing the beat quantized (velocity 100, on the grid)");
            err.flush();
            return null;
        }
    }

    /** The beat as played, or null to write it quantized (no model). */
    Groove play(GrooveModel model, DrumPattern beat, double tempo) {
        if (model == null) {
            return null;
        }
        try {
            return humanizer().apply(model.groove(beat.events(), 0, tempo));
        } catch (GrooveException failed) {
            throw new IllegalStateException(failed.getMessage(), failed);
        }
    }

    /** The hits of a played groove at {@code tempo}, each on the frame nearest its step plus offset. */
    static List<DrumHit> hits(Groove played, double tempo, double sampleRate) {
        double framesPerStep = sampleRate * 60.0 / tempo / DrumEncoding.STEPS_PER_QUARTER;
        List<DrumHit> hits = new ArrayList<>();
        for (GroovedHit hit : played.hits()) {
            long frame = Math.max(0, Math.round((hit.step() + hit.offset()) * framesPerStep));
            hits.add(new DrumHit(hit.drumClass(), hit.velocity(), frame));
        }
        return hits;
    }

    /** Renders a played groove through the bundled kit (which answers velocity in level and tone) and room. */
    static void writeWav(Groove played, double tempo, double sampleRate, Path file) throws IOException {
        StereoBuffer audio = OfflineRenderer.render(hits(played, tempo, sampleRate), sampleRate, Kit.bundled(),
                ImpulseResponse.defaultRoom());
        AtomicFile.write(file, temporary -> WavFile.write(temporary, audio, WavFile.Encoding.PCM_24));
    }
}
