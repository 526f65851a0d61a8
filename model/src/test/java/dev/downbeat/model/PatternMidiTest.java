package dev.downbeat.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
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

class PatternMidiTest {
    private static final DrumPattern PATTERN = DrumPattern.parse("[0,2] [] [1,2] [4] [5] [6] [7,8] [3] [] []");

    @Test
    void writtenFileReadsBackAsTheSamePatternIncludingTomsAndTrailingRests(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("beat.mid");
        PatternMidi.write(PATTERN, NoteMap.DEFAULT, 120, file);
        assertThat(PatternMidi.read(file, NoteMap.DEFAULT)).isEqualTo(PATTERN);
    }

    @Test
    void fileIsOnChannelTenAt480PpqWithTempoAndFourFourAndSixteenthNotes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("beat.mid");
        PatternMidi.write(DrumPattern.parse("[0] [1]"), NoteMap.DEFAULT, 90, file);
        Sequence sequence = MidiSystem.getSequence(file.toFile());
        assertThat(MidiSystem.getMidiFileFormat(file.toFile()).getType()).isZero();
        assertThat(sequence.getResolution()).isEqualTo(480);
        Track track = sequence.getTracks()[0];
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < track.size(); i++) {
            MidiEvent event = track.get(i);
            if (event.getMessage() instanceof MetaMessage) {
                MetaMessage meta = (MetaMessage) event.getMessage();
                byte[] d = meta.getData();
                if (meta.getType() == 0x51) {
                    seen.add("tempo " + (((d[0] & 0xff) << 16) | ((d[1] & 0xff) << 8) | (d[2] & 0xff)) + " @" + event.getTick());
                } else if (meta.getType() == 0x58) {
                    seen.add("meter " + d[0] + "/" + (1 << d[1]) + " @" + event.getTick());
                }
            } else if (event.getMessage() instanceof ShortMessage) {
                ShortMessage m = (ShortMessage) event.getMessage();
                seen.add((m.getCommand() == ShortMessage.NOTE_ON ? "on " : "off ") + "ch" + (m.getChannel() + 1) + " "
                        + m.getData1() + " v" + m.getData2() + " @" + event.getTick());
            }
        }
        assertThat(seen).containsExactly("tempo 666667 @0", "meter 4/4 @0",
                "on ch10 36 v100 @0", "off ch10 36 v0 @120", "on ch10 38 v100 @120", "off ch10 38 v0 @240");
    }

    @Test
    void outputPitchesWinOverTheSeedTableWhenReading() {
        // The seed's table reads 43 as high tom and 45 as low tom; Downbeat writes mid tom on 43.
        assertThat(NoteMap.DEFAULT.classOfPitch(43)).isEqualTo(5);
        assertThat(NoteMap.DEFAULT.classOfPitch(45)).isEqualTo(6);
        assertThat(NoteMap.DEFAULT.classOfPitch(22)).isEqualTo(2);
        assertThat(NoteMap.DEFAULT.classOfPitch(26)).isEqualTo(3);
        assertThat(NoteMap.DEFAULT.classOfPitch(35)).isEqualTo(0);
        assertThat(NoteMap.DEFAULT.classOfPitch(60)).isEqualTo(5);
        assertThat(NoteMap.DEFAULT.classOfPitch(100)).isEqualTo(-1);
    }

    @Test
    void aChangedNoteMapIsWrittenAndReadBack(@TempDir Path dir) throws IOException {
        NoteMap map = NoteMap.parse("35, 40, 44, 46, 41, 47, 50, 57, 59");
        Path file = dir.resolve("beat.mid");
        PatternMidi.write(PATTERN, map, 120, file);
        assertThat(PatternMidi.read(file, map)).isEqualTo(PATTERN);
        assertThat(map.toString()).isEqualTo("35,40,44,46,41,47,50,57,59");
    }

    @Test
    void notesAreQuantizedToTheNearestSixteenthByTicksAtAnyResolution(@TempDir Path dir) throws Exception {
        Sequence sequence = new Sequence(Sequence.PPQ, 96);   // 24 ticks per 16th
        Track track = sequence.createTrack();
        note(track, 36, 11);        // rounds down to step 0
        note(track, 38, 13);        // rounds up to step 1
        note(track, 42, 24 * 4 + 2); // step 4
        note(track, 22, 24 * 4 - 1); // TD-11 hat edge, also step 4
        Path file = dir.resolve("played.mid");
        MidiSystem.write(sequence, 0, file.toFile());
        DrumPattern read = PatternMidi.read(file, NoteMap.DEFAULT);
        assertThat(read.toString()).startsWith("[0] [1] [] [] [2]");
    }

    private static void note(Track track, int pitch, long tick) throws Exception {
        track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 9, pitch, 90), tick));
        track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 9, pitch, 0), tick + 5));
    }

    @Test
    void aFileWithoutDrumNotesIsRefused(@TempDir Path dir) throws Exception {
        Sequence sequence = new Sequence(Sequence.PPQ, 480);
        note(sequence.createTrack(), 100, 0);
        Path file = dir.resolve("piano.mid");
        MidiSystem.write(sequence, 0, file.toFile());
        assertThatThrownBy(() -> PatternMidi.read(file, NoteMap.DEFAULT)).isInstanceOf(IOException.class)
                .hasMessageContaining("piano.mid").hasMessageContaining("no drum notes");
    }

    @Test
    void aFileThatIsNotMidiIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("notes.mid");
        Files.writeString(file, "hello, not a MIDI file");
        assertThatThrownBy(() -> PatternMidi.read(file, NoteMap.DEFAULT)).isInstanceOf(IOException.class)
                .hasMessageContaining("notes.mid").hasMessageContaining("not a standard MIDI file");
    }

    @Test
    void aTruncatedFileIsRefusedNotReadInPart(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole.mid");
        PatternMidi.write(PATTERN, NoteMap.DEFAULT, 120, whole);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.mid");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 20));
        assertThatThrownBy(() -> PatternMidi.read(cut, NoteMap.DEFAULT)).isInstanceOf(IOException.class)
                .hasMessageContaining("cut.mid").hasMessageContaining("truncated");
    }

    @Test
    void aFolderIsNotAMidiFile(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("beats.mid"));
        assertThatThrownBy(() -> PatternMidi.read(folder, NoteMap.DEFAULT)).hasMessageContaining("is a folder");
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> PatternMidi.read(dir.resolve("gone.mid"), NoteMap.DEFAULT)).isInstanceOf(IOException.class)
                .hasMessageContaining("gone.mid").hasMessageContaining("does not exist");
    }

    @Test
    void anUnwritableFolderLeavesNoFileBehind(@TempDir Path dir) {
        Path file = dir.resolve("no-such-folder").resolve("beat.mid");
        assertThatThrownBy(() -> PatternMidi.write(PATTERN, NoteMap.DEFAULT, 120, file)).isInstanceOf(IOException.class)
                .hasMessageContaining("beat.mid").hasMessageContaining("does not exist");
        assertThat(file).doesNotExist();
    }

    @Test
    void aFailedWriteRemovesItsTemporaryFileAndKeepsTheOldFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("beat.mid");
        Files.writeString(file, "old");
        assertThatThrownBy(() -> AtomicFile.write(file, temporary -> {
            Files.writeString(temporary, "half");
            throw new IOException("disk full");
        })).hasMessageContaining("beat.mid").hasMessageContaining("disk full");
        assertThat(Files.readString(file)).isEqualTo("old");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void tempoOutOfRangeIsRefused() {
        assertThatThrownBy(() -> PatternMidi.toSequence(PATTERN, NoteMap.DEFAULT, 5)).hasMessageContaining("tempo 5.0");
    }
}
