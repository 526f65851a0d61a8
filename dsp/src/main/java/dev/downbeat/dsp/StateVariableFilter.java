package dev.downbeat.dsp;

/**
 * A trapezoidal (zero-delay-feedback) state variable filter giving low-, band- and high-pass at
 * once; used by the synthesizers to shape noise and tones. One thread at a time.
 */
final class StateVariableFilter {
    private final double sampleRate;
    private double a1, a2, a3, k;
    private double ic1, ic2;
    double low, band, high;

    StateVariableFilter(double sampleRate, double cutoff, double q) {
        this.sampleRate = sampleRate;
        tune(cutoff, q);
    }

    /** Sets cutoff (Hz, clamped below Nyquist) and resonance Q. */
    void tune(double cutoff, double q) {
        double fc = Math.min(cutoff, sampleRate * 0.49);
        double g = Math.tan(Math.PI * fc / sampleRate);
        k = 1 / q;
        a1 = 1 / (1 + g * (g + k));
        a2 = g * a1;
        a3 = g * a2;
    }

    /** Filters one sample; read {@link #low}, {@link #band}, {@link #high} afterwards. */
    void process(double x) {
        double v3 = x - ic2;
        double v1 = a1 * ic1 + a2 * v3;
        double v2 = ic2 + a2 * ic1 + a3 * v3;
        ic1 = 2 * v1 - ic1;
        ic2 = 2 * v2 - ic2;
        low = v2;
        band = v1;
        high = x - k * v1 - v2;
    }

    double lowpass(double x) {
        process(x);
        return low;
    }

    double bandpass(double x) {
        process(x);
        return band;
    }

    double highpass(double x) {
        process(x);
        return high;
    }
}
