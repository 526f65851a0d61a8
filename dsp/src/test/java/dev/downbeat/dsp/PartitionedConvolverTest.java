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
    void theLargeStagesRunOnTheProjectsOwnFftAndStillMatchDirectConvolution() {
        // the 0.5 s room at block 256: its plan has a 2048 stage (transforms of 4096), which
        // StageTransform gives to ConvolutionFft; the head (512) stays on JTransforms, as does a
        // head of block 1024 (transforms of 2048)
        Random random = new Random(31);
        float[] ir = noise(random, 24000);
        for (int i = 0; i < ir.length; i++) {
            ir[i] *= (float) Math.exp(-6.9 * i / ir.length);
        }
        PartitionedConvolver convolver = new PartitionedConvolver(ir, 256);
        PartitionPlan plan = convolver.plan();
        assertThat(plan.stages()).as(plan.toString()).anySatisfy(stage -> assertThat(stage.partition()).isGreaterThanOrEqualTo(2048));
        List<StageTransform> transforms = convolver.transforms();
        assertThat(transforms.get(0)).as("head, 512 points").isInstanceOf(JTransformsFft.class);
        assertThat(new PartitionedConvolver(ir, 1024).transforms().get(0)).as("head, 2048 points").isInstanceOf(JTransformsFft.class);
        for (int i = 0; i < plan.stages().size(); i++) {
            int size = 2 * plan.stages().get(i).partition();
            assertThat(transforms.get(i + 1)).as("stage %d, %d points", i, size)
                    .isInstanceOf(size >= StageTransform.OWN_FFT_FROM ? ConvolutionFft.class : JTransformsFft.class);
        }

        float[] x = noise(random, 40000);
        float[] y = convolveInCalls(convolver, x, () -> 1 + random.nextInt(700));
        assertThat(convolver.transformsLargerThan(1024)).as("transforms the large stage ran").isGreaterThanOrEqualTo(2L * (40000 / 2048 - 2));
        assertThat(maxRelativeError(y, directConvolution(x, ir))).isLessThan(1e-5);
    }

    /** Runs {@code x} through {@code convolver} in calls of the lengths {@code callLength} draws. */
    static float[] convolveInCalls(PartitionedConvolver convolver, float[] x, java.util.function.IntSupplier callLength) {
        float[] y = new float[x.length];
        int at = 0;
        while (at < x.length) {
            int n = Math.min(x.length - at, callLength.getAsInt());
            convolver.process(x, at, y, at, n);
            at += n;
        }
        return y;
    }

    @Test
    void delayedStagesGiveTheSameSamplesWhateverTheCallLengths() {
        // the head's share of the response is silent, so the output is the delayed stages' alone:
        // in each lane they run the same steps in the same order however the input is cut, so the
        // samples are identical to the last bit, not just close (lane 1's immediate stage cuts its
        // blocks half a partition later than lane 0's: the same convolution, rounded otherwise)
        Random random = new Random(21);
        float[] ir = noise(random, 30000);
        java.util.Arrays.fill(ir, 0, 512, 0f);
        float[] x = noise(random, 60000);
        PartitionPlan plan = new PartitionPlan(64, 8, List.of(new PartitionPlan.Stage(512, 512, 8192),
                new PartitionPlan.Stage(2048, 8192, 16384), new PartitionPlan.Stage(4096, 16384, 30000)));
        double[] exact = directConvolution(x, ir);
        assertThat(maxRelativeError(convolveInCalls(new PartitionedConvolver(ir, plan), x, () -> 64), exact)).isLessThan(1e-5);
        for (int lane = 0; lane < 2; lane++) {
            float[] reference = convolveInCalls(new PartitionedConvolver(ir, plan, lane, 2), x, () -> 64);
            assertThat(maxRelativeError(reference, exact)).as("lane %d of 2 against the exact convolution", lane).isLessThan(1e-5);
            Random lengths = new Random(lane);
            assertThat(convolveInCalls(new PartitionedConvolver(ir, plan, lane, 2), x, () -> 1 + lengths.nextInt(8192)))
                    .as("lane %d of 2, calls of 1..8192", lane).containsExactly(reference);
            assertThat(convolveInCalls(new PartitionedConvolver(ir, plan, lane, 2), x, () -> 1 + lengths.nextInt(200)))
                    .as("lane %d of 2, calls of 1..200", lane).containsExactly(reference);
        }
    }

    @Test
    void theTwoChannelsImmediateStagesCompleteInDifferentCalls() {
        // the default room at 64 frames: 16 head blocks, then one stage of 1024 that transforms
        // forward and back in the call completing its block; the right channel completes half a
        // partition after the left, so no call pays for both channels' transforms
        float[][] ir = ImpulseResponse.defaultRoom().channelsAt(48000);
        PartitionedConvolver left = new PartitionedConvolver(ir[0], 64, 0, 2);
        PartitionedConvolver right = new PartitionedConvolver(ir[1], 64, 1, 2);
        assertThat(left.plan().stages()).as("the plan has an immediate stage")
                .anyMatch(stage -> stage.offset() == stage.partition() && stage.partition() > 64);
        float[][] x = ReverbBench.noise(48000, 1, 5);
        float[] out = new float[64];
        long mostInOneCall = 0, callsWithLeft = 0, callsWithRight = 0, callsWithBoth = 0;
        for (int at = 0; at + 64 <= x[0].length; at += 64) {
            long leftBefore = left.transformsLargerThan(64), rightBefore = right.transformsLargerThan(64);
            left.process(x[0], at, out, 0, 64);
            right.process(x[1], at, out, 0, 64);
            long byLeft = left.transformsLargerThan(64) - leftBefore, byRight = right.transformsLargerThan(64) - rightBefore;
            mostInOneCall = Math.max(mostInOneCall, byLeft + byRight);
            if (byLeft > 0) callsWithLeft++;
            if (byRight > 0) callsWithRight++;
            if (byLeft > 0 && byRight > 0) callsWithBoth++;
        }
        assertThat(callsWithLeft).as("calls where the left channel's stage transformed").isGreaterThan(40);
        assertThat(callsWithRight).as("calls where the right channel's stage transformed").isGreaterThan(40);
        assertThat(callsWithBoth).as("calls where both did").isZero();
        assertThat(mostInOneCall).as("transforms in the busiest call: one channel's forward and inverse").isEqualTo(2);
    }

    @ParameterizedTest(name = "block {0}, room {1} s")
    @CsvSource({"32,1", "32,4", "64,2", "64,4", "128,4"})
    void theTwoChannelsLargeTransformsNeverShareACall(int block, double seconds) {
        // the worst call: a stage larger than the immediate limit transforms once per call at most,
        // over both channels, so the reverb's peak cost stays one large transform above its mean
        float[][] ir = ReverbBench.syntheticRoom(48000, seconds).channelsAt(48000);
        int head = PartitionedConvolver.headBlockFor(block);
        PartitionedConvolver left = new PartitionedConvolver(ir[0], head, 0, 2);
        PartitionedConvolver right = new PartitionedConvolver(ir[1], head, 1, 2);
        assertThat(left.plan().stages()).as("the plan has large stages").anyMatch(stage -> stage.partition() > PartitionPlan.largestImmediatePartition(head));
        float[][] x = ReverbBench.noise(48000, 4, 2);
        float[] out = new float[block];
        int limit = PartitionPlan.largestImmediatePartition(head);
        long mostInOneCall = 0, total = 0;
        for (int at = 0; at + block <= x[0].length; at += block) {
            long before = left.transformsLargerThan(limit) + right.transformsLargerThan(limit);
            left.process(x[0], at, out, 0, block);
            right.process(x[1], at, out, 0, block);
            long done = left.transformsLargerThan(limit) + right.transformsLargerThan(limit) - before;
            mostInOneCall = Math.max(mostInOneCall, done);
            total += done;
        }
        assertThat(total).as("large transforms done").isGreaterThan(10);
        assertThat(mostInOneCall).as("large transforms in the busiest call").isEqualTo(1);
    }

    @Test
    void noStageTransformsAtItsBlockBoundaryUnlessItIsSmall() {
        for (int length : new int[] {4800, 48000, 192000, 960000}) {
            for (int block : new int[] {16, 32, 64, 256, 1024}) {
                for (PartitionPlan.Stage stage : PartitionPlan.choose(length, block).stages()) {
                    if (stage.offset() == stage.partition()) {
                        assertThat(stage.partition()).as("length %d, block %d", length, block)
                                .isLessThanOrEqualTo(PartitionPlan.largestImmediatePartition(block));
                    }
                }
            }
        }
    }

    @Test
    void processAllocatesNothing() {
        float[][] ir = ReverbBench.syntheticRoom(48000, 2).channelsAt(48000);
        PartitionedConvolver left = new PartitionedConvolver(ir[0], 64, 0, 2);
        PartitionedConvolver right = new PartitionedConvolver(ir[1], 64, 1, 2);
        float[][] x = ReverbBench.noise(48000, 1, 3);
        float[] out = new float[8192];
        Random random = new Random(8);
        int[] lengths = new int[4000];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = random.nextInt(10) == 0 ? 1 + random.nextInt(8192) : 1 + random.nextInt(128);
        }
        Runnable calls = () -> {
            int at = 0;
            for (int n : lengths) {
                if (at + n > x[0].length) {
                    at = 0;
                }
                left.process(x[0], at, out, 0, n);
                right.process(x[1], at, out, 0, n);
                at += n;
            }
        };
        calls.run();
        long fewest = AllocationCount.fewestBytes(calls, 5);
        assertThat(fewest).as("bytes allocated by 4000 stereo calls of 1..8192 frames, best round").isZero();
    }

    @Test
    void processAllocatesNothingEvenInterpreted() throws Exception {
        // both transforms, JTransforms and ConvolutionFft, run interpreted: no JIT hides anything
        String javaBinary = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process probe = new ProcessBuilder(javaBinary, "-Xint", "-cp", System.getProperty("java.class.path"),
                ConvolverAllocationProbe.class.getName(), "400").redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes()).trim();
        assertThat(probe.waitFor()).as(output).isZero();
        assertThat(output).matches("allocated 0 in [1-9][0-9]* large transforms");
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
