package dev.downbeat.plugin.lv2;

import java.nio.ByteBuffer;

/**
 * Writes Downbeat's MIDI output as an {@code atom:Sequence} of {@code midi:MidiEvent}s into the bridge's
 * out buffer, never past the capacity the host gave the port; events that do not fit are dropped and
 * counted. Owned by the audio thread.
 */
final class AtomSequenceWriter {
    private static final int HEADER = 16, EVENT = 24;
    private final int sequence, midiEvent;
    private ByteBuffer out;
    private int capacity, at;
    private volatile long dropped; // written by the audio thread, read by host threads for the log

    AtomSequenceWriter(Urids urids) {
        sequence = urids.of(Lv2Uri.ATOM_SEQUENCE);
        midiEvent = urids.of(Lv2Uri.MIDI_EVENT);
    }

    /** Starts an empty sequence; {@code capacity} is the header plus the body bytes the host allows. */
    void begin(ByteBuffer out, int capacity) {
        this.out = out;
        this.capacity = Math.min(capacity, out.capacity());
        at = HEADER;
    }

    /** Appends one channel message at {@code frame}; events must come in frame order. */
    void midi(int frame, byte status, byte data1, byte data2) {
        if (at + EVENT > capacity) {
            dropped++;
            return;
        }
        int length = (status & 0xf0) == 0xc0 || (status & 0xf0) == 0xd0 ? 2 : 3;
        out.putLong(at, frame);
        out.putInt(at + 8, length);
        out.putInt(at + 12, midiEvent);
        out.put(at + 16, status);
        out.put(at + 17, data1);
        out.put(at + 18, length == 3 ? data2 : 0);
        out.put(at + 19, (byte) 0);
        out.putInt(at + 20, 0);
        at += EVENT;
    }

    /**
     * Writes the header and returns the sequence's total size in bytes (what the bridge copies to the
     * host), or -1 when the host's port cannot hold even an empty sequence.
     */
    int finish() {
        if (capacity < HEADER) return -1;
        out.putInt(0, at - 8);
        out.putInt(4, sequence);
        out.putInt(8, 0); // unit: frames
        out.putInt(12, 0);
        return at;
    }

    /** Events dropped so far because the host's buffer was full. */
    long dropped() {
        return dropped;
    }
}
