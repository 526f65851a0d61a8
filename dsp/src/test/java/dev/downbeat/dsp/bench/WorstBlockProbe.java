package dev.downbeat.dsp.bench;

import dev.downbeat.dsp.PartitionedConvolver;
import dev.downbeat.dsp.ReverbBench;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The reverb's worst block: CPU time of each stereo {@code process} call (thread CPU time, so
 * other processes on the machine do not count), mean, 99.9th percentile and maximum, next to the
 * block period. The large stages transform once per partition, so a few blocks cost more.
 * usage: WorstBlockProbe BLOCK IR_SECONDS
 */
public final class WorstBlockProbe {
    private WorstBlockProbe() {
    }

    public static void main(String[] args) {
        double rate = 48000;
        int block = Integer.parseInt(args[0]);
        double seconds = Double.parseDouble(args[1]);
        float[][] ir = ReverbBench.syntheticRoom(rate, seconds).channelsAt(rate);
        int head = PartitionedConvolver.headBlockFor(block);
        PartitionedConvolver left = new PartitionedConvolver(ir[0], head, 0, 2);
        PartitionedConvolver right = new PartitionedConvolver(ir[1], head, 1, 2);
        float[][] input = ReverbBench.noise(rate, 5, 1);
        float[] out = new float[block];
        int blocks = (int) (5 * rate / block) - 1;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] cost = new long[blocks];
        for (int round = 0; round < 3; round++) { // the last round is reported, after the JIT
            for (int b = 0; b < blocks; b++) {
                long start = threads.getCurrentThreadCpuTime();
                left.process(input[0], b * block, out, 0, block);
                right.process(input[1], b * block, out, 0, block);
                cost[b] = threads.getCurrentThreadCpuTime() - start;
            }
        }
        double mean = Arrays.stream(cost).average().orElse(0);
        Arrays.sort(cost);
        System.out.printf("block %d, room %.1f s: mean %.1f us, p99.9 %.1f us, worst %.1f us, block period %.1f us%n",
                block, seconds, mean / 1e3, cost[(int) (blocks * 0.999)] / 1e3, cost[blocks - 1] / 1e3, block / rate * 1e6);
    }
}
