package dev.downbeat.dsp;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;

/**
 * Runs a stereo pair of convolvers whose plan has stages on both transforms (JTransforms for the
 * head and the 512 stage, {@link ConvolutionFft} for the 2048 and 4096 ones) through calls of
 * 1..4096 frames and prints the bytes the thread allocated inside {@code process}. Run in a JVM
 * of its own by {@link PartitionedConvolverTest}, interpreted (-Xint), where every allocation the
 * code makes really happens.
 */
public final class ConvolverAllocationProbe {
    public static void main(String[] args) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        float[] ir = ReverbBench.noise(48000, 0.5, 4)[0];
        PartitionPlan plan = new PartitionPlan(64, 8, List.of(new PartitionPlan.Stage(512, 512, 4096),
                new PartitionPlan.Stage(2048, 4096, 8192), new PartitionPlan.Stage(4096, 8192, ir.length)));
        PartitionedConvolver left = new PartitionedConvolver(ir, plan, 0, 2);
        PartitionedConvolver right = new PartitionedConvolver(ir, plan, 1, 2);
        float[] x = ReverbBench.noise(48000, 1, 6)[0];
        float[] out = new float[4096];
        Random random = new Random(2);
        int calls = Integer.parseInt(args[0]);
        long total = 0;
        int at = 0;
        for (int c = 0; c < calls; c++) {
            int n = random.nextInt(8) == 0 ? 1 + random.nextInt(4096) : 1 + random.nextInt(128);
            if (at + n > x.length) {
                at = 0;
            }
            long before = threads.getThreadAllocatedBytes(id);
            left.process(x, at, out, 0, n);
            right.process(x, at, out, 0, n);
            total += threads.getThreadAllocatedBytes(id) - before;
            at += n;
        }
        long large = left.transformsLargerThan(1024) + right.transformsLargerThan(1024);
        System.out.println("allocated " + total + " in " + large + " large transforms");
    }
}
