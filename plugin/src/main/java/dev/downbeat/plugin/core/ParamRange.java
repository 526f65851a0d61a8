package dev.downbeat.plugin.core;

/**
 * The plain range of a parameter and its one normalized (0..1, what hosts automate) to plain mapping.
 * Linear in the plain unit; a positive {@code step} snaps plain values to whole steps (ints, enums, bools).
 * Immutable; any thread.
 */
public record ParamRange(float min, float max, float step) {

    public ParamRange {
        if (!(max > min)) throw new IllegalArgumentException("empty range " + min + ".." + max);
        if (step < 0) throw new IllegalArgumentException("negative step " + step);
    }

    /** A continuous range. */
    public static ParamRange continuous(float min, float max) {
        return new ParamRange(min, max, 0);
    }

    /** Whole numbers {@code min..max}. */
    public static ParamRange whole(int min, int max) {
        return new ParamRange(min, max, 1);
    }

    /** Clamps and snaps a plain value into the range; NaN becomes {@code min}. */
    public float clamp(float plain) {
        if (Float.isNaN(plain)) return min;
        float v = Math.max(min, Math.min(max, plain));
        if (step > 0) v = Math.min(max, min + Math.round((v - min) / step) * step);
        return v;
    }

    /** Plain to normalized 0..1. */
    public float normalize(float plain) {
        return (clamp(plain) - min) / (max - min);
    }

    /** Normalized 0..1 (clamped; NaN as 0) to plain, snapped to the step. */
    public float plain(float normalized) {
        float n = Float.isNaN(normalized) ? 0 : Math.max(0, Math.min(1, normalized));
        return clamp(min + n * (max - min));
    }

    /** Number of distinct values for stepped ranges, 0 for continuous ones. */
    public int stepCount() {
        return step > 0 ? Math.round((max - min) / step) + 1 : 0;
    }
}
