package dev.downbeat.plugin.editor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported MIDI file parses back to exactly the bars' hits, on the drum channel, in time. */
class BarsMidiTest {
    static final int[] NOTES = {36, 38, 42, 46, 41, 43, 45, 49, 51};

    /** "tick:note" for every note-on in the file, in order. */
    static List<String> noteOns(Sequence sequence) {
        List<String> out = new ArrayList<>();
        for (Track t : sequence.getTracks())
            for (int i = 0; i < t.size(); i++) {
                MidiEvent e = t.get(i);
                if (e.getMessage() instanceof ShortMessage m && m.getCommand() == ShortMessage.NOTE_ON && m.getData2() > 0) {
                    assertThat(m.getChannel()).isEqualTo(9);
                    out.add(e.getTick() + ":" + m.getData1());
                }
            }
        return out;
    }

    @Test
    void barsComeBackNoteForNoteAtTheirSixteenthsEndToEnd() throws Exception {
        int[] a = new int[16], b = new int[16];
        a[0] = 1 | 4;      // kick + closed hat on 1
        a[4] = 2;          // snare on 2
        b[15] = 1 << 8;    // rim on the last 16th of the second bar
        List<BarView> bars = List.of(new BarView(7, a, 1f, BarState.PLAYED), new BarView(8, b, 0.2f, BarState.UPCOMING));
        Sequence seq = MidiSystem.getSequence(new ByteArrayInputStream(BarsMidi.write(bars, 96, 4, NOTES)));
        assertThat(seq.getResolution()).isEqualTo(480);
        assertThat(noteOns(seq)).containsExactly("0:36", "0:42", "480:38", (16 + 15) * 120 + ":51");
        assertThat(seq.getTickLength()).isEqualTo(32 * 120); // two whole bars
        int tempo = -1;
        for (int i = 0; i < seq.getTracks()[0].size(); i++)
            if (seq.getTracks()[0].get(i).getMessage() instanceof MetaMessage m && m.getType() == 0x51) {
                byte[] d = m.getData();
                tempo = ((d[0] & 0xff) << 16) | ((d[1] & 0xff) << 8) | (d[2] & 0xff);
            }
        assertThat(tempo).isEqualTo(625_000); // 96 bpm
    }

    @Test
    void aMissingBarStaysARestSoLaterBarsKeepTheirTime() throws Exception {
        int[] a = new int[16];
        a[0] = 1;
        List<BarView> bars = List.of(new BarView(3, a, 1f, BarState.PLAYED), new BarView(5, a, 1f, BarState.PLAYED));
        Sequence seq = MidiSystem.getSequence(new ByteArrayInputStream(BarsMidi.write(bars, 120, 4, NOTES)));
        assertThat(noteOns(seq)).containsExactly("0:36", 2 * 16 * 120 + ":36");
        assertThatThrownBy(() -> BarsMidi.write(List.of(bars.get(1), bars.get(0)), 120, 4, NOTES)).hasMessageContaining("out of order");
    }

    @Test
    void theOutputNoteMapDecidesTheNotes() throws Exception {
        int[] a = new int[16];
        a[2] = 1;
        int[] notes = NOTES.clone();
        notes[0] = 35;
        Sequence seq = MidiSystem.getSequence(new ByteArrayInputStream(
                BarsMidi.write(List.of(new BarView(0, a, 1f, BarState.PLAYING)), 120, 4, notes)));
        assertThat(noteOns(seq)).containsExactly("240:35");
    }

    @Test
    void nothingToExportIsAClearError() {
        assertThatThrownBy(() -> BarsMidi.write(List.of(), 120, 4, NOTES)).hasMessageContaining("no bars");
    }

    @Test
    void writingAFileLeavesAWholeFileNamedAfterTheBars(@TempDir Path dir) throws Exception {
        List<BarView> bars = List.of(new BarView(2, new int[16], 1f, BarState.PLAYED), new BarView(3, new int[16], 1f, BarState.PLAYED));
        Path file = dir.resolve(BarsMidi.fileName(bars));
        BarsMidi.writeFile(file, bars, 120, 4, NOTES);
        assertThat(file.getFileName().toString()).isEqualTo("downbeat-bars-3-4.mid");
        assertThat(MidiSystem.getMidiFileFormat(file.toFile()).getType()).isEqualTo(1);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }
}
