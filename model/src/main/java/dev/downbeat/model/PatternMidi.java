package dev.downbeat.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * Drum patterns as standard MIDI files (javax.sound.midi), the way a DAW expects drums: channel
 * 10, 480 ticks per quarter, a tempo and a 4/4 meta event at the start, every hit a note one
 * 16th long. Reading quantizes note starts to the nearest 16th by ticks (the tempo does not
 * matter) and maps pitches through a {@link NoteMap}. Stateless; any thread except the audio
 * thread (file I/O).
 */
public final class PatternMidi {
    /** Ticks per quarter note of written files. */
    public static final int TICKS_PER_QUARTER = 480;
    /** Velocity of written notes. */
    public static final int DEFAULT_VELOCITY = 100;
    /** MIDI channel 10, the General MIDI drum channel, is index 9 on the wire. */
    static final int DRUM_CHANNEL = 9;
    private static final int TICKS_PER_STEP = TICKS_PER_QUARTER / DrumEncoding.STEPS_PER_QUARTER;
    private static final int META_TEMPO = 0x51;
    private static final int META_TIME_SIGNATURE = 0x58;
    private static final int META_END_OF_TRACK = 0x2F;

    private PatternMidi() {
    }

    /**
     * The pattern as an in-memory MIDI sequence (type 0, one track).
     *
     * @param tempo quarter notes per minute, 20..400
     * @throws IllegalArgumentException for a tempo out of range
     */
    public static Sequence toSequence(DrumPattern pattern, NoteMap notes, double tempo) {
        if (!(tempo >= 20 && tempo <= 400)) {
            throw new IllegalArgumentException("tempo " + tempo + " is outside 20..400 quarter notes per minute");
        }
        try {
            Sequence sequence = new Sequence(Sequence.PPQ, TICKS_PER_QUARTER);
            Track track = sequence.createTrack();
            int microsPerQuarter = (int) Math.round(60_000_000.0 / tempo);
            track.add(new MidiEvent(new MetaMessage(META_TEMPO, new byte[] {
                (byte) (microsPerQuarter >> 16), (byte) (microsPerQuarter >> 8), (byte) microsPerQuarter}, 3), 0));
            // 4/4, metronome every quarter (24 clocks), 8 thirty-seconds per quarter.
            track.add(new MidiEvent(new MetaMessage(META_TIME_SIGNATURE, new byte[] {4, 2, 24, 8}, 4), 0));
            for (int step = 0; step < pattern.length(); step++) {
                for (int drumClass : DrumEncoding.classesOf(pattern.event(step))) {
                    int pitch = notes.outputPitch(drumClass);
                    long start = (long) step * TICKS_PER_STEP;
                    track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, DRUM_CHANNEL, pitch, DEFAULT_VELOCITY), start));
                    track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, DRUM_CHANNEL, pitch, 0),
                            start + TICKS_PER_STEP));
                }
            }
            // The end of track marks the pattern's length, so trailing empty steps survive a round
            // trip (javax.sound.midi moves its own end-of-track event to the latest tick given).
            track.add(new MidiEvent(new MetaMessage(META_END_OF_TRACK, new byte[0], 0), (long) pattern.length() * TICKS_PER_STEP));
            return sequence;
        } catch (InvalidMidiDataException impossible) {
            throw new IllegalStateException("building a drum track failed: " + impossible.getMessage(), impossible);
        }
    }

    /**
     * Writes the pattern to {@code file} as a type-0 standard MIDI file, through a temporary
     * file beside it ({@link AtomicFile}), so a failure never leaves a half-written file.
     *
     * @throws IOException naming the file when it cannot be written
     */
    public static void write(DrumPattern pattern, NoteMap notes, double tempo, Path file) throws IOException {
        Sequence sequence = toSequence(pattern, notes, tempo);
        AtomicFile.write(file, temporary -> MidiSystem.write(sequence, 0, temporary.toFile()));
    }

    /**
     * Reads a MIDI file as a drum pattern (all seed): every note-on of every track and channel
     * whose pitch the note map knows, its start rounded to the nearest 16th. The pattern is as
     * long as the file's last note or end of track, whichever is later.
     *
     * @throws IOException naming the file if it is missing, not a standard MIDI file, not
     *                     timed in ticks per quarter, or holds no drum notes
     */
    public static DrumPattern read(Path file, NoteMap notes) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a folder, not a MIDI file");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("MIDI file " + file + " does not exist");
        }
        byte[] bytes = Files.readAllBytes(file);
        checkChunks(bytes, file);
        Sequence sequence;
        try {
            sequence = MidiSystem.getSequence(new java.io.ByteArrayInputStream(bytes));
        } catch (InvalidMidiDataException notMidi) {
            throw new IOException(file + " is not a standard MIDI file (" + notMidi.getMessage() + ")", notMidi);
        } catch (IOException unreadable) {
            throw new IOException(file + " cannot be read as MIDI (" + unreadable.getMessage() + ")", unreadable);
        }
        if (sequence.getDivisionType() != Sequence.PPQ || sequence.getResolution() <= 0) {
            throw new IOException(file + " is timed in SMPTE frames, not beats; Downbeat needs a tempo-based MIDI file");
        }
        long ticksPerQuarter = sequence.getResolution();
        int lastStep = -1;
        long endTick = 0;
        java.util.Map<Integer, Integer> events = new java.util.TreeMap<>();
        for (Track track : sequence.getTracks()) {
            endTick = Math.max(endTick, track.ticks());
            for (int i = 0; i < track.size(); i++) {
                MidiEvent event = track.get(i);
                MidiMessage message = event.getMessage();
                if (!(message instanceof ShortMessage)) {
                    continue;
                }
                ShortMessage note = (ShortMessage) message;
                if (note.getCommand() != ShortMessage.NOTE_ON || note.getData2() == 0) {
                    continue;   // a velocity-0 note-on is a note-off
                }
                int drumClass = notes.classOfPitch(note.getData1());
                if (drumClass < 0) {
                    continue;
                }
                int step = stepOf(event.getTick(), ticksPerQuarter);
                events.merge(step, 1 << drumClass, (a, b) -> a | b);
                lastStep = Math.max(lastStep, step);
            }
        }
        if (lastStep < 0) {
            throw new IOException(file + " has no drum notes (no note-on on any pitch of the drum map " + notes + ")");
        }
        int length = Math.max(lastStep + 1, stepOf(endTick, ticksPerQuarter));
        int[] steps = new int[length];
        events.forEach((step, bits) -> steps[step] = bits);
        return DrumPattern.of(steps);
    }

    /**
     * Walks the chunk headers: javax.sound.midi reads a file cut short without complaint and
     * would hand back whatever notes came before the cut.
     */
    private static void checkChunks(byte[] bytes, Path file) throws IOException {
        if (bytes.length < 14 || bytes[0] != 'M' || bytes[1] != 'T' || bytes[2] != 'h' || bytes[3] != 'd') {
            throw new IOException(file + " is not a standard MIDI file (no MThd header)");
        }
        long at = 0;
        int chunk = 0;
        while (at < bytes.length) {
            if (at + 8 > bytes.length) {
                throw new IOException(file + " is truncated (cut inside the header of chunk " + (chunk + 1) + ")");
            }
            long length = ((bytes[(int) at + 4] & 0xffL) << 24) | ((bytes[(int) at + 5] & 0xff) << 16)
                    | ((bytes[(int) at + 6] & 0xff) << 8) | (bytes[(int) at + 7] & 0xff);
            if (at + 8 + length > bytes.length) {
                throw new IOException(file + " is truncated (chunk " + (chunk + 1) + " needs " + length + " bytes, "
                        + (bytes.length - at - 8) + " are left)");
            }
            at += 8 + length;
            chunk++;
        }
    }

    /** The 16th nearest to a tick, as the training data was quantized. */
    static int stepOf(long tick, long ticksPerQuarter) {
        return (int) ((tick * DrumEncoding.STEPS_PER_QUARTER + ticksPerQuarter / 2) / ticksPerQuarter);
    }
}
