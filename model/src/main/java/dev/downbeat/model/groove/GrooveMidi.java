package dev.downbeat.model.groove;

import dev.downbeat.model.AtomicFile;
import dev.downbeat.model.NoteMap;
import dev.downbeat.model.PatternMidi;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * A played groove as a standard MIDI file: the layout of {@link PatternMidi} (channel 10, 480
 * ticks per quarter, tempo and 4/4 at the start), but every note at its own velocity and moved
 * off the grid by its offset, rounded to the nearest tick (1/120 of a step). A hit pulled before
 * the file's first tick starts at tick 0. A note lasts one step, or up to the next hit of the same
 * pitch when that comes sooner, so no note-off ever cuts a later note. Stateless; not the audio thread.
 */
public final class GrooveMidi {
    private static final int TICKS_PER_STEP = PatternMidi.TICKS_PER_QUARTER / 4;
    private static final int DRUM_CHANNEL = 9;

    private GrooveMidi() {
    }

    /** One note, in ticks. */
    private record Note(int pitch, int velocity, long start) {
    }

    /**
     * The groove as an in-memory type-0 sequence.
     *
     * @param tempo quarter notes per minute, 20..400
     */
    public static Sequence toSequence(Groove played, NoteMap notes, double tempo) {
        Sequence sequence = PatternMidi.toSequence(dev.downbeat.model.DrumPattern.of(new int[played.steps()]), notes, tempo);
        Track track = sequence.getTracks()[0];
        List<Note> list = new ArrayList<>();
        for (GroovedHit hit : played.hits()) {
            long start = Math.max(0, (long) hit.step() * TICKS_PER_STEP + Math.round(hit.offset() * TICKS_PER_STEP));
            list.add(new Note(notes.outputPitch(hit.drumClass()), hit.midiVelocity(), start));
        }
        list.sort(Comparator.comparingLong(Note::start));
        try {
            for (int i = 0; i < list.size(); i++) {
                Note note = list.get(i);
                long end = note.start() + TICKS_PER_STEP;
                for (int j = i + 1; j < list.size() && list.get(j).start() < end; j++) {
                    if (list.get(j).pitch() == note.pitch()) {
                        end = Math.max(note.start() + 1, list.get(j).start());
                        break;
                    }
                }
                track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, DRUM_CHANNEL, note.pitch(), note.velocity()),
                        note.start()));
                track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, DRUM_CHANNEL, note.pitch(), 0), end));
            }
        } catch (InvalidMidiDataException impossible) {
            throw new IllegalStateException("building a drum track failed: " + impossible.getMessage(), impossible);
        }
        return sequence;
    }

    /**
     * Writes the groove to {@code file} through a temporary file beside it.
     *
     * @throws IOException naming the file when it cannot be written
     */
    public static void write(Groove played, NoteMap notes, double tempo, Path file) throws IOException {
        Sequence sequence = toSequence(played, notes, tempo);
        AtomicFile.write(file, temporary -> MidiSystem.write(sequence, 0, temporary.toFile()));
    }
}
