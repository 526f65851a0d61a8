package dev.downbeat.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downbeat.model.DrumPattern;
import dev.downbeat.model.NoteMap;
import dev.downbeat.model.PatternMidi;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownbeatCliTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DownbeatCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void generateWritesTheDefaultSeedThenThirtyTwoNewSteps(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("beat.mid");
        Run run = run("generate", "--random-seed", "11", "-o", file.toString());
        assertThat(run.code()).as(run.err()).isZero();
        DrumPattern read = PatternMidi.read(file, NoteMap.DEFAULT);
        assertThat(read.length()).isEqualTo(42);
        assertThat(read.slice(0, 10).events()).containsExactly(DrumPattern.DEFAULT_SEED.events());
        assertThat(run.out()).contains("kick").contains("random seed 11");
        try (dev.downbeat.model.DrumModel model = dev.downbeat.model.DrumModel.loadBundled();
             dev.downbeat.model.DrumGenerator generator = model.newGenerator()) {
            DrumPattern expected = generator.continueSeed(DrumPattern.DEFAULT_SEED, 32,
                    new dev.downbeat.model.StepSampler(1.0, 11));
            assertThat(read.events()).containsExactly(expected.events());
        }
    }

    @Test
    void theSameRandomSeedGivesByteIdenticalFiles(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.mid");
        Path b = dir.resolve("b.mid");
        Path c = dir.resolve("c.mid");
        assertThat(run("generate", "-q", "--random-seed", "4", "--bars", "4", "-o", a.toString()).code()).isZero();
        assertThat(run("generate", "-q", "--random-seed", "4", "--bars", "4", "-o", b.toString()).code()).isZero();
        assertThat(run("generate", "-q", "--random-seed", "5", "--bars", "4", "-o", c.toString()).code()).isZero();
        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
        assertThat(Files.readAllBytes(c)).isNotEqualTo(Files.readAllBytes(a));
        assertThat(PatternMidi.read(a, NoteMap.DEFAULT).length()).isGreaterThanOrEqualTo(10 + 64 - 15);
    }

    @Test
    void aTextSeedAMidiSeedAndVariations(@TempDir Path dir) throws Exception {
        Path seedFile = dir.resolve("seed.mid");
        DrumPattern seed = DrumPattern.parse("[0,2] [2] [1,2] [2]");
        PatternMidi.write(seed, NoteMap.DEFAULT, 100, seedFile);
        Path out = dir.resolve("groove.mid");
        Run run = run("generate", "-q", "--seed", seedFile.toString(), "--steps", "12", "--variations", "3",
                "--random-seed", "1", "-t", "0.5", "-o", out.toString());
        assertThat(run.code()).as(run.err()).isZero();
        List<DrumPattern> variations = new ArrayList<>();
        for (int v = 1; v <= 3; v++) {
            DrumPattern p = PatternMidi.read(dir.resolve("groove-" + v + ".mid"), NoteMap.DEFAULT);
            assertThat(p.slice(0, 4).events()).containsExactly(seed.events());
            variations.add(p);
        }
        assertThat(variations).doesNotHaveDuplicates();
        Run text = run("generate", "-q", "--seed", "0,2;2;1,2;2", "--steps", "12", "--random-seed", "1", "-t", "0.5",
                "-o", dir.resolve("text.mid").toString());
        assertThat(text.code()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("text.mid"))).isEqualTo(Files.readAllBytes(dir.resolve("groove-1.mid")));
    }

    @Test
    void temperatureZeroIsTheSameWhateverTheRandomSeed(@TempDir Path dir) throws Exception {
        run("generate", "-q", "-t", "0", "--random-seed", "1", "-o", dir.resolve("a.mid").toString());
        run("generate", "-q", "-t", "0", "--random-seed", "2", "-o", dir.resolve("b.mid").toString());
        assertThat(Files.readAllBytes(dir.resolve("b.mid"))).isEqualTo(Files.readAllBytes(dir.resolve("a.mid")));
    }

    @Test
    void aChangedNoteMapIsWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mapped.mid");
        String map = "35,40,44,46,41,47,50,57,59";
        assertThat(run("generate", "-q", "--random-seed", "3", "--note-map", map, "-o", file.toString()).code()).isZero();
        assertThat(PatternMidi.read(file, NoteMap.parse(map)).slice(0, 10).events())
                .containsExactly(DrumPattern.DEFAULT_SEED.events());
    }

    @Test
    void badInputIsOneLineExitTwoAndNoFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("never.mid");
        Path notMidi = dir.resolve("text.mid");
        Files.writeString(notMidi, "not midi");
        String[][] cases = {
            {"-t", "2.5"},
            {"-t", "-0.1"},
            {"--seed", "[0,2] [10]"},
            {"--seed", "[0,2"},
            {"--seed", notMidi.toString()},
            {"--seed", dir.resolve("missing.mid").toString()},
            {"--model", dir.toString()},
            {"--steps", "0"},
            {"--bars", "2", "--steps", "3"},
            {"--tempo", "1000"},
            {"--note-map", "36,38"},
            {"--variations", "0"},
            {"--temperature", "warm"},
        };
        for (String[] bad : cases) {
            List<String> args = new ArrayList<>(List.of("generate", "-o", file.toString()));
            args.addAll(List.of(bad));
            Run run = run(args.toArray(String[]::new));
            assertThat(run.code()).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(run.err()).as(String.join(" ", bad)).startsWith("downbeat: ").doesNotContain("\tat ")
                    .doesNotContain("Exception");
            assertThat(run.err().lines().count()).as(run.err()).isLessThanOrEqualTo(2);
            assertThat(file).doesNotExist();
        }
    }

    @Test
    void anUnwritableOutputIsReportedAndLeavesNothing(@TempDir Path dir) {
        Path file = dir.resolve("missing-folder").resolve("beat.mid");
        Run run = run("generate", "-q", "--random-seed", "1", "-o", file.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("beat.mid").contains("does not exist");
        assertThat(file.getParent()).doesNotExist();
    }

    @Test
    void helpSpeaksToMusicians() {
        Run run = run("generate", "--help");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("--temperature").contains("kick").contains("16th").contains("--random-seed")
                .contains("--variations").contains("--note-map").contains("--bars");
        assertThat(run("--help").out()).contains("generate").contains("evaluate");
    }

    @Test
    void evaluatePrintsModelAndBaselinesOnAFolder(@TempDir Path dir) throws Exception {
        Path train = Files.createDirectories(dir.resolve("train"));
        Path valid = Files.createDirectories(dir.resolve("valid"));
        DrumPattern groove = DrumPattern.parse("[0,2] [2] [1,2] [2] [0,2] [0,2] [1,2] [2]");
        DrumPattern long4 = groove.append(groove.events()).append(groove.events()).append(groove.events());
        PatternMidi.write(long4, NoteMap.DEFAULT, 120, train.resolve("a.mid"));
        PatternMidi.write(long4, NoteMap.DEFAULT, 120, valid.resolve("b.mid"));
        Run run = run("evaluate", "--data", valid.toString(), "--train", train.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("uniform over 512 events").contains("6.2383").contains("position + same step last bar")
                .contains("DrumRNN");
        Run noTrain = run("evaluate", "--data", valid.toString());
        assertThat(noTrain.code()).isEqualTo(2);
        assertThat(noTrain.err()).contains("--train");
    }

    @Test
    void wavRendersTheBeatThroughTheKitAsTwentyFourBitStereo(@TempDir Path dir) throws Exception {
        Path mid = dir.resolve("beat.mid");
        Path wav = dir.resolve("beat.wav");
        Run run = run("generate", "-q", "--random-seed", "1", "--tempo", "120", "-o", mid.toString(), "--wav", wav.toString());
        assertThat(run.code()).as(run.err()).isZero();
        javax.sound.sampled.AudioFileFormat format = javax.sound.sampled.AudioSystem.getAudioFileFormat(wav.toFile());
        assertThat(format.getType()).isEqualTo(javax.sound.sampled.AudioFileFormat.Type.WAVE);
        assertThat(format.getFormat().getChannels()).isEqualTo(2);
        assertThat(format.getFormat().getSampleSizeInBits()).isEqualTo(24);
        assertThat(format.getFormat().getSampleRate()).isEqualTo(44100f);
        double seconds = format.getFrameLength() / 44100.0;
        assertThat(seconds).isGreaterThan(42 * 0.125);   // 42 sixteenths at 120 BPM, plus the ring-out
        assertThat(seconds).isLessThan(42 * 0.125 + 10);
        // The seed opens with kick + closed hat on the first frame: loud within the first 10 ms.
        byte[] bytes = java.nio.file.Files.readAllBytes(wav);
        int dataStart = bytes.length - format.getFrameLength() * 6;
        int peak = 0;
        for (int f = 0; f < 441; f++) {
            int at = dataStart + f * 6;
            int sample = (bytes[at] & 0xff) | ((bytes[at + 1] & 0xff) << 8) | (bytes[at + 2] << 16);
            peak = Math.max(peak, Math.abs(sample));
        }
        assertThat(peak).as("peak of the first 10 ms").isGreaterThan(1 << 19);   // above -24 dBFS
        Path again = dir.resolve("again.wav");
        run("generate", "-q", "--random-seed", "1", "-o", dir.resolve("again.mid").toString(), "--wav", again.toString());
        assertThat(java.nio.file.Files.readAllBytes(again)).isEqualTo(bytes);
    }

    @Test
    void hitsLandOnTheExactFrameOfTheirSixteenth() {
        DrumPattern pattern = DrumPattern.parse("[0] [] [1,2] []");
        List<dev.downbeat.dsp.DrumHit> hits = WavRendering.hits(pattern, 90, 48000);
        // 90 BPM: a 16th lasts 60 / 90 / 4 s = 8000 frames at 48 kHz.
        assertThat(hits).extracting(dev.downbeat.dsp.DrumHit::frame).containsExactly(0L, 16000L, 16000L);
        assertThat(hits).extracting(dev.downbeat.dsp.DrumHit::piece).containsExactly(0, 1, 2);
    }

    @Test
    void aWavIntoAMissingFolderFailsBeforeAnythingIsWritten(@TempDir Path dir) {
        Path mid = dir.resolve("beat.mid");
        Run run = run("generate", "-q", "-o", mid.toString(), "--wav", dir.resolve("nope/beat.wav").toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("beat.wav").contains("does not exist");
        assertThat(mid).doesNotExist();
    }
}
