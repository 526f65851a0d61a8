package dev.downbeat.plugin.core;

import java.util.Arrays;

/**
 * The pattern the model continues: one event per 16th step (bit i = voice i). Immutable; crosses threads.
 */
public final class Seed {
    /** The product's default seed (10 steps): [0,2] [0] [2,5,8] [] [2,5,8] [] [0,2,5,8] [4,5,8] [] [0,5,8]. */
    public static final Seed DEFAULT = new Seed(new int[] {
        0b101, 0b1, 0b100100100, 0, 0b100100100, 0, 0b100100101, 0b100110000, 0, 0b100100001});

    /** Longest seed kept. */
    public static final int MAX_STEPS = 64;

    private final int[] events;

    /** @throws IllegalArgumentException for no steps, too many, or an event outside 0..511 */
    public Seed(int[] events) {
        if (events.length == 0 || events.length > MAX_STEPS) {
            throw new IllegalArgumentException("a seed has 1.." + MAX_STEPS + " steps, got " + events.length);
        }
        for (int e : events) {
            if (e < 0 || e >= StepSampling.EVENTS) throw new IllegalArgumentException("event " + e + " is outside 0..511");
        }
        this.events = events.clone();
    }

    public int length() {
        return events.length;
    }

    public int event(int step) {
        return events[step];
    }

    public int[] events() {
        return events.clone();
    }

    /** The primer of {@code steps} steps: this seed cut, or padded with rests, to that length. */
    public int[] primer(int steps) {
        return Arrays.copyOf(events, Math.max(1, steps));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Seed s && Arrays.equals(events, s.events);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(events);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int e : events) {
            sb.append(sb.length() == 0 ? "[" : " [");
            boolean first = true;
            for (int v = 0; v < 9; v++) {
                if ((e & (1 << v)) != 0) {
                    sb.append(first ? "" : ",").append(v);
                    first = false;
                }
            }
            sb.append(']');
        }
        return sb.toString();
    }
}
