package dev.downbeat.plugin.core;

/**
 * The one sampling rule shared by the worker (writing bars) and the audio thread (re-sampling a bar
 * from its cached logits at its downbeat): softmax(logits / T) drawn by inverse CDF with a uniform
 * number that depends only on (random key, model position). Because the draw is addressed by
 * position rather than taken from a running generator, both threads get the same event for the same
 * step, and a fixed random seed gives the same bars. StrictMath keeps the arithmetic bit-identical
 * whether the code is interpreted or compiled. Pure; no allocation; any thread.
 */
public final class StepSampling {
    /** Events per step: every subset of the 9 voices. */
    public static final int EVENTS = 512;

    private StepSampling() {
    }

    /**
     * The event for one step, each event's weight exp((logit - max) / T) computed once into
     * {@code weights} and reused for the draw (the same doubles summed in the same order as a second
     * exp would give, so the result is bit-identical to computing them twice, at half the exps).
     *
     * @param logits      holds the step's 512 logits at {@code offset}
     * @param temperature 0 takes the most likely event (lowest index on ties); above 0 draws
     * @param u           uniform draw in [0, 1)
     * @param weights     scratch of at least {@link #EVENTS} owned by the calling thread (overwritten)
     */
    public static int sample(float[] logits, int offset, float temperature, double u, double[] weights) {
        int best = 0;
        for (int e = 1; e < EVENTS; e++) {
            if (logits[offset + e] > logits[offset + best]) best = e;
        }
        if (!(temperature > 0)) return best;
        double max = logits[offset + best];
        double total = 0;
        for (int e = 0; e < EVENTS; e++) {
            double w = StrictMath.exp((logits[offset + e] - max) / temperature);
            weights[e] = w;
            total += w;
        }
        double target = u * total, sum = 0;
        for (int e = 0; e < EVENTS; e++) {
            sum += weights[e];
            if (target < sum) return e;
        }
        return best; // rounding left the target at the very top
    }

    /** The uniform draw in [0, 1) for the step at model {@code position} under {@code randomKey} (SplitMix64). */
    public static double draw(long randomKey, int position) {
        long z = randomKey + (position + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53;
    }

    /** Random key of one generation (a fresh start from the seed) under the user's random seed. */
    public static long randomKey(int randomSeed, int generation) {
        return mix(0x5DEECE66DL * (randomSeed + 1L), generation);
    }

    /** Mixes a value into a 64-bit hash (for history ids and keys). */
    public static long mix(long hash, long value) {
        long z = hash ^ (value + 0x9E3779B97F4A7C15L + (hash << 6) + (hash >>> 2));
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
