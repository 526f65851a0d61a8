package dev.downbeat.dsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
    void handPickedPlansWithLateStartingStagesMatchToo() {
        Random random = new Random(11);
        float[] ir = noise(random, 20000);
        float[] x = noise(random, 40000);
        double[] expected = directConvolution(x, ir);
        List<PartitionPlan> plans = List.of(
                // a 512 stage starting two partitions late, then a 2048 stage starting 4 late
                new PartitionPlan(32, 32, List.of(new PartitionPlan.Stage(512, 1024, 8192), new PartitionPlan.Stage(2048, 8192, 20000))),
                new PartitionPlan(64, 2, List.of(new PartitionPlan.Stage(128, 128, 256), new PartitionPlan.Stage(256, 256, 16384),
                        new PartitionPlan.Stage(4096, 16384, 20000))),
                new PartitionPlan(16, 1250, List.of()));
        for (PartitionPlan plan : plans) {
            PartitionedConvolver convolver = new PartitionedConvolver(ir, plan);
            float[] y = new float[x.length];
            int at = 0;
            while (at < x.length) {
                int n = Math.min(x.length - at, 1 + random.nextInt(700));
                convolver.process(x, at, y, at, n);
                at += n;
            }
            assertThat(maxRelativeError(y, expected)).as(plan.toString()).isLessThan(1e-5);
        }
    }

    @Test
    void plansCoverTheWholeResponseWithoutGaps() {
        for (int length : new int[] {1, 63, 64, 1000, 48000, 192000, 960000}) {
            for (int block : new int[] {16, 64, 256, 1024}) {
                PartitionPlan plan = PartitionPlan.choose(length, block);
                int covered = plan.headPartitions() * block;
                for (PartitionPlan.Stage stage : plan.stages()) {
                    assertThat(stage.offset()).as("stage starts where the previous ends").isEqualTo(covered);
                    assertThat(stage.offset() % stage.partition()).isZero();
                    assertThat(stage.partition()).isLessThanOrEqualTo(PartitionPlan.maxPartition(block));
                    covered = stage.end();
                }
                assertThat(covered).isGreaterThanOrEqualTo(length);
            }
        }
    }

    static double maxRelativeError(float[] y, double[] expected) {
        double peak = 0, worst = 0;
        for (int i = 0; i < y.length; i++) {
            peak = Math.max(peak, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(y[i] - expected[i]));
        }
        return worst / peak;
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
