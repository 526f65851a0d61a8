package dev.downbeat.dsp.bench;

import dev.downbeat.dsp.ConvolutionFftProbe;
import dev.downbeat.dsp.ReverbBench;
import dev.downbeat.dsp.StageTransformProbe;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.jtransforms.fft.FloatFFT_1D;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * The transform pair of {@link ConvolutionFftBenchmark} timed by this thread's CPU time rather
 * than the wall clock, so that a loaded machine (other processes taking the core) does not enter
 * the figure: per size, rounds alternate JTransforms and ConvolutionFft, each round a fixed
 * number of pairs, and each side keeps its fastest round. Prints µs per pair and the ratio.
 * A third side is JTransforms as the convolver's stages run it below the switch size
 * ({@code JTransformsFft}: the same pair plus the conversion to and from the split layout the
 * multiply-adds work on), the fair comparison for choosing a stage's transform.
 *
 * <p>{@code java -cp ... dev.downbeat.dsp.bench.FftPairRatio [ROUNDS] [SIZES...]}
 */
public final class FftPairRatio {
    /** Where the pairs' outputs go, so the JIT cannot drop the work. */
    static volatile float sink;

    private FftPairRatio() {
    }

    public static void main(String[] args) {
        ConcurrencyUtils.setNumberOfThreads(1);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int[] sizes = args.length > 1
                ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {64, 512, 2048, 4096, 8192, 16384};
        float[] noise = ReverbBench.noise(48000, 1, 9)[0];
        System.out.println("| size | JTransforms pair (µs CPU) | JTransformsFft pair, split layout (µs CPU) | ConvolutionFft pair (µs CPU) | JTransforms / ConvolutionFft | JTransformsFft / ConvolutionFft |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int size : sizes) {
            FloatFFT_1D jtransforms = new FloatFFT_1D(size);
            ConvolutionFftProbe own = new ConvolutionFftProbe(size);
            StageTransformProbe split = StageTransformProbe.jtransforms(size);
            float[] block = Arrays.copyOf(noise, size / 2);
            float[] work = new float[size], re = new float[size / 2 + 1], im = new float[size / 2 + 1];
            int pairs = Math.max(50, 4_000_000 / size);
            double bestTheirs = Double.MAX_VALUE, bestSplit = Double.MAX_VALUE, bestOurs = Double.MAX_VALUE;
            float outputs = 0;
            for (int round = -5; round < rounds; round++) { // 5 rounds for the JIT, not counted
                long start = threads.getCurrentThreadCpuTime();
                for (int p = 0; p < pairs; p++) {
                    System.arraycopy(block, 0, work, 0, size / 2);
                    Arrays.fill(work, size / 2, size, 0f);
                    jtransforms.realForward(work);
                    jtransforms.realInverse(work, true);
                    outputs += work[size / 3];
                }
                long middle = threads.getCurrentThreadCpuTime();
                for (int p = 0; p < pairs; p++) {
                    own.forwardOfPaddedBlock(block, re, im);
                    own.inverse(re, im, work);
                    outputs += work[size / 3];
                }
                long end = threads.getCurrentThreadCpuTime();
                for (int p = 0; p < pairs; p++) {
                    split.forwardOfPaddedBlock(block, re, im);
                    split.inverse(re, im, work);
                    outputs += work[size / 3];
                }
                long last = threads.getCurrentThreadCpuTime();
                if (round >= 0) {
                    bestTheirs = Math.min(bestTheirs, (middle - start) / 1e3 / pairs);
                    bestOurs = Math.min(bestOurs, (end - middle) / 1e3 / pairs);
                    bestSplit = Math.min(bestSplit, (last - end) / 1e3 / pairs);
                }
            }
            sink = outputs;
            System.out.printf("| %d | %.2f | %.2f | %.2f | %.2f | **%.2f** |%n", size, bestTheirs, bestSplit, bestOurs,
                    bestTheirs / bestOurs, bestSplit / bestOurs);
        }
    }
}
