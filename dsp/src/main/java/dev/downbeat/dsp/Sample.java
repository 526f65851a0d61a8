package dev.downbeat.dsp;

import java.util.Arrays;

/**
 * One recorded or synthesized sound: mono or stereo floats at a sample rate. Immutable: the
 * arrays are copied in and never written afterwards, so any thread may read them.
 */
public final class Sample {
    final float[] left;
    /** Same array as {@link #left} for a mono sample. */
    final float[] right;
    private final double sampleRate;

    private Sample(float[] left, float[] right, double sampleRate) {
        if (!(sampleRate > 0)) {
            throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
        }
        if (left.length != right.length) {
            throw new IllegalArgumentException("channels differ in length: " + left.length + " vs " + right.length);
        }
        this.left = left;
        this.right = right;
        this.sampleRate = sampleRate;
    }

    public static Sample mono(float[] data, double sampleRate) {
        float[] copy = data.clone();
        return new Sample(copy, copy, sampleRate);
    }

    public static Sample stereo(float[] left, float[] right, double sampleRate) {
        return new Sample(left.clone(), right.clone(), sampleRate);
    }

    /** Takes ownership of arrays the caller will never touch again (no copy). */
    static Sample adopt(float[] left, float[] right, double sampleRate) {
        return new Sample(left, right == null ? left : right, sampleRate);
    }

    public int frames() {
        return left.length;
    }

    public int channels() {
        return left == right ? 1 : 2;
    }

    public double sampleRate() {
        return sampleRate;
    }

    public double seconds() {
        return left.length / sampleRate;
    }

    /** A copy of channel 0 (left) or 1 (right; the same data for mono). */
    public float[] channel(int index) {
        return Arrays.copyOf(index == 0 ? left : right, left.length);
    }

    /** This sample converted to {@code rate} with the windowed-sinc {@link Resampler}; itself when the rate matches. */
    public Sample resampledTo(double rate) {
        if (rate == sampleRate) {
            return this;
        }
        Resampler resampler = new Resampler(sampleRate, rate);
        float[] l = resampler.process(left);
        float[] r = channels() == 1 ? l : resampler.process(right);
        return new Sample(l, r, rate);
    }
}
