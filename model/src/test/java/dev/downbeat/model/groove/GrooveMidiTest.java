package dev.downbeat.model.groove;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downbeat.model.DrumPattern;
import dev.downbeat.model.NoteMap;
import dev.downbeat.model.PatternMidi;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrooveMidiTest {
    @TempDir
    Path folder;

    @Test
    void notesCarryTheirVelocityAndOffsetAndReadBackAsTheSamePattern() throws Exception {
        Groove played = new Groove(16, List.of(
                new GroovedHit(0, 0, 1f, -0.25f),      // early on the downbeat: clamped to tick 0
                new GroovedHit(4, 1, 0.5f, 0.1f),      // 12 ticks late
                new GroovedHit(5, 1, 0.3f, -0.4f),     // 48 ticks early, 60 ticks after the one before
                new GroovedHit(8, 2, 0.2f, 0f)));
        Path file = folder.resolve("played.mid");
        GrooveMidi.write(played, NoteMap.DEFAULT, 120, file);
        Sequence sequence = MidiSystem.getSequence(file.toFile());
        List<long[]> ons = new ArrayList<>(), offs = new ArrayList<>();
        for (Track track : sequence.getTracks()) {
            for (int i = 0; i < track.size(); i++) {
                MidiEvent e = track.get(i);
                if (e.getMessage() instanceof ShortMessage m) {
                    boolean on = m.getCommand() == ShortMessage.NOTE_ON && m.getData2() > 0;
                    (on ? ons : offs).add(new long[] {e.getTick(), m.getData1(), m.getData2()});
                }
            }
        }
        assertThat(ons).extracting(n -> n[0]).containsExactly(0L, 492L, 552L, 960L);
        assertThat(ons).extracting(n -> n[2]).containsExactly(127L, 64L, 38L, 25L);
        // The first snare ends where the second starts, not a step later.
        assertThat(offs).filteredOn(n -> n[1] == 38).extracting(n -> n[0]).contains(552L);
        DrumPattern back = PatternMidi.read(file, NoteMap.DEFAULT);
        assertThat(back.events()).startsWith(1, 0, 0, 0, 2, 2, 0, 0, 4);
        assertThat(back.length()).isEqualTo(16);
    }
}
