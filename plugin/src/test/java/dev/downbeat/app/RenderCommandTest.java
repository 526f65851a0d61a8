package dev.downbeat.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downbeat.dsp.Sample;
import dev.downbeat.dsp.StereoBuffer;
import dev.downbeat.dsp.WavFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {
    @TempDir
    Path dir;

    private int run(StringWriter out, StringWriter err, String... args) {
        return DownbeatCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /** A kit whose every drum is a one-sample click, so the render shows exactly where each hit starts. */
    private Path clickKit() throws Exception {
        Path kit = Files.createDirectories(dir.resolve("clicks"));
        float[] click = new float[32];
        click[0] = 0.5f;
        WavFile.write(kit.resolve("click.wav"), new StereoBuffer(click, click, 44100), WavFile.Encoding.FLOAT_32);
        StringBuilder mapping = new StringBuilder();
        for (String piece : new String[] {"kick", "snare", "closed hat", "open hat", "low tom", "mid tom", "high tom", "clap", "rim"}) {
            mapping.append(piece).append(" = click.wav\n");
        }
        Files.writeString(kit.resolve("kit.txt"), mapping);
        return kit;
    }

    private static MidiEvent tempo(long tick, int microsPerQuarter) throws Exception {
        byte[] data = {(byte) (microsPerQuarter >> 16), (byte) (microsPerQuarter >> 8), (byte) microsPerQuarter};
        return new MidiEvent(new MetaMessage(0x51, data, 3), tick);
    }

    private static MidiEvent note(long tick, int pitch) throws Exception {
        return new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 9, pitch, 100), tick);
    }

    @Test
    void renderedBeatHasItsOnsetsWhereTheMidiSaysThroughATempoChange() throws Exception {
        Sequence sequence = new Sequence(Sequence.PPQ, 480);
        Track track = sequence.createTrack();
        track.add(tempo(0, 500_000)); // 120 BPM: a 16th (120 ticks) is 0.125 s
        track.add(tempo(1920, 750_000)); // 80 BPM from bar 2: a 16th is 0.1875 s
        int[] pitches = {36, 42, 38, 46, 41, 43, 45, 49, 51, 100};
        TreeSet<Long> expected = new TreeSet<>();
        for (int step = 0; step < 32; step++) {
            int pitch = pitches[step % pitches.length];
            track.add(note(step * 120L, pitch));
            double seconds = step < 16 ? step * 0.125 : 2.0 + (step - 16) * 0.1875;
            if (pitch != 100) { // 100 is no drum: skipped
                expected.add(Math.round(seconds * 44100));
            }
        }
        Path midi = dir.resolve("beat.mid");
        MidiSystem.write(sequence, 0, midi.toFile());
        Path wav = dir.resolve("beat.wav");

        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = run(out, err, "render", "--midi", midi.toString(), "--wav", wav.toString(), "--kit", clickKit().toString(),
                "--sample-rate", "44100", "--reverb-mix", "0");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("29 hits (3 non-drum notes skipped)");

        Sample audio = WavFile.read(wav);
        float[] left = audio.channel(0);
        TreeSet<Long> onsets = new TreeSet<>();
        for (int i = 0; i < left.length; i++) {
            if (left[i] != 0) {
                onsets.add((long) i);
            }
        }
        assertThat(onsets).isEqualTo(expected);
    }

    @Test
    void badInputsExitWithOneLineNamingTheFile() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.mid"), "not midi");
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertThat(run(out, err, "render", "--midi", text.toString(), "--wav", dir.resolve("x.wav").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("notes.mid: not a MIDI file");

        Sequence sequence = new Sequence(Sequence.PPQ, 480);
        sequence.createTrack().add(note(0, 36));
        Path midi = dir.resolve("one.mid");
        MidiSystem.write(sequence, 0, midi.toFile());
        err = new StringWriter();
        assertThat(run(out, err, "render", "--midi", midi.toString(), "--wav", dir.resolve("x.wav").toString(),
                "--kit", dir.resolve("no-such-kit").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no-such-kit: kit folder not found");
        assertThat(dir.resolve("x.wav")).doesNotExist();
    }

    @Test
    void benchReverbPrintsCpuSecondsPerSecond() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertThat(run(out, err, "bench", "reverb", "--block", "256", "--seconds", "1")).as(err.toString()).isZero();
        assertThat(out.toString()).containsPattern("block 256: 0\\.\\d+ CPU seconds per second of stereo audio");
    }
}
