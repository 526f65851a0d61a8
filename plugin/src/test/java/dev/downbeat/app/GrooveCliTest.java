package dev.downbeat.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downbeat.model.DrumPattern;
import dev.downbeat.model.NoteMap;
import dev.downbeat.model.PatternMidi;
import dev.downbeat.model.groove.Groove;
import dev.downbeat.model.groove.GroovedHit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrooveCliTest {
    /** Note-ons of a file as {tick, pitch, velocity}. */
    static List<int[]> noteOns(Path file) throws Exception {
        List<int[]> ons = new ArrayList<>();
        for (Track track : MidiSystem.getSequence(file.toFile()).getTracks()) {
            for (int i = 0; i < track.size(); i++) {
                MidiEvent e = track.get(i);
                if (e.getMessage() instanceof ShortMessage m && m.getCommand() == ShortMessage.NOTE_ON && m.getData2() > 0) {
                    ons.add(new int[] {(int) e.getTick(), m.getData1(), m.getData2()});
                }
            }
        }
        return ons;
    }

    @Test
    void humanizeZeroWritesExactlyTheQuantizedFile(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("plain.mid"), zero = dir.resolve("zero.mid");
        assertThat(DownbeatCliTest.run("generate", "-q", "--random-seed", "3", "-o", plain.toString()).code()).isZero();
        assertThat(DownbeatCliTest.run("generate", "-q", "--random-seed", "3", "--humanize", "0", "--dynamics", "150",
                "-o", zero.toString()).code()).isZero();
        assertThat(Files.readAllBytes(zero)).isEqualTo(Files.readAllBytes(plain));
        assertThat(noteOns(zero)).allSatisfy(n -> {
            assertThat(n[2]).isEqualTo(100);
            assertThat(n[0] % 120).isZero();
        });
    }

    @Test
    void humanizeHundredMovesHitsOffTheGridWithLearnedVelocitiesButKeepsThePattern(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("plain.mid"), played = dir.resolve("played.mid"), wav = dir.resolve("played.wav");
        DownbeatCliTest.run("generate", "-q", "--random-seed", "3", "--bars", "4", "-o", plain.toString());
        DownbeatCliTest.Run run = DownbeatCliTest.run("generate", "-q", "--random-seed", "3", "--bars", "4", "--humanize", "100",
                "-o", played.toString(), "--wav", wav.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("humanize 100 %");
        List<int[]> ons = noteOns(played);
        assertThat(ons).hasSameSizeAs(noteOns(plain));
        assertThat(ons.stream().mapToInt(n -> n[2]).distinct().count()).as("distinct velocities").isGreaterThan(10);
        assertThat(ons.stream().filter(n -> n[0] % 120 != 0).count()).as("hits off the grid").isGreaterThan(ons.size() / 2);
        // Offsets stay within half a step, so the file reads back as the same pattern.
        DrumPattern back = PatternMidi.read(played, NoteMap.DEFAULT), original = PatternMidi.read(plain, NoteMap.DEFAULT);
        assertThat(back.events()).containsExactly(original.events());
        assertThat(Files.size(wav)).isGreaterThan(100_000);
        // Same seed, same groove: byte-identical.
        Path again = dir.resolve("again.mid");
        DownbeatCliTest.run("generate", "-q", "--random-seed", "3", "--bars", "4", "--humanize", "100", "-o", again.toString());
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(played));
    }

    @Test
    void badGrooveSettingsAndAMissingGrooveModelAreOneLineErrors(@TempDir Path dir) {
        Path out = dir.resolve("x.mid");
        DownbeatCliTest.Run high = DownbeatCliTest.run("generate", "--humanize", "101", "-o", out.toString());
        assertThat(high.code()).isEqualTo(2);
        assertThat(high.err()).contains("--humanize 101.0 is outside 0..100");
        DownbeatCliTest.Run dynamics = DownbeatCliTest.run("generate", "--dynamics", "-5", "-o", out.toString());
        assertThat(dynamics.err()).contains("--dynamics -5.0 is outside 0..200");
        DownbeatCliTest.Run missing = DownbeatCliTest.run("generate", "--humanize", "50", "--groove-model", dir.toString(),
                "-o", out.toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("groove model file " + dir.resolve("groove.onnx") + " is missing");
        assertThat(out).doesNotExist();
    }

    @Test
    void wavHitsSitOnTheFrameOfTheirStepPlusOffset() {
        Groove played = new Groove(4, List.of(new GroovedHit(0, 0, 1f, -0.25f), new GroovedHit(2, 1, 0.5f, 0.25f)));
        // 90 BPM at 48 kHz: 8000 frames a step; an early downbeat starts at frame 0.
        assertThat(GrooveOptions.hits(played, 90, 48000)).extracting(dev.downbeat.dsp.DrumHit::frame).containsExactly(0L, 18000L);
    }
}
