package dev.downbeat.plugin.editor;

import java.util.Arrays;

/**
 * One bar of drums as the editor shows it: an event per 16th step (bit i = voice i, see
 * {@link Voice}), the temperature the bar was sampled at and where it stands. Immutable.
 *
 * @param number bar number counted from the song's start (0-based)
 * @param steps one event bitmask per step, copied on construction
 * @param temperature the sampling temperature of every step in the bar
 * @param state played, playing or upcoming
 */
public record BarView(long number, int[] steps, float temperature, BarState state) {
    public BarView {
        steps = steps.clone();
        if (state == null) throw new IllegalArgumentException("bar state is required");
    }

    /** Whether {@code voice} hits on {@code step}. */
    public boolean hit(int step, int voice) {
        return (steps[step] & (1 << voice)) != 0;
    }

    /** The step events (a copy: the record stays immutable). */
    @Override
    public int[] steps() {
        return steps.clone();
    }

    public int length() {
        return steps.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BarView b && b.number == number && Arrays.equals(b.steps, steps)
                && Float.compare(b.temperature, temperature) == 0 && b.state == state;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(number) * 31 + Arrays.hashCode(steps);
    }

    @Override
    public String toString() {
        return "Bar " + number + " " + state + " T=" + temperature + " " + Arrays.toString(steps);
    }
}
