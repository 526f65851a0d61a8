package dev.downbeat.dsp.bench;

import dev.downbeat.dsp.ImpulseResponse;
import dev.downbeat.dsp.PartitionedConvolver;
import dev.downbeat.dsp.ReverbBench;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** One stereo block through the reverb's two convolvers, per block size and room length. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ConvolverBenchmark {
    static final double RATE = 48000;

    @Param({"32", "64", "128", "256", "512", "1024"})
    int block;

    @Param({"0.5", "1", "2", "4"})
    double irSeconds;

    private PartitionedConvolver left, right;
    private float[][] input;
    private float[] outLeft, outRight;
    private int position;

    @Setup
    public void setUp() {
        float[][] ir = ReverbBench.syntheticRoom(RATE, irSeconds).channelsAt(RATE);
        int head = PartitionedConvolver.headBlockFor(block);
        left = new PartitionedConvolver(ir[0], head, 0, 2);
        right = new PartitionedConvolver(ir[1], head, 1, 2);
        input = ReverbBench.noise(RATE, 2, 1);
        outLeft = new float[block];
        outRight = new float[block];
    }

    @Benchmark
    public float stereoBlock() {
        if (position + block > input[0].length) {
            position = 0;
        }
        left.process(input[0], position, outLeft, 0, block);
        right.process(input[1], position, outRight, 0, block);
        position += block;
        return outLeft[0] + outRight[block - 1];
    }

    /** Keeps ImpulseResponse linked for the IDE; JMH ignores it. */
    static ImpulseResponse room() {
        return ImpulseResponse.defaultRoom();
    }
}
