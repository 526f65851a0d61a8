package dev.downbeat.model;

import java.util.List;

/**
 * DrumRNN's encoding of one 16th-note step, exactly as Magenta's {@code drum_kit_rnn}.
 *
 * <p>The 9 drum classes come in the seed's order (kick, snare, closed hat, open hat, low tom,
 * mid tom, high tom, clap, rim). A step is one <em>event</em> 0..511: bit {@code i} set means
 * class {@code i} is hit. The network input for a step is the event one-hot (512 values) followed
 * by 6 counter bits of the <em>next</em> step's index as ±1, which tell the network where in the
 * bar it is. Pure functions; safe on any thread.
 */
public final class DrumEncoding {
    /** Number of drum classes (voices). */
    public static final int CLASS_COUNT = 9;
    /** Number of distinct events: every subset of the classes. */
    public static final int EVENT_COUNT = 1 << CLASS_COUNT;
    /** Counter bits after the one-hot (Magenta's binary counter of the step index). */
    public static final int COUNTER_BITS = 6;
    /** Length of one network input vector. */
    public static final int INPUT_SIZE = EVENT_COUNT + COUNTER_BITS;
    /** Steps per quarter note: the model thinks in 16ths. */
    public static final int STEPS_PER_QUARTER = 4;
    /** Steps in one 4/4 bar. */
    public static final int STEPS_PER_BAR = 4 * STEPS_PER_QUARTER;
    /** The classes' names in encoding order, for messages and displays. */
    public static final List<String> CLASS_NAMES = List.of(
            "kick", "snare", "closed hi-hat", "open hi-hat", "low tom", "mid tom", "high tom", "clap", "rim");

    private DrumEncoding() {
    }

    /**
     * The event of a set of classes.
     *
     * @throws IllegalArgumentException for a class outside 0..8
     */
    public static int eventOf(int... classes) {
        int event = 0;
        for (int c : classes) {
            event |= bitOf(c);
        }
        return event;
    }

    /** The bit of one class, checked. */
    static int bitOf(int drumClass) {
        if (drumClass < 0 || drumClass >= CLASS_COUNT) {
            throw new IllegalArgumentException("drum class " + drumClass + " is outside 0.." + (CLASS_COUNT - 1));
        }
        return 1 << drumClass;
    }

    /** The classes hit by an event, in ascending order. */
    public static int[] classesOf(int event) {
        checkEvent(event);
        int[] classes = new int[Integer.bitCount(event)];
        int n = 0;
        for (int c = 0; c < CLASS_COUNT; c++) {
            if ((event & (1 << c)) != 0) {
                classes[n++] = c;
            }
        }
        return classes;
    }

    /** Whether class {@code drumClass} is hit in {@code event}. */
    public static boolean hits(int event, int drumClass) {
        return (event & bitOf(drumClass)) != 0;
    }

    /**
     * Writes the network input for feeding {@code event} at step {@code position} (counted from
     * the sequence start at 0) into {@code out[offset .. offset+INPUT_SIZE)}. The counter bits
     * encode {@code position + 1}, the step the network is about to predict; they wrap every 64
     * steps as in Magenta. Does not allocate.
     */
    public static void encodeInput(int event, int position, float[] out, int offset) {
        checkEvent(event);
        java.util.Arrays.fill(out, offset, offset + EVENT_COUNT, 0f);
        out[offset + event] = 1f;
        int next = position + 1;
        for (int b = 0; b < COUNTER_BITS; b++) {
            out[offset + EVENT_COUNT + b] = ((next >> b) & 1) == 1 ? 1f : -1f;
        }
    }

    /**
     * @throws IllegalArgumentException for an event outside 0..511
     */
    public static void checkEvent(int event) {
        if (event < 0 || event >= EVENT_COUNT) {
            throw new IllegalArgumentException("drum event " + event + " is outside 0.." + (EVENT_COUNT - 1));
        }
    }
}
