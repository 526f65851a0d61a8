package dev.downbeat.dsp;

/**
 * Arithmetic on spectra in JTransforms' {@code realForward} packing for an even length n:
 * {@code a[0]} = DC, {@code a[1]} = Nyquist (both real), then {@code a[2k], a[2k+1]} = re, im of bin k.
 */
final class PackedSpectrum {
    private PackedSpectrum() {
    }

    /** {@code acc += x · h}, bin by bin, over the whole packed length. */
    static void multiplyAdd(float[] acc, float[] x, float[] h) {
        int n = acc.length;
        acc[0] += x[0] * h[0];
        acc[1] += x[1] * h[1];
        for (int i = 2; i < n; i += 2) {
            float xr = x[i], xi = x[i + 1], hr = h[i], hi = h[i + 1];
            acc[i] += xr * hr - xi * hi;
            acc[i + 1] += xr * hi + xi * hr;
        }
    }

    /** {@code out = base + x · h}. */
    static void multiplyAddInto(float[] out, float[] base, float[] x, float[] h) {
        int n = out.length;
        out[0] = base[0] + x[0] * h[0];
        out[1] = base[1] + x[1] * h[1];
        for (int i = 2; i < n; i += 2) {
            float xr = x[i], xi = x[i + 1], hr = h[i], hi = h[i + 1];
            out[i] = base[i] + xr * hr - xi * hi;
            out[i + 1] = base[i + 1] + xr * hi + xi * hr;
        }
    }
}
