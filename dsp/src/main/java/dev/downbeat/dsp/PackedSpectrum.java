package dev.downbeat.dsp;

/**
 * Spectra for the convolver, kept as separate real and imaginary arrays of n/2+1 bins so the
 * multiply-add loops are plain element-wise loops the JIT vectorizes. Converts from and to
 * JTransforms' {@code realForward} packing for even n: {@code a[0]} = DC, {@code a[1]} = Nyquist
 * (both real), then {@code a[2k], a[2k+1]} = re, im of bin k.
 */
final class PackedSpectrum {
    private PackedSpectrum() {
    }

    /** Splits a packed spectrum of length n into {@code re}, {@code im} of n/2+1 bins. */
    static void unpack(float[] packed, float[] re, float[] im) {
        int half = packed.length / 2;
        re[0] = packed[0];
        im[0] = 0;
        re[half] = packed[1];
        im[half] = 0;
        for (int k = 1; k < half; k++) {
            re[k] = packed[2 * k];
            im[k] = packed[2 * k + 1];
        }
    }

    /** Packs {@code re}, {@code im} back for {@code realInverse}. */
    static void pack(float[] re, float[] im, float[] packed) {
        int half = packed.length / 2;
        packed[0] = re[0];
        packed[1] = re[half];
        for (int k = 1; k < half; k++) {
            packed[2 * k] = re[k];
            packed[2 * k + 1] = im[k];
        }
    }

    /** {@code acc += x · h}, bin by bin. */
    static void multiplyAdd(float[] accRe, float[] accIm, float[] xRe, float[] xIm, float[] hRe, float[] hIm) {
        for (int k = 0; k < accRe.length; k++) {
            float xr = xRe[k], xi = xIm[k], hr = hRe[k], hi = hIm[k];
            accRe[k] += xr * hr - xi * hi;
            accIm[k] += xr * hi + xi * hr;
        }
    }

    /** {@code out = base + x · h}, bin by bin. */
    static void multiplyAddInto(float[] outRe, float[] outIm, float[] baseRe, float[] baseIm,
            float[] xRe, float[] xIm, float[] hRe, float[] hIm) {
        for (int k = 0; k < outRe.length; k++) {
            float xr = xRe[k], xi = xIm[k], hr = hRe[k], hi = hIm[k];
            outRe[k] = baseRe[k] + xr * hr - xi * hi;
            outIm[k] = baseIm[k] + xr * hi + xi * hr;
        }
    }
}
