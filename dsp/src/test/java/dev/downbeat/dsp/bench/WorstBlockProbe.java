package dev.downbeat.dsp.bench;

import dev.downbeat.dsp.PartitionedConvolver;
import dev.downbeat.dsp.ReverbBench;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The reverb's worst call: CPU time of each stereo {@code process} call of {@code BLOCK} frames
 * over 5 s of audio (thread CPU time, so other processes do not count), mean, 99.9th percentile
 * and maximum, next to the block period. Every round restarts the convolvers ({@code reset}) and
 * feeds the same input, so call i does the same work in every round; each call's figure is its
 * least over the rounds. That keeps what the convolver costs and drops what a shared machine adds
 * now and then (a call preempted or slowed by caches another process emptied), which would
 * otherwise be the "worst call" of any code.
 * usage: WorstBlockProbe BLOCK IR_SECONDS [ROUNDS]
 */
public final class WorstBlockProbe {
    private WorstBlockProbe() {
    }

    public static void main(String[] args) {
        double rate = 48000;
        int block = Integer.parseInt(args[0]);
        double seconds = Double.parseDouble(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        float[][] ir = ReverbBench.syntheticRoom(rate, seconds).channelsAt(rate);
        int head = PartitionedConvolver.headBlockFor(block);
        PartitionedConvolver left = new PartitionedConvolver(ir[0], head, 0, 2);
        PartitionedConvolver right = new PartitionedConvolver(ir[1], head, 1, 2);
        float[][] input = ReverbBench.noise(rate, 5, 1);
        float[] out = new float[block];
        int blocks = (int) (5 * rate / block) - 1;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] cost = new long[blocks];
        Arrays.fill(cost, Long.MAX_VALUE);
        for (int round = -2; round < rounds; round++) { // two rounds for the JIT first
            left.reset();
            right.reset();
            for (int b = 0; b < blocks; b++) {
                long start = threads.getCurrentThreadCpuTime();
                left.process(input[0], b * block, out, 0, block);
                right.process(input[1], b * block, out, 0, block);
                long spent = threads.getCurrentThreadCpuTime() - start;
                if (round >= 0) {
                    cost[b] = Math.min(cost[b], spent);
                }
            }
        }
        double mean = Arrays.stream(cost).average().orElse(0);
        Arrays.sort(cost);
        System.out.printf("block %d, room %.1f s: mean %.1f us, p99.9 %.1f us, worst %.1f us, block period %.1f us%n",
                block, seconds, mean / 1e3, cost[(int) (blocks * 0.999)] / 1e3, cost[blocks - 1] / 1e3, block / rate * 1e6);
    }
}
