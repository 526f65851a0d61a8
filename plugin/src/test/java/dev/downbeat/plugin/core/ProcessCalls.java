package dev.downbeat.plugin.core;

import java.util.Arrays;

/**
 * What each process call of a test instrument saw, in preallocated arrays so that recording
 * allocates nothing: the block's length, transport and first MIDI input frame. Shared by the
 * bridges' recording test doubles. Written on the (simulated) audio thread, read by the test
 * after processing.
 */
public final class ProcessCalls {
    /** Calls recorded before the arrays wrap around. */
    public static final int CAPACITY = 4096;

    /** How many calls were recorded. */
    public int count;
    public final int[] frames = new int[CAPACITY];
    public final double[] positions = new double[CAPACITY], barStarts = new double[CAPACITY];
    public final boolean[] playing = new boolean[CAPACITY], offline = new boolean[CAPACITY];
    public final int[] midiInCount = new int[CAPACITY];
    /** Frame of the call's first MIDI input event, -1 if there was none. */
    public final int[] firstMidiFrame = new int[CAPACITY];

    /** Records one call and returns its slot in the arrays. */
    public int record(ProcessBlock b) {
        int c = count++ % CAPACITY;
        frames[c] = b.frames;
        positions[c] = b.positionQuarters;
        barStarts[c] = b.barStartQuarters;
        playing[c] = b.playing;
        offline[c] = b.offline;
        midiInCount[c] = b.midiInCount;
        firstMidiFrame[c] = b.midiInCount > 0 ? b.midiInFrame[0] : -1;
        return c;
    }

    /** Forgets the calls so far. */
    public void clear() {
        count = 0;
        Arrays.fill(frames, 0);
    }
}
