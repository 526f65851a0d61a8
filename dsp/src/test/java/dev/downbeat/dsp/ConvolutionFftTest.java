package dev.downbeat.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.jtransforms.fft.FloatFFT_1D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConvolutionFftTest {
    private static final int[] SIZES = {8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768};

    static float[] noise(Random random, int length) {
        float[] data = new float[length];
        for (int i = 0; i < length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return data;
    }

    /** X[k] = Σ x[t]·exp(−2πi k t / n) for k = 0..n/2, in double precision: the reference. */
    static double[][] naiveSpectrum(float[] x) {
        int n = x.length;
        double[][] bins = new double[2][n / 2 + 1];
        for (int k = 0; k <= n / 2; k++) {
            double re = 0, im = 0;
            for (int t = 0; t < n; t++) {
                double angle = -2 * Math.PI * ((long) k * t % n) / n;
                re += x[t] * Math.cos(angle);
                im += x[t] * Math.sin(angle);
            }
            bins[0][k] = re;
            bins[1][k] = im;
        }
        return bins;
    }

    /** Largest |a − b| over all bins, relative to the largest |b|. */
    static double relativeError(float[] re, float[] im, double[] wantRe, double[] wantIm) {
        double worst = 0, peak = 0;
        for (int k = 0; k < wantRe.length; k++) {
            worst = Math.max(worst, Math.hypot(re[k] - wantRe[k], im[k] - wantIm[k]));
            peak = Math.max(peak, Math.hypot(wantRe[k], wantIm[k]));
        }
        return worst / peak;
    }

    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096})
    void forwardMatchesANaiveDft(int size) {
        float[] x = noise(new Random(size), size);
        double[][] want = naiveSpectrum(x);
        ConvolutionFft fft = new ConvolutionFft(size);
        float[] re = new float[fft.bins()], im = new float[fft.bins()];
        fft.forward(x, re, im);
        assertThat(relativeError(re, im, want[0], want[1])).as("error against the naive DFT").isLessThan(1e-6);
    }

    @Test
    void forwardMatchesJTransformsAtEverySize() {
        for (int size : SIZES) {
            float[] x = noise(new Random(size + 1), size);
            float[] packed = x.clone();
            new FloatFFT_1D(size).realForward(packed);
            float[] wantRe = new float[size / 2 + 1], wantIm = new float[size / 2 + 1];
            PackedSpectrum.unpack(packed, wantRe, wantIm);
            ConvolutionFft fft = new ConvolutionFft(size);
            float[] re = new float[fft.bins()], im = new float[fft.bins()];
            fft.forward(x, re, im);
            assertThat(relativeError(re, im, toDouble(wantRe), toDouble(wantIm))).as("size %d against JTransforms", size).isLessThan(1e-6);
        }
    }

    @Test
    void aPaddedBlockGivesTheSpectrumOfTheBlockAndItsZeros() {
        for (int size : SIZES) {
            float[] padded = noise(new Random(size + 4), size);
            java.util.Arrays.fill(padded, size / 2, size, 0f);
            float[] block = java.util.Arrays.copyOf(padded, size / 2);
            ConvolutionFft fft = new ConvolutionFft(size);
            float[] wantRe = new float[fft.bins()], wantIm = new float[fft.bins()], re = new float[fft.bins()], im = new float[fft.bins()];
            fft.forward(padded, wantRe, wantIm);
            fft.forwardOfPaddedBlock(block, re, im);
            assertThat(relativeError(re, im, toDouble(wantRe), toDouble(wantIm))).as("size %d", size).isLessThan(1e-6);
        }
    }

    @Test
    void inverseUndoesForwardAtEverySize() {
        for (int size : SIZES) {
            float[] x = noise(new Random(size + 2), size);
            ConvolutionFft fft = new ConvolutionFft(size);
            float[] re = new float[fft.bins()], im = new float[fft.bins()];
            fft.forward(x, re, im);
            float[] y = new float[size];
            fft.inverse(re, im, y);
            assertThat(PartitionedConvolverTest.maxRelativeError(y, toDouble(x))).as("size %d round trip", size).isLessThan(1e-6);
        }
    }

    @Test
    void inverseMatchesJTransformsOnAnySpectrum() {
        for (int size : SIZES) {
            Random random = new Random(size + 3);
            float[] re = noise(random, size / 2 + 1), im = noise(random, size / 2 + 1);
            float[] packed = new float[size];
            PackedSpectrum.pack(re, im, packed);
            new FloatFFT_1D(size).realInverse(packed, true);
            float[] y = new float[size];
            new ConvolutionFft(size).inverse(re, im, y);
            assertThat(PartitionedConvolverTest.maxRelativeError(y, toDouble(packed))).as("size %d inverse against JTransforms", size).isLessThan(1e-5);
        }
    }

    @Test
    void anImpulseHasAFlatSpectrumTurningWithItsDelay() {
        int size = 1024, delay = 37;
        float[] x = new float[size];
        x[delay] = 1;
        ConvolutionFft fft = new ConvolutionFft(size);
        float[] re = new float[fft.bins()], im = new float[fft.bins()];
        fft.forward(x, re, im);
        for (int k = 0; k <= size / 2; k++) {
            double angle = -2 * Math.PI * k * delay / size;
            assertThat((double) re[k]).as("re of bin %d", k).isCloseTo(Math.cos(angle), org.assertj.core.data.Offset.offset(1e-5));
            assertThat((double) im[k]).as("im of bin %d", k).isCloseTo(k == size / 2 ? 0 : Math.sin(angle), org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void isLinear() {
        int size = 2048;
        Random random = new Random(5);
        float[] a = noise(random, size), b = noise(random, size), sum = new float[size];
        float alpha = 0.75f, beta = -2.5f;
        for (int t = 0; t < size; t++) {
            sum[t] = alpha * a[t] + beta * b[t];
        }
        ConvolutionFft fft = new ConvolutionFft(size);
        int bins = fft.bins();
        float[] aRe = new float[bins], aIm = new float[bins], bRe = new float[bins], bIm = new float[bins];
        float[] sRe = new float[bins], sIm = new float[bins];
        fft.forward(a, aRe, aIm);
        fft.forward(b, bRe, bIm);
        fft.forward(sum, sRe, sIm);
        double[] wantRe = new double[bins], wantIm = new double[bins];
        for (int k = 0; k < bins; k++) {
            wantRe[k] = alpha * aRe[k] + beta * bRe[k];
            wantIm[k] = alpha * aIm[k] + beta * bIm[k];
        }
        assertThat(relativeError(sRe, sIm, wantRe, wantIm)).isLessThan(1e-6);
    }

    @Test
    void theProductOfSpectraIsTheCircularConvolution() {
        int size = 256;
        Random random = new Random(6);
        float[] x = noise(random, size), h = noise(random, size);
        ConvolutionFft fft = new ConvolutionFft(size);
        int bins = fft.bins();
        float[] xRe = new float[bins], xIm = new float[bins], hRe = new float[bins], hIm = new float[bins];
        float[] yRe = new float[bins], yIm = new float[bins];
        fft.forward(x, xRe, xIm);
        fft.forward(h, hRe, hIm);
        PackedSpectrum.multiplyAdd(yRe, yIm, xRe, xIm, hRe, hIm);
        float[] y = new float[size];
        fft.inverse(yRe, yIm, y);
        for (int t = 0; t < size; t++) {
            double want = 0;
            for (int s = 0; s < size; s++) {
                want += (double) x[s] * h[(t - s + size) % size];
            }
            assertThat((double) y[t]).as("sample %d", t).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-4 * size));
        }
    }

    @Test
    void leavesItsInputAlone() {
        float[] x = noise(new Random(7), 512);
        float[] copy = x.clone();
        ConvolutionFft fft = new ConvolutionFft(512);
        float[] re = new float[fft.bins()], im = new float[fft.bins()];
        fft.forward(x, re, im);
        float[] reCopy = re.clone(), imCopy = im.clone();
        fft.inverse(re, im, new float[512]);
        assertThat(x).containsExactly(copy);
        assertThat(re).containsExactly(reCopy);
        assertThat(im).containsExactly(imCopy);
    }

    @Test
    void forwardAndInverseAllocateNothing() {
        ConvolutionFft fft = new ConvolutionFft(4096);
        float[] x = noise(new Random(8), 4096), re = new float[fft.bins()], im = new float[fft.bins()];
        Runnable pairs = () -> {
            for (int i = 0; i < 200; i++) {
                fft.forward(x, re, im);
                fft.inverse(re, im, x);
            }
        };
        pairs.run();
        long fewest = AllocationCount.fewestBytes(pairs, 5);
        assertThat(fewest).as("bytes allocated by 200 transform pairs, best round").isZero();
    }

    @Test
    void refusesSizesItCannotDo() {
        assertThatThrownBy(() -> new ConvolutionFft(96)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("96");
        assertThatThrownBy(() -> new ConvolutionFft(4)).isInstanceOf(IllegalArgumentException.class);
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
