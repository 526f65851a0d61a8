package dev.downbeat.plugin.core;

import dev.downbeat.dsp.DrumEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * Harness (not a unit test): what the block holding a bar's downbeat costs on the audio thread, against
 * the other blocks, with the bundled model, kit and room at 48 kHz / 64 frames, paced in real time so
 * the bar writer works on the other core as in a host. Two phases in one run: the temperature
 * automated to a new value in every downbeat block (every bar re-sampled there), and held constant.
 * Then the parts, timed on the same thread: re-sampling the downbeat step from the bar's cached
 * logits the way the audio thread does it ({@link StepSampling#sample}) against the former two-pass
 * softmax (kept here as the reference), and the DrumEngine alone replaying the same hits (the
 * voices a downbeat starts).
 *
 * <p>Run: {@code java -cp <test classpath> dev.downbeat.plugin.core.DownbeatBlockBenchmark [seconds per phase] [block] [rate]}
 */
public final class DownbeatBlockBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final float[] TEMPERATURES = {1.0f, 0.3f, 1.5f, 0.8f};

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 30;
        int block = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        double rate = args.length > 2 ? Double.parseDouble(args[2]) : 48000;
        double period = block / rate * 1e6;
        System.out.printf("block %d @ %.0f Hz, period %.1f us, budget (25 %%) %.1f us, %.0f s per phase%n",
                block, rate, period, period / 4, seconds);
        for (boolean automated : new boolean[] {true, false, true, false}) phase(automated, seconds, block, rate);
    }

    private static void phase(boolean automated, double seconds, int block, double rate) throws Exception {
        int blocks = (int) (seconds * rate / block);
        DownbeatInstrument inst = new DownbeatInstrument();
        HostSimulator host = new HostSimulator(inst, rate, block);
        if (inst.modelError() != null) throw new IllegalStateException(inst.modelError());
        host.speed = 1;
        BarPlayer player = playerOf(inst);
        long[] cpu = new long[blocks];
        boolean[] downbeat = new boolean[blocks];
        long[] samplingNow = new long[blocks / 100 + 16], samplingBefore = new long[samplingNow.length];
        int sampled = 0, disagreements = 0;
        double[] weights = new double[StepSampling.EVENTS];
        for (int i = 0; i < blocks; i++) {
            host.pace();
            double framesPerBar = rate * 60 / host.tempo * host.barQuarters();
            long barsBefore = (long) Math.ceil(host.frame / framesPerBar - 1e-9);
            long barsAfter = (long) Math.ceil((host.frame + block) / framesPerBar - 1e-9);
            downbeat[i] = barsAfter > barsBefore;
            if (automated) {
                inst.params().set(Param.TEMPERATURE, TEMPERATURES[(int) (barsAfter - 1 & 3)]);
            }
            long t0 = THREADS.getCurrentThreadCpuTime();
            host.run(block);
            cpu[i] = THREADS.getCurrentThreadCpuTime() - t0;
            // The downbeat step re-sampled again here, both ways, right after the block (same thread, caches as warm).
            Bar bar = player.playing();
            if (downbeat[i] && bar != null && bar.resamplable() && sampled < samplingNow.length) {
                float t = automated ? TEMPERATURES[(int) (barsAfter - 1 & 3)] : 1.0f;
                double u = StepSampling.draw(bar.randomKey(), bar.firstPosition());
                long a = THREADS.getCurrentThreadCpuTime();
                int before = twoPassSample(bar.logits(), 0, t, u);
                long b = THREADS.getCurrentThreadCpuTime();
                int now = StepSampling.sample(bar.logits(), 0, t, u, weights);
                long c = THREADS.getCurrentThreadCpuTime();
                if (before != now) disagreements++;
                samplingBefore[sampled] = b - a;
                samplingNow[sampled++] = c - b;
            }
        }
        long late = inst.lateSteps(), resampled = inst.resampledBars();
        inst.close();

        int skip = blocks / 10;
        System.out.printf("%n== temperature %s: %d blocks, bars re-sampled %d, late steps %d%n",
                automated ? "automated every bar" : "constant", blocks, resampled, late);
        report("process, downbeat blocks", cpu, downbeat, true, skip);
        report("process, other blocks", cpu, downbeat, false, skip);
        long[] before = sortedFrom(samplingBefore, sampled / 10, sampled), now = sortedFrom(samplingNow, sampled / 10, sampled);
        System.out.printf("  %-34s n %5d  median %7.1f us  p90 %7.1f us  max %7.1f us%n", "step 0 re-sample, two-pass (before)",
                before.length, pct(before, 0.5) / 1e3, pct(before, 0.9) / 1e3, max(before) / 1e3);
        System.out.printf("  %-34s n %5d  median %7.1f us  p90 %7.1f us  max %7.1f us  (disagreements %d)%n",
                "step 0 re-sample, one pass (now)", now.length, pct(now, 0.5) / 1e3, pct(now, 0.9) / 1e3, max(now) / 1e3,
                disagreements);
        replayEngine(host, blocks, block, rate, skip);
    }

    /** The DrumEngine alone replaying the phase's hits at the same pace: the voices' share of each block. */
    private static void replayEngine(HostSimulator host, int blocks, int block, double rate, int skip) {
        DrumEngine engine = new DrumEngine();
        engine.prepare(rate, block);
        float[] l = new float[block], r = new float[block];
        long[] cpu = new long[blocks];
        boolean[] downbeat = new boolean[blocks];
        double framesPerBar = rate * 60 / host.tempo * host.barQuarters();
        int next = 0;
        long frame = 0, start = System.nanoTime();
        for (int i = 0; i < blocks; i++) {
            long due = start + (long) (frame / rate * 1e9);
            while (System.nanoTime() < due) LockSupport.parkNanos(100_000);
            downbeat[i] = (long) Math.ceil((frame + block) / framesPerBar - 1e-9) > (long) Math.ceil(frame / framesPerBar - 1e-9);
            long t0 = THREADS.getCurrentThreadCpuTime();
            while (next < host.noteOns && host.noteOnFrame[next] < frame + block) {
                engine.noteOn(voiceOf(host.noteOnPitch[next]), 100 / 127f, (int) (host.noteOnFrame[next] - frame));
                next++;
            }
            engine.process(l, r, 0, block);
            cpu[i] = THREADS.getCurrentThreadCpuTime() - t0;
            frame += block;
        }
        report("DrumEngine alone, downbeat blocks", cpu, downbeat, true, skip);
        report("DrumEngine alone, other blocks", cpu, downbeat, false, skip);
    }

    /** The sampling rule as it was before the one-pass change: exp computed twice per event. */
    static int twoPassSample(float[] logits, int offset, float temperature, double u) {
        int best = 0;
        for (int e = 1; e < StepSampling.EVENTS; e++) {
            if (logits[offset + e] > logits[offset + best]) best = e;
        }
        if (!(temperature > 0)) return best;
        double max = logits[offset + best];
        double total = 0;
        for (int e = 0; e < StepSampling.EVENTS; e++) total += StrictMath.exp((logits[offset + e] - max) / temperature);
        double target = u * total, sum = 0;
        for (int e = 0; e < StepSampling.EVENTS; e++) {
            sum += StrictMath.exp((logits[offset + e] - max) / temperature);
            if (target < sum) return e;
        }
        return best;
    }

    private static BarPlayer playerOf(DownbeatInstrument inst) throws ReflectiveOperationException {
        var field = DownbeatInstrument.class.getDeclaredField("player");
        field.setAccessible(true);
        return (BarPlayer) field.get(inst);
    }

    private static int voiceOf(int pitch) {
        int[] pitches = {36, 38, 42, 46, 41, 43, 45, 49, 51};
        for (int v = 0; v < pitches.length; v++) if (pitches[v] == pitch) return v;
        return 0;
    }

    private static void report(String what, long[] cpu, boolean[] downbeat, boolean which, int skip) {
        long[] s = new long[cpu.length];
        int n = 0;
        for (int i = skip; i < cpu.length; i++) if (downbeat[i] == which) s[n++] = cpu[i];
        s = sortedFrom(s, 0, n);
        if (n == 0) return;
        double mean = 0;
        for (long v : s) mean += v;
        mean /= n;
        System.out.printf("  %-34s n %5d  mean %7.1f us  median %7.1f us  p90 %7.1f us  p99 %7.1f us  max %8.1f us%n",
                what, n, mean / 1e3, pct(s, 0.5) / 1e3, pct(s, 0.9) / 1e3, pct(s, 0.99) / 1e3, max(s) / 1e3);
    }

    private static long[] sortedFrom(long[] t, int from, int to) {
        long[] s = Arrays.copyOfRange(t, from, Math.max(from, to));
        Arrays.sort(s);
        return s;
    }

    private static long pct(long[] s, double p) {
        return s.length == 0 ? 0 : s[Math.min(s.length - 1, (int) (p * s.length))];
    }

    private static long max(long[] s) {
        return s.length == 0 ? 0 : s[s.length - 1];
    }
}
