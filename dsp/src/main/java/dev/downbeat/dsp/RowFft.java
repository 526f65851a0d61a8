package dev.downbeat.dsp;

/**
 * A complex DFT of one power-of-two size on split real and imaginary parts held as rows, done in
 * four steps so that every butterfly pairs two whole rows. Its loop then runs along the two rows
 * (separate arrays, the same index), which is the loop shape C2's superword pass vectorizes;
 * Java 17's C2 does not vectorize a butterfly between two parts of one array (it cannot prove a
 * loop-invariant offset does not alias), which is what an ordinary in-place FFT is.
 *
 * <p>With size = n1·n2 ({@link #columns()} = n1, {@link #rows()} = n2), sample
 * {@code x[n1·r + c]} sits in input row r, column c. Step 1 transforms down the columns (a size-n2
 * DFT across rows, decimation in frequency), step 2 multiplies by the twiddles and transposes into
 * n1 rows of n2, step 3 transforms across those rows. Bin {@code X[n2·k1 + k2]} ends in output row
 * {@code outputRow(k1)}, column k2. Decimation in frequency leaves the rows in bit-reversed order;
 * since rows are separate arrays, putting them back in order is only a different look-up
 * ({@link #outputRow}), no data moves. {@link #inverse} runs the steps backwards (decimation in
 * time) and returns size·x.
 *
 * <p>Plans (twiddles) are made on any thread; {@link #forward} and {@link #inverse} use no state but
 * the immutable plan and the caller's arrays, allocate nothing and may run on any thread, one call
 * per set of arrays at a time.
 */
final class RowFft {
    private final int size;
    private final int columns;
    private final int rows;
    /** Twiddles of the across-row stages: {@code w[h + j] = exp(−iπ j / h)} for every half-span h. */
    private final float[] stageRe, stageIm;
    /** Step 2's twiddles {@code exp(−2πi·c·k2 / size)}, one row per k2 (natural order), columns c. */
    private final float[][] twiddleRe, twiddleIm;
    /** stepOneRow[k2] = the physical row that holds step 1's output row k2 (natural order); likewise for step 3. */
    private final int[] stepOneRow;
    private final int[] stepThreeRow;

    RowFft(int size) {
        if (size < 4 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("complex FFT size must be a power of two ≥ 4: " + size);
        }
        this.size = size;
        int log = Integer.numberOfTrailingZeros(size);
        this.columns = 1 << ((log + 1) / 2);
        this.rows = size / columns;
        int longest = Math.max(rows, columns);
        stageRe = new float[longest];
        stageIm = new float[longest];
        for (int h = 1; h < longest; h *= 2) {
            for (int j = 0; j < h; j++) {
                double angle = -Math.PI * j / h;
                stageRe[h + j] = (float) Math.cos(angle);
                stageIm[h + j] = (float) Math.sin(angle);
            }
        }
        twiddleRe = new float[rows][columns];
        twiddleIm = new float[rows][columns];
        for (int k2 = 0; k2 < rows; k2++) {
            for (int c = 0; c < columns; c++) {
                // exact argument reduction: the product c·k2 modulo size keeps float twiddles accurate
                double angle = -2 * Math.PI * ((long) c * k2 % size) / size;
                twiddleRe[k2][c] = (float) Math.cos(angle);
                twiddleIm[k2][c] = (float) Math.sin(angle);
            }
        }
        stepOneRow = bitReversal(rows);
        stepThreeRow = bitReversal(columns);
    }

    private static int[] bitReversal(int count) {
        int bits = Integer.numberOfTrailingZeros(count);
        int[] order = new int[count];
        for (int k = 0; k < count; k++) {
            order[k] = bits == 0 ? 0 : Integer.reverse(k) >>> (32 - bits);
        }
        return order;
    }

    int size() {
        return size;
    }

    /** Length of an input row (n1); the input has {@link #rows()} of them. */
    int columns() {
        return columns;
    }

    /** Number of input rows (n2), also the length of an output row. */
    int rows() {
        return rows;
    }

    /** The physical output row holding bins {@code n2·k1 .. n2·k1 + n2 − 1}. */
    int outputRow(int k1) {
        return stepThreeRow[k1];
    }

    /**
     * Transforms {@code inRe/inIm} ({@link #rows()} rows of {@link #columns()}, destroyed) into
     * {@code outRe/outIm} ({@link #columns()} rows of {@link #rows()}, rows in {@link #outputRow} order).
     */
    void forward(float[][] inRe, float[][] inIm, float[][] outRe, float[][] outIm) {
        acrossRows(inRe, inIm, rows, columns, rows / 2, false);
        finishForward(inRe, inIm, outRe, outIm);
    }

    /**
     * {@link #forward} of an input whose second half (rows {@code rows()/2} on) is zero; those rows
     * are not read, only written. The first stage then only copies and turns, and a zero-padded
     * block (what the convolver transforms) costs one stage less.
     */
    void forwardOfFirstHalf(float[][] inRe, float[][] inIm, float[][] outRe, float[][] outIm) {
        int h = rows / 2;
        for (int j = 0; j < h; j++) {
            turnInto(inRe[j], inIm[j], inRe[j + h], inIm[j + h], stageRe[h + j], stageIm[h + j]);
        }
        acrossRows(inRe, inIm, rows, columns, h / 2, false);
        finishForward(inRe, inIm, outRe, outIm);
    }

    /** b = a·w, a unchanged: the butterfly of a with zero. */
    private static void turnInto(float[] ar, float[] ai, float[] br, float[] bi, float wr, float wi) {
        for (int c = 0; c < ar.length; c++) {
            float ur = ar[c], ui = ai[c];
            br[c] = ur * wr - ui * wi;
            bi[c] = ur * wi + ui * wr;
        }
    }

    private void finishForward(float[][] inRe, float[][] inIm, float[][] outRe, float[][] outIm) {
        for (int k2 = 0; k2 < rows; k2++) {
            multiply(inRe[stepOneRow[k2]], inIm[stepOneRow[k2]], twiddleRe[k2], twiddleIm[k2], false);
        }
        transpose(inRe, outRe, stepOneRow);
        transpose(inIm, outIm, stepOneRow);
        acrossRows(outRe, outIm, columns, rows, columns / 2, false);
    }

    /**
     * The inverse of {@link #forward} times {@link #size()}: from {@code outRe/outIm} (destroyed) back
     * to {@code inRe/inIm}.
     */
    void inverse(float[][] outRe, float[][] outIm, float[][] inRe, float[][] inIm) {
        acrossRows(outRe, outIm, columns, rows, 0, true);
        untranspose(outRe, inRe, stepOneRow);
        untranspose(outIm, inIm, stepOneRow);
        for (int k2 = 0; k2 < rows; k2++) {
            multiply(inRe[stepOneRow[k2]], inIm[stepOneRow[k2]], twiddleRe[k2], twiddleIm[k2], true);
        }
        acrossRows(inRe, inIm, rows, columns, 0, true);
    }

    /** x ← x·w (or x·conj(w)), element by element. */
    private static void multiply(float[] re, float[] im, float[] wr, float[] wi, boolean conjugate) {
        float sign = conjugate ? -1f : 1f;
        for (int c = 0; c < re.length; c++) {
            float xr = re[c], xi = im[c], tr = wr[c], ti = sign * wi[c];
            re[c] = xr * tr - xi * ti;
            im[c] = xr * ti + xi * tr;
        }
    }

    /** out[c][k] = in[order[k]][c], four source rows at a time (fewer row look-ups per element). */
    private static void transpose(float[][] in, float[][] out, int[] order) {
        int count = order.length;
        if (count < 4) {
            for (int k = 0; k < count; k++) {
                float[] source = in[order[k]];
                for (int c = 0; c < source.length; c++) {
                    out[c][k] = source[c];
                }
            }
            return;
        }
        for (int k = 0; k < count; k += 4) {
            float[] s0 = in[order[k]], s1 = in[order[k + 1]], s2 = in[order[k + 2]], s3 = in[order[k + 3]];
            for (int c = 0; c < s0.length; c++) {
                float[] target = out[c];
                target[k] = s0[c];
                target[k + 1] = s1[c];
                target[k + 2] = s2[c];
                target[k + 3] = s3[c];
            }
        }
    }

    /** The inverse of {@link #transpose}: in[order[k]][c] = out[c][k]. */
    private static void untranspose(float[][] out, float[][] in, int[] order) {
        int count = order.length;
        if (count < 4) {
            for (int k = 0; k < count; k++) {
                float[] target = in[order[k]];
                for (int c = 0; c < target.length; c++) {
                    target[c] = out[c][k];
                }
            }
            return;
        }
        for (int k = 0; k < count; k += 4) {
            float[] t0 = in[order[k]], t1 = in[order[k + 1]], t2 = in[order[k + 2]], t3 = in[order[k + 3]];
            for (int c = 0; c < t0.length; c++) {
                float[] source = out[c];
                t0[c] = source[k];
                t1[c] = source[k + 1];
                t2[c] = source[k + 2];
                t3[c] = source[k + 3];
            }
        }
    }

    /**
     * Radix-2 butterflies across {@code count} rows of {@code length}: decimation in frequency
     * (forward, from half-span {@code firstHalfSpan} down; leaves the rows bit-reversed) or, with {@code inverse}, its undoing times
     * {@code count} by decimation in time from bit-reversed rows.
     *
     * <p>Why this shape, all measured on Java 17's C2 here: radix 2, because a radix-4 body (eight
     * rows, three twiddles) ran no faster with superword than without, while the radix-2 one runs
     * 3–4× faster; and both directions in one method, because that makes it larger than C2's
     * inlining limit for hot callees (325 bytecodes): compiled on its own its loops vectorize,
     * inlined into the transform they measured 1.3–2× slower.
     */
    private void acrossRows(float[][] re, float[][] im, int count, int length, int firstHalfSpan, boolean inverse) {
        if (!inverse) {
            for (int h = firstHalfSpan; h >= 1; h /= 2) {
                for (int base = 0; base < count; base += 2 * h) {
                    for (int j = 0; j < h; j++) {
                        float[] ar = re[base + j], ai = im[base + j], br = re[base + j + h], bi = im[base + j + h];
                        float wr = stageRe[h + j], wi = stageIm[h + j];
                        for (int c = 0; c < length; c++) {
                            float ur = ar[c], ui = ai[c], vr = br[c], vi = bi[c];
                            ar[c] = ur + vr;
                            ai[c] = ui + vi;
                            float dr = ur - vr, di = ui - vi;
                            br[c] = dr * wr - di * wi;
                            bi[c] = dr * wi + di * wr;
                        }
                    }
                }
            }
        } else {
            for (int h = 1; h < count; h *= 2) {
                for (int base = 0; base < count; base += 2 * h) {
                    for (int j = 0; j < h; j++) {
                        float[] ar = re[base + j], ai = im[base + j], br = re[base + j + h], bi = im[base + j + h];
                        float wr = stageRe[h + j], wi = -stageIm[h + j];
                        for (int c = 0; c < length; c++) {
                            float ur = ar[c], ui = ai[c], xr = br[c], xi = bi[c];
                            float vr = xr * wr - xi * wi, vi = xr * wi + xi * wr;
                            ar[c] = ur + vr;
                            ai[c] = ui + vi;
                            br[c] = ur - vr;
                            bi[c] = ui - vi;
                        }
                    }
                }
            }
        }
    }
}
