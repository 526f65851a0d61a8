package dev.downbeat.dsp.bench;

import dev.downbeat.dsp.ConvolutionFftProbe;
import dev.downbeat.dsp.ReverbBench;
import java.util.concurrent.TimeUnit;
import org.jtransforms.fft.FloatFFT_1D;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * One forward plus inverse real FFT of {@code size} as the convolver does them, on a block of
 * size/2 samples of noise zero-padded to size: JTransforms 3.1 (block copied into a work array and
 * padded, {@code realForward}, {@code realInverse(a, true)}, single-threaded) against the
 * project's own {@code ConvolutionFft} ({@code forwardOfPaddedBlock}, {@code inverse}), same JVM.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ConvolutionFftBenchmark {
    @Param({"64", "512", "2048", "4096", "8192", "16384"})
    int size;

    private FloatFFT_1D jtransforms;
    private ConvolutionFftProbe own;
    private float[] block, work, re, im;

    @Setup
    public void setUp() {
        ConcurrencyUtils.setNumberOfThreads(1);
        jtransforms = new FloatFFT_1D(size);
        own = new ConvolutionFftProbe(size);
        block = new float[size / 2];
        System.arraycopy(ReverbBench.noise(48000, 1, 9)[0], 0, block, 0, size / 2);
        work = new float[size];
        re = new float[size / 2 + 1];
        im = new float[size / 2 + 1];
    }

    @Benchmark
    public float jtransformsPair() {
        System.arraycopy(block, 0, work, 0, size / 2);
        java.util.Arrays.fill(work, size / 2, size, 0f);
        jtransforms.realForward(work);
        jtransforms.realInverse(work, true);
        return work[size / 3];
    }

    @Benchmark
    public float convolutionFftPair() {
        own.forwardOfPaddedBlock(block, re, im);
        own.inverse(re, im, work);
        return work[size / 3];
    }
}
