package dev.downbeat.dsp;

import org.jtransforms.fft.FloatFFT_1D;

/** Measurements the tests listen with: spectral centroid, band energy, tone level, decay. */
final class Spectra {
    private Spectra() {
    }

    /** Power per bin of {@code x[from..from+n)} (n a power of two), Hann-windowed. */
    static double[] power(float[] x, int from, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n && from + i < x.length; i++) {
            double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
            a[i] = (float) (x[from + i] * w);
        }
        new FloatFFT_1D(n).realForward(a);
        double[] p = new double[n / 2];
        p[0] = a[0] * a[0];
        for (int k = 1; k < n / 2; k++) {
            p[k] = a[2 * k] * a[2 * k] + a[2 * k + 1] * a[2 * k + 1];
        }
        return p;
    }

    static double centroidHz(float[] x, double rate, int n) {
        double[] p = power(x, 0, n);
        double sum = 0, weighted = 0;
        for (int k = 0; k < p.length; k++) {
            sum += p[k];
            weighted += p[k] * k * rate / n;
        }
        return weighted / sum;
    }

    /** Fraction of the power between {@code lowHz} and {@code highHz}. */
    static double bandFraction(float[] x, double rate, int n, double lowHz, double highHz) {
        double[] p = power(x, 0, n);
        double sum = 0, band = 0;
        for (int k = 0; k < p.length; k++) {
            double f = k * rate / n;
            sum += p[k];
            if (f >= lowHz && f < highHz) {
                band += p[k];
            }
        }
        return band / sum;
    }

    static double energy(float[] x, double rate, double fromSeconds, double toSeconds) {
        double sum = 0;
        for (int i = (int) (fromSeconds * rate); i < Math.min(x.length, (int) (toSeconds * rate)); i++) {
            sum += (double) x[i] * x[i];
        }
        return sum;
    }

    static double decibels(double ratio) {
        return 10 * Math.log10(ratio);
    }

    /** Amplitude of the {@code hz} component of {@code x[from..to)} (Goertzel-style projection). */
    static double toneAmplitude(float[] x, int from, int to, double hz, double rate) {
        // Hann-windowed, so a strong tone elsewhere does not leak into the measurement
        double re = 0, im = 0, weights = 0;
        for (int i = from; i < to; i++) {
            double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * (i - from) / (to - from));
            double phase = 2 * Math.PI * hz * i / rate;
            re += w * x[i] * Math.cos(phase);
            im += w * x[i] * Math.sin(phase);
            weights += w;
        }
        return 2 * Math.hypot(re, im) / weights;
    }

    /** Main frequency from zero crossings of {@code x} between two times. */
    static double zeroCrossingHz(float[] x, double rate, double fromSeconds, double toSeconds) {
        int crossings = 0;
        int from = (int) (fromSeconds * rate), to = (int) (toSeconds * rate);
        for (int i = from + 1; i < to; i++) {
            if ((x[i - 1] < 0) != (x[i] < 0)) {
                crossings++;
            }
        }
        return crossings / 2.0 / (toSeconds - fromSeconds);
    }
}
