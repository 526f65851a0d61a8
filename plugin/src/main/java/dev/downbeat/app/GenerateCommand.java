package dev.downbeat.app;

import dev.downbeat.model.DrumGenerator;
import dev.downbeat.model.DrumModel;
import dev.downbeat.model.DrumPattern;
import dev.downbeat.model.ModelLoadException;
import dev.downbeat.model.NoteMap;
import dev.downbeat.model.PatternMidi;
import dev.downbeat.model.StepSampler;
import dev.downbeat.model.groove.Groove;
import dev.downbeat.model.groove.GrooveMidi;
import dev.downbeat.model.groove.GrooveModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code downbeat generate}: continues a seed pattern with the model and writes a MIDI file
 * (seed first, then the continuation). Main thread.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Continue a drum pattern with the neural drum model and save it as a MIDI",
            "file for your DAW: first the seed, then the new steps. A step is a 16th note;",
            "drums play on MIDI channel 10.",
            "",
            "Drums: 0 kick, 1 snare, 2 closed hi-hat, 3 open hi-hat, 4 low tom, 5 mid tom,",
            "6 high tom, 7 clap, 8 rim. A seed lists each step's drums in brackets, [] for",
            "a rest. Example:",
            "  downbeat generate --seed \"[0,2] [2] [1,2] [2]\" --bars 4 -t 0.8 -o groove.mid",
            ""})
final class GenerateCommand implements Callable<Integer> {
    static final int DEFAULT_STEPS = 32;

    @Option(names = "--seed", paramLabel = "PATTERN|FILE.mid",
            description = {"The pattern to continue: steps as \"[0,2] [0] [2,5,8] []\" (or \"0,2;0;2,5,8;\"), "
                + "or a MIDI file of drums (notes go to the nearest 16th). "
                + "Default: the 10-step seed [0,2] [0] [2,5,8] [] [2,5,8] [] [0,2,5,8] [4,5,8] [] [0,5,8]."})
    String seed;

    @Option(names = "--steps", paramLabel = "N", description = "How many 16th-note steps to add after the seed. Default: 32 (two bars).")
    Integer steps;

    @Option(names = "--bars", paramLabel = "N", description = "How many 4/4 bars to add instead (16 steps each).")
    Integer bars;

    @Option(names = {"-t", "--temperature"}, paramLabel = "T", defaultValue = "1.0",
            description = "Adventurousness, 0 to 2: 0 always plays the most likely step, 1 plays like the drummers it learnt from, 2 is wild. Default: ${DEFAULT-VALUE}.")
    double temperature;

    @Option(names = "--tempo", paramLabel = "BPM", defaultValue = "120",
            description = "Tempo written into the file, in quarter notes per minute. Default: ${DEFAULT-VALUE}.")
    double tempo;

    @Option(names = "--random-seed", paramLabel = "N",
            description = "Makes the result repeatable: the same number gives the same beat (byte for byte). Default: a new one each run, printed so you can reuse it.")
    Long randomSeed;

    @Option(names = "--variations", paramLabel = "N", defaultValue = "1",
            description = "Write N different continuations: beat-1.mid ... beat-N.mid, using random seeds S, S+1, ... where S is --random-seed. Default: ${DEFAULT-VALUE}.")
    int variations;

    @Option(names = "--note-map", paramLabel = "PITCHES",
            description = "MIDI notes written for the 9 drums, in drum order; a MIDI seed is read with the same notes "
                + "(plus the General MIDI drum table). Default: 36,38,42,46,41,43,45,49,51.")
    String noteMap;

    @Mixin
    ModelOption model;

    @Mixin
    GrooveOptions groove;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.mid", defaultValue = "beat.mid",
            description = "Where to save the MIDI file. Default: ${DEFAULT-VALUE}.")
    Path output;

    @Option(names = "--wav", paramLabel = "FILE.wav",
            description = "Also play the beat through Downbeat's drum kit and room and save the sound as a WAV file (24-bit stereo).")
    Path wav;

    @Option(names = "--sample-rate", paramLabel = "HZ", defaultValue = "44100",
            description = "Sample rate of the WAV file, 22050 to 192000. Default: ${DEFAULT-VALUE}.")
    double sampleRate;

    @Option(names = {"-q", "--quiet"}, description = "Do not draw the pattern.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        NoteMap notes = noteMap == null ? NoteMap.DEFAULT : NoteMap.parse(noteMap);
        int length = continuationLength();
        checkRange("temperature", temperature, 0, StepSampler.MAX_TEMPERATURE);
        checkRange("tempo", tempo, 20, 400);
        if (variations < 1 || variations > 1000) {
            throw new BadInputException("--variations " + variations + " must be 1..1000");
        }
        checkRange("sample-rate", sampleRate, 22050, 192000);
        groove.humanizer();
        DrumPattern primer = readSeed(notes);
        List<Path> files = numbered(output, ".mid");
        List<Path> wavs = wav == null ? List.of() : numbered(wav, ".wav");
        for (Path file : wav == null ? files : List.of(files.get(0), wavs.get(0))) {
            checkFolder(file);
        }
        long firstSeed = randomSeed != null ? randomSeed : System.nanoTime() ^ System.currentTimeMillis();
        PrintWriter out = spec.commandLine().getOut();
        try (DrumModel drums = model.open(); DrumGenerator generator = drums.newGenerator();
             GrooveModel grooveModel = groove.open(spec.commandLine().getErr())) {
            for (int v = 0; v < variations; v++) {
                long seedOfThis = firstSeed + v;
                DrumPattern beat = generator.continueSeed(primer, length, new StepSampler(temperature, seedOfThis));
                Groove played = groove.play(grooveModel, beat, tempo);   // null: quantized
                if (played == null) {
                    PatternMidi.write(beat, notes, tempo, files.get(v));
                } else {
                    GrooveMidi.write(played, notes, tempo, files.get(v));
                }
                if (wav != null && played == null) {
                    WavRendering.write(beat, tempo, sampleRate, wavs.get(v));
                } else if (wav != null) {
                    GrooveOptions.writeWav(played, tempo, sampleRate, wavs.get(v));
                }
                if (!quiet) {
                    out.print(PatternGrid.render(beat));
                }
                out.printf(Locale.ROOT, "wrote %s%s: %d seed + %d new steps, temperature %s, random seed %d%s%n",
                        files.get(v), wav == null ? "" : " and " + wavs.get(v), primer.length(), length, temperature,
                        seedOfThis, played == null ? "" : String.format(Locale.ROOT, ", humanize %.0f %%, dynamics %.0f %%",
                                groove.humanize, groove.dynamics));
            }
        } catch (ModelLoadException broken) {
            throw new IllegalStateException(broken.getMessage(), broken);
        } catch (IOException unwritable) {
            throw new BadInputException(unwritable.getMessage(), unwritable);
        }
        return 0;
    }

    private int continuationLength() {
        if (steps != null && bars != null) {
            throw new BadInputException("give --steps or --bars, not both");
        }
        int length = bars != null ? bars * 16 : steps != null ? steps : DEFAULT_STEPS;
        if (bars != null && (bars < 1 || bars > 1024)) {
            throw new BadInputException("--bars " + bars + " must be 1..1024");
        }
        if (length < 1 || length > 16384) {
            throw new BadInputException("--steps " + length + " must be 1..16384");
        }
        return length;
    }

    private static void checkRange(String name, double value, double low, double high) {
        if (!(value >= low && value <= high)) {
            throw new BadInputException("--" + name + " " + value + " is outside " + low + ".." + high);
        }
    }

    private DrumPattern readSeed(NoteMap notes) {
        if (seed == null) {
            return DrumPattern.DEFAULT_SEED;
        }
        String lower = seed.toLowerCase(Locale.ROOT);
        boolean looksLikeFile = lower.endsWith(".mid") || lower.endsWith(".midi") || lower.endsWith(".smf");
        if (looksLikeFile || Files.isRegularFile(Path.of(seed))) {
            try {
                return PatternMidi.read(Path.of(seed), notes);
            } catch (IOException bad) {
                throw new BadInputException(bad.getMessage(), bad);
            }
        }
        try {
            return DrumPattern.parse(seed);
        } catch (IllegalArgumentException bad) {
            throw new BadInputException("--seed \"" + seed + "\": " + bad.getMessage(), bad);
        }
    }

    /** {@code file} itself for one variation, else {@code stem-1.ext ... stem-N.ext}. */
    private List<Path> numbered(Path file, String defaultExtension) {
        List<Path> files = new ArrayList<>();
        if (variations == 1) {
            files.add(file);
            return files;
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : defaultExtension;
        for (int v = 1; v <= variations; v++) {
            files.add(file.resolveSibling(stem + "-" + v + extension));
        }
        return files;
    }

    /** Fails before any work when an output cannot possibly be written. */
    private static void checkFolder(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new BadInputException("cannot write " + file + ": folder " + folder + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new BadInputException("cannot write " + file + ": it is a folder");
        }
        if (!Files.isWritable(folder)) {
            throw new BadInputException("cannot write " + file + ": folder " + folder + " is not writable");
        }
    }
}
