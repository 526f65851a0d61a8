package dev.downbeat.dsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PartitionedConvolverTest {

    /** y[n] = Σ h[k]·x[n−k] in double precision: the reference. */
    static double[] directConvolution(float[] x, float[] h) {
        double[] y = new double[x.length];
        for (int n = 0; n < x.length; n++) {
            double sum = 0;
            int kMax = Math.min(n, h.length - 1);
            for (int k = 0; k <= kMax; k++) {
                sum += (double) h[k] * x[n - k];
            }
            y[n] = sum;
        }
        return y;
    }

    static float[] noise(Random random, int length) {
        float[] data = new float[length];
        for (int i = 0; i < length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return data;
    }

    @ParameterizedTest(name = "ir {0} samples, head block {1}")
    @CsvSource({"1,64", "7,16", "64,64", "100,64", "513,64", "1000,16", "4097,64", "9000,128", "20000,64", "33000,1024", "70000,256"})
    void matchesDirectConvolutionOverRandomCallLengths(int irLength, int headBlock) {
        Random random = new Random(irLength * 31L + headBlock);
        float[] ir = noise(random, irLength);
        for (int i = 0; i < irLength; i++) {
            ir[i] *= (float) Math.exp(-3.0 * i / irLength); // decaying, like a room
        }
        int signalLength = Math.max(irLength + 20000, 30000);
        float[] x = noise(random, signalLength);
        double[] expected = directConvolution(x, ir);

        PartitionedConvolver convolver = new PartitionedConvolver(ir, headBlock);
        float[] y = new float[signalLength];
        int at = 0;
        while (at < signalLength) {
            int n = Math.min(signalLength - at, random.nextInt(4) == 0 ? 1 + random.nextInt(8192) : 1 + random.nextInt(300));
            convolver.process(x, at, y, at, n);
            at += n;
        }

        double peak = 0, worst = 0;
        for (int i = 0; i < signalLength; i++) {
            peak = Math.max(peak, Math.abs(expected[i]));
        }
        for (int i = 0; i < signalLength; i++) {
            worst = Math.max(worst, Math.abs(y[i] - expected[i]));
        }
        assertThat(worst / peak).as("max error relative to peak").isLessThan(1e-5);
    }

    @Test
    void impulseComesOutAtSampleZero() {
        float[] ir = new float[5000];
        ir[0] = 0.5f;
        ir[3000] = 0.25f;
        PartitionedConvolver convolver = new PartitionedConvolver(ir, 64);
        float[] in = new float[4000];
        in[0] = 1;
        float[] out = new float[4000];
        convolver.process(in, 0, out, 0, 1);
        convolver.process(in, 1, out, 1, 3999);
        assertThat(out[0]).isCloseTo(0.5f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(out[3000]).isCloseTo(0.25f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(Math.abs(out[1]) + Math.abs(out[2999]) + Math.abs(out[3001])).isLessThan(1e-6f);
    }

    @Test
    void resetForgetsThePast() {
        Random random = new Random(5);
        float[] ir = noise(random, 3000);
        PartitionedConvolver convolver = new PartitionedConvolver(ir, 64);
        float[] x = noise(random, 2000);
        float[] first = new float[2000];
        convolver.process(x, 0, first, 0, 2000);
        convolver.process(x, 0, new float[2000], 0, 777);
        convolver.reset();
        float[] again = new float[2000];
        convolver.process(x, 0, again, 0, 2000);
        assertThat(again).containsExactly(first);
    }
}
