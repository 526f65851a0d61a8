package dev.downbeat.model.groove;

import dev.downbeat.model.DrumEncoding;
import dev.downbeat.model.NoteMap;
import java.io.IOException;
import java.nio.file.Path;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * A recorded performance read the way {@code model/training/groove.py} reads it: every note-on
 * of a known pitch goes to its nearest 16th step; per step and drum the loudest hit gives the
 * velocity (0..1) and its distance from the step (in steps). Immutable after reading.
 *
 * @param events   per step the bitmask of drums hit
 * @param velocity [step][drum] velocity of the loudest hit, 0 where none
 * @param offset   [step][drum] its offset in steps, −0.5..0.5, 0 where none
 * @param tempo    quarter notes per minute (from the dataset's info.csv)
 */
public record GroovePerformance(int[] events, float[][] velocity, float[][] offset, double tempo) {

    /**
     * Reads one MIDI file.
     *
     * @throws IOException naming the file if it is not a readable tick-timed MIDI file
     */
    public static GroovePerformance read(Path file, NoteMap pitches, double tempo) throws IOException {
        Sequence sequence;
        try {
            sequence = MidiSystem.getSequence(file.toFile());
        } catch (InvalidMidiDataException notMidi) {
            throw new IOException(file + " is not a standard MIDI file (" + notMidi.getMessage() + ")", notMidi);
        }
        if (sequence.getDivisionType() != Sequence.PPQ || sequence.getResolution() <= 0) {
            throw new IOException(file + " is timed in SMPTE frames, not beats");
        }
        long ticksPerQuarter = sequence.getResolution();
        int steps = 0;
        for (Track track : sequence.getTracks()) {
            for (int i = 0; i < track.size(); i++) {
                if (noteOn(track.get(i), pitches) >= 0) {
                    steps = Math.max(steps, stepOf(track.get(i).getTick(), ticksPerQuarter) + 1);
                }
            }
        }
        int[] events = new int[steps];
        float[][] velocity = new float[steps][GrooveSpec.CLASSES];
        float[][] offset = new float[steps][GrooveSpec.CLASSES];
        int[][] loudest = new int[steps][GrooveSpec.CLASSES];
        for (Track track : sequence.getTracks()) {
            for (int i = 0; i < track.size(); i++) {
                MidiEvent event = track.get(i);
                int drum = noteOn(event, pitches);
                if (drum < 0) {
                    continue;
                }
                int step = stepOf(event.getTick(), ticksPerQuarter);
                int midiVelocity = ((ShortMessage) event.getMessage()).getData2();
                // As training: the loudest hit of a drum on a step wins; the first of equals.
                if (midiVelocity > loudest[step][drum]) {
                    loudest[step][drum] = midiVelocity;
                    events[step] |= 1 << drum;
                    velocity[step][drum] = midiVelocity / 127f;
                    offset[step][drum] = (float) (event.getTick() * (double) DrumEncoding.STEPS_PER_QUARTER / ticksPerQuarter - step);
                }
            }
        }
        return new GroovePerformance(events, velocity, offset, tempo);
    }

    private static int noteOn(MidiEvent event, NoteMap pitches) {
        if (event.getMessage() instanceof ShortMessage note && note.getCommand() == ShortMessage.NOTE_ON && note.getData2() > 0) {
            return pitches.classOfPitch(note.getData1());
        }
        return -1;
    }

    private static int stepOf(long tick, long ticksPerQuarter) {
        return (int) ((tick * DrumEncoding.STEPS_PER_QUARTER + ticksPerQuarter / 2) / ticksPerQuarter);
    }

    /** Number of steps. */
    public int length() {
        return events.length;
    }
}
