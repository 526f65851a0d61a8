package dev.downbeat.dsp;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Measures the reverb's cost: CPU seconds the stereo {@link PartitionedConvolver} pair spends per
 * second of audio, at a block size, after a warm-up; the best of three runs. Used by {@code downbeat bench reverb} and by
 * {@code dsp/bench/zita-ratio.sh}, which runs zita-convolver on the files {@link #main} exports.
 */
public final class ReverbBench {
    /** CPU and wall-clock seconds per second of stereo audio. */
    public record Result(double cpuPerAudioSecond, double wallPerAudioSecond, double audioSeconds) {
    }

    /** Least audio the convolvers run before a measurement. */
    static final double WARM_UP_SECONDS = 30;
    /** Audio per further warm-up step, run until a step leaves the JIT's compilation time unchanged. */
    static final double SETTLE_STEP_SECONDS = 10;
    /** Most further warm-up steps (10 min of audio, a few seconds of CPU). */
    static final int MOST_SETTLE_STEPS = 60;
    /** Least wall-clock time of the warm-up: the JIT's compiler threads need it on a loaded machine. */
    static final double WARM_UP_WALL_SECONDS = 3;

    private ReverbBench() {
    }

    /**
     * Runs {@code seconds} of {@code input} (two channels) through convolvers of {@code ir} in
     * blocks of {@code block}, after a warm-up at least as long that goes on until the JIT has
     * compiled what it runs; {@code output} (two channels, may be null)
     * receives the measured run's result.
     */
    public static Result measure(float[][] ir, double rate, int block, double seconds, float[][] input, float[][] output) {
        int headBlock = PartitionedConvolver.headBlockFor(block);
        // warm-up: at least 30 s of audio, whatever is measured. The large stages step a few
        // thousand times in 5 s, and runs of 5 s read up to 1.4x higher than runs of 20 s while
        // the JIT was still compiling them (zita, compiled ahead of time, has no such start)
        long warmUpStart = System.nanoTime();
        PartitionedConvolver warmLeft = new PartitionedConvolver(ir[0], headBlock, 0, 2);
        PartitionedConvolver warmRight = new PartitionedConvolver(ir[1], headBlock, 1, 2);
        run(warmLeft, warmRight, rate, block, Math.max(seconds, WARM_UP_SECONDS), input, null);
        // then for some wall-clock time and until the JIT is done: on a loaded machine its
        // compiler threads get little CPU and finish long after 30 s of audio has run (0.5 s /
        // 256 read 0.0062 s/s after the 30 s alone, 0.0036-0.0043 in later runs of the same JVM),
        // so an amount of audio is no measure of a warm JVM
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        for (int step = 0; step < MOST_SETTLE_STEPS; step++) {
            long compiling = jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
            run(warmLeft, warmRight, rate, block, SETTLE_STEP_SECONDS, input, null);
            boolean jitQuiet = !jit.isCompilationTimeMonitoringSupported() || jit.getTotalCompilationTime() == compiling;
            if (jitQuiet && System.nanoTime() - warmUpStart > WARM_UP_WALL_SECONDS * 1e9) {
                break;
            }
        }
        // best of three fresh runs: on a shared machine the fastest run is the least disturbed one
        Result best = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            PartitionedConvolver left = new PartitionedConvolver(ir[0], headBlock, 0, 2);
            PartitionedConvolver right = new PartitionedConvolver(ir[1], headBlock, 1, 2);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            double audio = run(left, right, rate, block, seconds, input, output);
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            long wall = System.nanoTime() - wall0;
            Result result = new Result(cpu * 1e-9 / audio, wall * 1e-9 / audio, audio);
            if (best == null || result.cpuPerAudioSecond() < best.cpuPerAudioSecond()) {
                best = result;
            }
        }
        return best;
    }

    private static double run(PartitionedConvolver left, PartitionedConvolver right, double rate, int block, double seconds,
            float[][] input, float[][] output) {
        int frames = input[0].length;
        long blocks = (long) (seconds * rate / block);
        float[] outLeft = new float[block];
        float[] outRight = new float[block];
        for (long b = 0; b < blocks; b++) {
            int at = (int) ((b * block) % (frames - block));
            left.process(input[0], at, outLeft, 0, block);
            right.process(input[1], at, outRight, 0, block);
            if (output != null) {
                System.arraycopy(outLeft, 0, output[0], (int) (b * block), block);
                System.arraycopy(outRight, 0, output[1], (int) (b * block), block);
            }
        }
        return blocks * block / rate;
    }

    /** Stereo Gaussian noise, the benchmark's input. */
    public static float[][] noise(double rate, double seconds, long seed) {
        Random random = new Random(seed);
        int frames = (int) (rate * seconds);
        float[][] x = new float[2][frames];
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < frames; i++) {
                x[c][i] = (float) (0.25 * random.nextGaussian());
            }
        }
        return x;
    }

    /** A synthetic stereo room of {@code seconds}: decorrelated noise decaying 60 dB over its length. */
    public static ImpulseResponse syntheticRoom(double rate, double seconds) {
        Random random = new Random(99);
        int frames = (int) (rate * seconds);
        float[][] ir = new float[2][frames];
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < frames; i++) {
                ir[c][i] = (float) (random.nextGaussian() * Math.exp(-6.9078 * i / frames));
            }
        }
        return ImpulseResponse.of("synthetic " + seconds + " s", Sample.stereo(ir[0], ir[1], rate));
    }

    /**
     * {@code ReverbBench IR RATE BLOCK SECONDS OUTDIR}: IR is {@code room}, a length in seconds
     * (synthetic room) or a WAV file. Writes {@code ir_left.f32}, {@code ir_right.f32},
     * {@code input.f32} and {@code downbeat_out.f32} to OUTDIR and prints the measurement.
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 4 && args[0].equals("--check")) {
            check(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
            return;
        }
        if (args.length != 5) {
            System.err.println("usage: ReverbBench IR(room|seconds|file.wav) RATE BLOCK SECONDS OUTDIR | --check OUTDIR OURS.f32 THEIRS.f32");
            System.exit(2);
        }
        double rate = Double.parseDouble(args[1]);
        int block = Integer.parseInt(args[2]);
        double seconds = Double.parseDouble(args[3]);
        Path out = Path.of(args[4]);
        Files.createDirectories(out);
        ImpulseResponse room = args[0].equals("room") ? ImpulseResponse.defaultRoom()
                : args[0].matches("[0-9.]+") ? syntheticRoom(rate, Double.parseDouble(args[0])) : ImpulseResponse.load(Path.of(args[0]));
        float[][] ir = room.channelsAt(rate);
        float[][] input = noise(rate, 10, 1);
        writeFloats(out.resolve("ir_left.f32"), ir[0]);
        writeFloats(out.resolve("ir_right.f32"), ir[1]);
        writeFloats(out.resolve("input.f32"), input[0], input[1]);
        int frames = (int) ((long) (seconds * rate / block) * block);
        float[][] result = new float[2][frames];
        Result r = measure(ir, rate, block, seconds, input, result);
        writeFloats(out.resolve("downbeat_out.f32"), result[0], result[1]);
        System.out.printf("downbeat cpu_per_audio_second %.6f wall_per_audio_second %.6f ir_samples %d plan %s%n",
                r.cpuPerAudioSecond(), r.wallPerAudioSecond(), ir[0].length, describe(PartitionPlan.choose(ir[0].length, PartitionedConvolver.headBlockFor(block))));
    }

    /** A plan in one line, e.g. "head 64x16, 1024x7 @1024, 4096x10 @8192". */
    static String describe(PartitionPlan plan) {
        StringBuilder text = new StringBuilder("head " + plan.headBlock() + "x" + plan.headPartitions());
        for (PartitionPlan.Stage stage : plan.stages()) {
            text.append(", ").append(stage.partition()).append('x').append(stage.partitions()).append(" @").append(stage.offset());
        }
        return text.toString();
    }

    /**
     * Prints how far two outputs in {@code dir} (left channels of {@code downbeat_out.f32} and
     * {@code zita_out.f32}) are from the exact convolution of {@code input.f32} with
     * {@code ir_left.f32}, computed in double precision by one large FFT.
     */
    static void check(Path dir, Path oursFile, Path theirsFile) throws IOException {
        float[] ir = readFloats(dir.resolve("ir_left.f32"));
        float[] ours = readFloats(oursFile);
        float[] theirs = readFloats(theirsFile);
        int frames = ours.length / 2;
        float[] input = readFloats(dir.resolve("input.f32"));
        int size = Integer.highestOneBit(frames + ir.length) << 1;
        double[] x = new double[size], h = new double[size];
        for (int i = 0; i < frames; i++) {
            x[i] = input[i];
        }
        for (int i = 0; i < ir.length; i++) {
            h[i] = ir[i];
        }
        org.jtransforms.fft.DoubleFFT_1D fft = new org.jtransforms.fft.DoubleFFT_1D(size);
        fft.realForward(x);
        fft.realForward(h);
        x[0] *= h[0];
        x[1] *= h[1];
        for (int k = 2; k < size; k += 2) {
            double re = x[k] * h[k] - x[k + 1] * h[k + 1];
            double im = x[k] * h[k + 1] + x[k + 1] * h[k];
            x[k] = re;
            x[k + 1] = im;
        }
        fft.realInverse(x, true);
        double peak = 0, ourError = 0, theirError = 0;
        for (int i = 0; i < frames; i++) {
            peak = Math.max(peak, Math.abs(x[i]));
            ourError = Math.max(ourError, Math.abs(ours[i] - x[i]));
            theirError = Math.max(theirError, Math.abs(theirs[i] - x[i]));
        }
        System.out.printf("error_vs_exact downbeat %.2g zita %.2g%n", ourError / peak, theirError / peak);
    }

    static float[] readFloats(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] data = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(data);
        return data;
    }

    static void writeFloats(Path file, float[]... channels) throws IOException {
        int total = 0;
        for (float[] c : channels) {
            total += c.length;
        }
        ByteBuffer bytes = ByteBuffer.allocate(4 * total).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] c : channels) {
            for (float x : c) {
                bytes.putFloat(x);
            }
        }
        Files.write(file, bytes.array());
    }
}
