package dev.downbeat.plugin.editor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * Bars of drums as a standard MIDI file (type 1, 480 ticks per quarter): tempo and 4/4 meta events,
 * then every hit as a 16th-long note on channel 10 at velocity 100; the first bar starts at tick 0
 * and every other bar at its distance (in bars) from the first, so a take with a bar missing keeps
 * its time and a dropped file lines up with the DAW's bars. Bars must come in ascending order.
 * Stateless; any non-real-time thread.
 */
public final class BarsMidi {
    public static final int TICKS_PER_QUARTER = 480;
    public static final int DRUM_CHANNEL = 9;
    public static final int VELOCITY = 100;

    private BarsMidi() {
    }

    /** The file's bytes for {@code bars} at {@code tempoBpm}, {@code stepsPerBeat} steps per quarter, notes from {@code notes} (voice order). */
    public static byte[] write(List<BarView> bars, double tempoBpm, int stepsPerBeat, int[] notes) {
        if (bars.isEmpty()) throw new IllegalArgumentException("no bars to export");
        if (notes.length != Voice.ALL.length) throw new IllegalArgumentException("need 9 output notes, got " + notes.length);
        try {
            Sequence sequence = new Sequence(Sequence.PPQ, TICKS_PER_QUARTER);
            Track track = sequence.createTrack();
            int microsPerQuarter = (int) Math.round(60_000_000.0 / tempoBpm);
            track.add(new MidiEvent(new MetaMessage(0x51, new byte[]{
                (byte) (microsPerQuarter >> 16), (byte) (microsPerQuarter >> 8), (byte) microsPerQuarter}, 3), 0));
            track.add(new MidiEvent(new MetaMessage(0x58, new byte[]{4, 2, 24, 8}, 4), 0));
            byte[] name = "Downbeat".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            track.add(new MidiEvent(new MetaMessage(0x03, name, name.length), 0));
            int ticksPerStep = TICKS_PER_QUARTER / stepsPerBeat;
            long first = bars.get(0).number(), previous = first - 1, tick = 0;
            long ticksPerBar = (long) bars.get(0).length() * ticksPerStep;
            for (BarView bar : bars) {
                if (bar.number() <= previous) throw new IllegalArgumentException("bars out of order: " + bar.number() + " after " + previous);
                previous = bar.number();
                tick = (bar.number() - first) * ticksPerBar;
                for (int step = 0; step < bar.length(); step++, tick += ticksPerStep) {
                    for (int voice = 0; voice < notes.length; voice++) {
                        if (!bar.hit(step, voice)) continue;
                        track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, DRUM_CHANNEL, notes[voice], VELOCITY), tick));
                        track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, DRUM_CHANNEL, notes[voice], 0), tick + ticksPerStep));
                    }
                }
            }
            // End of track after the last bar's full length, so a DAW makes a region of whole bars.
            track.add(new MidiEvent(new MetaMessage(0x2F, new byte[0], 0), tick));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MidiSystem.write(sequence, 1, out);
            return out.toByteArray();
        } catch (InvalidMidiDataException | IOException e) {
            throw new IllegalStateException("could not build the MIDI file: " + e.getMessage(), e);
        }
    }

    /** Writes the file to {@code path} atomically (a half-written file is never left behind). */
    public static void writeFile(Path path, List<BarView> bars, double tempoBpm, int stepsPerBeat, int[] notes) throws IOException {
        byte[] bytes = write(bars, tempoBpm, stepsPerBeat, notes);
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".downbeat-", ".mid.part");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            out.write(bytes);
        }
        Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** A file name for bars, e.g. {@code downbeat-bars-3-6.mid}. */
    public static String fileName(List<BarView> bars) {
        long first = bars.get(0).number() + 1, last = bars.get(bars.size() - 1).number() + 1;
        return first == last ? "downbeat-bar-" + first + ".mid" : "downbeat-bars-" + first + "-" + last + ".mid";
    }
}
