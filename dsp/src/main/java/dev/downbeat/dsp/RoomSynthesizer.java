package dev.downbeat.dsp;

import java.util.Random;

/**
 * Synthesizes the default reverb: a small, fairly dry drum room (about 0.5 s to −60 dB in the
 * mids, darker as it decays). A few milliseconds of pre-delay, a cluster of early reflections
 * placed differently in each channel, then a diffuse tail of decorrelated noise per channel whose
 * highs die faster than its lows. Deterministic (fixed seeds). Any non-audio thread.
 */
public final class RoomSynthesizer {
    /** Rate the default room is rendered at; engines resample it to theirs. */
    public static final double NATIVE_RATE = 48000;
    static final double LENGTH_SECONDS = 1.1;
    static final double LOW_RT60 = 0.55;
    static final double HIGH_RT60 = 0.28;
    static final double CROSSOVER_HZ = 2500;
    static final double PRE_DELAY = 0.0025;
    static final int REFLECTIONS = 16;

    private final double rate;

    public RoomSynthesizer(double sampleRate) {
        this.rate = sampleRate;
    }

    /** The stereo impulse response, not yet normalized ({@link ImpulseResponse#of} does that). */
    public Sample render() {
        float[] left = channel(101);
        float[] right = channel(202);
        return Sample.adopt(left, right, rate);
    }

    private float[] channel(long seed) {
        int length = (int) Math.round(LENGTH_SECONDS * rate);
        double[] ir = new double[length];
        Random random = new Random(seed);

        // early reflections: walls, floor and ceiling of a small room, 3..40 ms, thinning out
        for (int r = 0; r < REFLECTIONS; r++) {
            double time = PRE_DELAY + 0.0015 + 0.037 * Math.pow(random.nextDouble(), 1.4);
            double gain = 0.55 * Math.exp(-time / 0.03) * (random.nextBoolean() ? 1 : -1) * (0.6 + 0.4 * random.nextDouble());
            int at = (int) Math.round(time * rate);
            ir[at] += gain;
            ir[at + 1] += gain * 0.5; // a touch of absorption smears each reflection
        }

        // diffuse tail: noise split at the crossover, each band with its own decay
        StateVariableFilter split = new StateVariableFilter(rate, CROSSOVER_HZ, 0.707);
        double tailStart = PRE_DELAY + 0.004;
        for (int i = 0; i < length; i++) {
            double t = i / rate;
            split.process(random.nextGaussian());
            if (t < tailStart) {
                continue;
            }
            double since = t - tailStart;
            double build = 1 - Math.exp(-since / 0.012);
            double lows = split.low * Math.exp(-6.9078 * since / LOW_RT60);
            double highs = (split.band + split.high) * Math.exp(-6.9078 * since / HIGH_RT60);
            ir[i] += 0.11 * build * (lows + 0.8 * highs);
        }

        float[] out = new float[length];
        int fade = (int) Math.round(0.02 * rate);
        for (int i = 0; i < length; i++) {
            double x = ir[i];
            int fromEnd = length - 1 - i;
            if (fromEnd < fade) {
                x *= (double) fromEnd / fade;
            }
            out[i] = (float) x;
        }
        return out;
    }
}
