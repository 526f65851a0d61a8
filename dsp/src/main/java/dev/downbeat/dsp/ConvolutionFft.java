package dev.downbeat.dsp;

/**
 * A real FFT of one power-of-two size made for convolution, written to find out whether the
 * convolver's transforms can be made faster than JTransforms' on Java 17 (issue 4: the two rows
 * where the convolver loses to zita-convolver are transform-bound). Spectra are separate real and
 * imaginary arrays of n/2+1 bins in natural order, the same bins and scale as JTransforms'
 * {@code realForward} (unpacked by {@link PackedSpectrum}); the inverse returns exactly the signal
 * ({@code realInverse(a, true)}). The real transform is a complex one of n/2 ({@link RowFft}, laid
 * out so that C2 vectorizes its butterflies) plus one pass that separates the spectra of the even
 * and odd samples.
 *
 * <p>The convolver's stages of {@value StageTransform#OWN_FFT_FROM} points and more run on it
 * ({@link StageTransform#forSize}, the one rule): measured in one JVM against JTransforms
 * ({@code FftPairRatio}, {@code ConvolutionFftBenchmark}; docs/benchmarks.md, "DSP"), a forward
 * (zero-padded block) plus inverse pair is 1.45–1.5× faster at 16384 and 8192, 1.35× at 4096
 * and 1.2× at 2048 than JTransforms with the conversion to and from the split layout it needs,
 * but even at 1024 and 0.9× at 512, so the smaller transforms (the head's, at the usual blocks)
 * stay on JTransforms.
 *
 * <p>Build on any thread (allocates the plan and scratch). {@link #forward},
 * {@link #forwardOfPaddedBlock} and {@link #inverse} use the instance's scratch arrays: one thread
 * at a time; they allocate nothing.
 */
final class ConvolutionFft implements StageTransform {
    private final int size;
    private final int half;
    private final RowFft complex;
    /** exp(−2πi k / size) for k = 0..size/4: the odd samples' spectrum is turned by these. */
    private final float[] turnRe, turnIm;
    // scratch, owned by the calling thread
    private final float[][] rowsRe, rowsIm, binsRe, binsIm;
    private final float[] zRe, zIm;

    /** @param size a power of two, 8..65536 */
    ConvolutionFft(int size) {
        if (size < 8 || size > 65536 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("real FFT size must be a power of two in 8..65536: " + size);
        }
        this.size = size;
        this.half = size / 2;
        this.complex = new RowFft(half);
        int quarter = size / 4;
        turnRe = new float[quarter + 1];
        turnIm = new float[quarter + 1];
        for (int k = 0; k <= quarter; k++) {
            double angle = -2 * Math.PI * k / size;
            turnRe[k] = (float) Math.cos(angle);
            turnIm[k] = (float) Math.sin(angle);
        }
        rowsRe = new float[complex.rows()][complex.columns()];
        rowsIm = new float[complex.rows()][complex.columns()];
        binsRe = new float[complex.columns()][complex.rows()];
        binsIm = new float[complex.columns()][complex.rows()];
        zRe = new float[half];
        zIm = new float[half];
    }

    @Override
    public int size() {
        return size;
    }

    /** Bins of a spectrum: size/2 + 1 (DC to Nyquist). */
    int bins() {
        return half + 1;
    }

    /**
     * The spectrum of {@code signal[0..size)} into {@code re[0..size/2]}, {@code im[0..size/2]}:
     * {@code X[k] = Σ x[t]·exp(−2πi k t / size)}. {@code signal} is only read.
     */
    void forward(float[] signal, float[] re, float[] im) {
        deinterleave(signal, rowsRe.length);
        complex.forward(rowsRe, rowsIm, binsRe, binsIm);
        separate(re, im);
    }

    /**
     * {@link #forward} of {@code block[0..size/2)} followed by size/2 zeros, the zero-padded block
     * of overlap-add convolution, without reading or copying the zeros. {@code block} is only read.
     */
    @Override
    public void forwardOfPaddedBlock(float[] block, float[] re, float[] im) {
        deinterleave(block, rowsRe.length / 2);
        complex.forwardOfFirstHalf(rowsRe, rowsIm, binsRe, binsIm);
        separate(re, im);
    }

    /** z[m] = x[2m] + i·x[2m+1] into the first {@code rowCount} rows of the complex transform. */
    private void deinterleave(float[] signal, int rowCount) {
        int columns = complex.columns();
        for (int r = 0, t = 0; r < rowCount; r++) {
            float[] rowRe = rowsRe[r], rowIm = rowsIm[r];
            for (int c = 0; c < columns; c++, t += 2) {
                rowRe[c] = signal[t];
                rowIm[c] = signal[t + 1];
            }
        }
    }

    /** Z = E + i·O with E, O the spectra of the even and odd samples; X[k] = E[k] + w^k·O[k]. */
    private void separate(float[] re, float[] im) {
        int columns = complex.columns();
        int width = complex.rows();
        for (int k1 = 0; k1 < columns; k1++) {
            int row = complex.outputRow(k1);
            System.arraycopy(binsRe[row], 0, zRe, k1 * width, width);
            System.arraycopy(binsIm[row], 0, zIm, k1 * width, width);
        }
        re[0] = zRe[0] + zIm[0];
        im[0] = 0;
        re[half] = zRe[0] - zIm[0];
        im[half] = 0;
        for (int k = 1, m = half - 1; k <= m; k++, m--) {
            float ar = zRe[k], ai = zIm[k], br = zRe[m], bi = zIm[m];
            float er = 0.5f * (ar + br), ei = 0.5f * (ai - bi);
            float or = 0.5f * (ai + bi), oi = 0.5f * (br - ar);
            float wr = turnRe[k], wi = turnIm[k];
            float tr = wr * or - wi * oi, ti = wr * oi + wi * or;
            re[k] = er + tr;
            im[k] = ei + ti;
            re[m] = er - tr;
            im[m] = ti - ei;
        }
    }

    /**
     * The signal of a spectrum, {@code re[0..size/2]}, {@code im[0..size/2]} (only read; the
     * imaginary parts of DC and Nyquist are ignored), into {@code signal[0..size)}, scaled by
     * 1/size so that {@code inverse(forward(x)) = x}.
     */
    @Override
    public void inverse(float[] re, float[] im, float[] signal) {
        float scale = 1f / size;
        zRe[0] = scale * (re[0] + re[half]);
        zIm[0] = scale * (re[0] - re[half]);
        for (int k = 1, m = half - 1; k <= m; k++, m--) {
            float xr = re[k], xi = im[k], yr = re[m], yi = im[m];
            float er = scale * (xr + yr), ei = scale * (xi - yi);
            float pr = scale * (xr - yr), pi = scale * (xi + yi);
            float wr = turnRe[k], wi = turnIm[k];
            float or = wr * pr + wi * pi, oi = wr * pi - wi * pr;
            zRe[k] = er - oi;
            zIm[k] = ei + or;
            zRe[m] = er + oi;
            zIm[m] = or - ei;
        }
        int columns = complex.columns();
        int width = complex.rows();
        for (int k1 = 0; k1 < columns; k1++) {
            int row = complex.outputRow(k1);
            System.arraycopy(zRe, k1 * width, binsRe[row], 0, width);
            System.arraycopy(zIm, k1 * width, binsIm[row], 0, width);
        }
        complex.inverse(binsRe, binsIm, rowsRe, rowsIm);
        for (int r = 0, t = 0; r < rowsRe.length; r++) {
            float[] rowRe = rowsRe[r], rowIm = rowsIm[r];
            for (int c = 0; c < columns; c++, t += 2) {
                signal[t] = rowRe[c];
                signal[t + 1] = rowIm[c];
            }
        }
    }
}
