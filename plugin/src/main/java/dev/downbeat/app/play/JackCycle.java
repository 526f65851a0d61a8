package dev.downbeat.app.play;

import java.nio.FloatBuffer;

/**
 * What the app does in one JACK process cycle: renders the cycle's frames through the
 * {@link TransportDriver} straight into the two audio port buffers, and writes every MIDI message
 * of the instrument into the MIDI out port at its frame in the cycle, as the plugin's MIDI out does
 * in a DAW (note-on, then note-off a gate later, on the note map).
 *
 * <p>Kept apart from jnajack so that tests can run it on buffers of their own. Threads: one
 * instance per client; {@link #run} and the sink methods on JACK's process thread (the audio
 * thread), which owns every field; the counters are volatile for other threads to read. Nothing
 * here allocates, locks or waits.
 */
final class JackCycle implements TransportDriver.AudioSink {
    /** The MIDI out port's buffer for the current cycle. JACK's process thread. */
    interface MidiPort {
        /** Empties the port's buffer; called first in every cycle, as JACK requires. */
        void clear();

        /**
         * Writes one message at {@code frame} of the cycle; frames never decrease within a cycle.
         *
         * @return false when the port's buffer had no room (the message is lost)
         */
        boolean write(int frame, byte[] message, int length);
    }

    private final TransportDriver driver;
    private final MidiPort midi;
    private final byte[] message = new byte[3];
    private FloatBuffer left, right;
    private int lastMidiFrame;
    private volatile long cycles, noteOnsSent, messagesLost;

    JackCycle(TransportDriver driver, MidiPort midi) {
        this.driver = driver;
        this.midi = midi;
    }

    /** Fills this cycle's port buffers ({@code frames} long) and MIDI port. JACK's process thread. */
    void run(FloatBuffer leftPort, FloatBuffer rightPort, int frames) {
        left = leftPort;
        right = rightPort;
        lastMidiFrame = 0;
        midi.clear();
        driver.render(frames, this);
        cycles++;
    }

    @Override
    public void write(float[] l, float[] r, int offset, int frames) {
        left.put(offset, l, 0, frames);
        right.put(offset, r, 0, frames);
    }

    @Override
    public void midi(int frame, byte status, byte data1, byte data2) {
        // JACK refuses a message earlier than the one before it; the instrument writes in frame order,
        // this only guards that promise.
        int at = Math.max(frame, lastMidiFrame);
        lastMidiFrame = at;
        message[0] = status;
        message[1] = data1;
        message[2] = data2;
        if (!midi.write(at, message, 3)) {
            messagesLost++;
        } else if ((status & 0xF0) == 0x90 && data2 != 0) {
            noteOnsSent++;
        }
    }

    /** Cycles run so far. Any thread. */
    long cycles() {
        return cycles;
    }

    /** Note-ons written to the MIDI port so far. Any thread. */
    long noteOnsSent() {
        return noteOnsSent;
    }

    /** MIDI messages the port had no room for. Any thread. */
    long messagesLost() {
        return messagesLost;
    }
}
