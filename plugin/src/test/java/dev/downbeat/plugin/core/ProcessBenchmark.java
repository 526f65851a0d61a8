package dev.downbeat.plugin.core;

import dev.downbeat.dsp.DrumEngine;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * Harness (not a unit test): the cost of {@link DownbeatInstrument#process} per block with the bundled
 * model and kit, paced in real time so the worker runs as in a host, against the reference of the
 * DrumEngine alone rendering the same hits in the same run. Optional garbage thread (GC pressure).
 *
 * <p>Run: {@code java -cp <test classpath> dev.downbeat.plugin.core.ProcessBenchmark [seconds] [block] [rate] [garbage]}
 */
public final class ProcessBenchmark {
    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 20;
        int block = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        double rate = args.length > 2 ? Double.parseDouble(args[2]) : 48000;
        boolean garbage = args.length > 3 && Boolean.parseBoolean(args[3]);
        int blocks = (int) (seconds * rate / block);
        double periodMicros = block / rate * 1e6;

        Thread litter = null;
        if (garbage) {
            litter = new Thread(() -> {
                Object[] keep = new Object[4096];
                int i = 0;
                // About 100 MB/s of short- and long-lived garbage, like a busy host's other threads.
                while (!Thread.currentThread().isInterrupted()) {
                    for (int k = 0; k < 25; k++) keep[i++ & 4095] = new byte[1 + (i % 8192)];
                    LockSupport.parkNanos(1_000_000);
                }
            }, "garbage");
            litter.setDaemon(true);
            litter.start();
        }

        DownbeatInstrument inst = new DownbeatInstrument();
        HostSimulator host = new HostSimulator(inst, rate, block);
        if (inst.modelError() != null) throw new IllegalStateException(inst.modelError());
        host.speed = 1;
        long[] core = new long[blocks];
        float[] temperatures = {1.0f, 0.3f, 1.5f, 0.8f};
        for (int i = 0; i < blocks; i++) {
            host.pace();
            // A new temperature lands in the block holding each downbeat: every bar is re-sampled there.
            int bar = (int) ((host.quarters + block * host.tempo / 60 / rate) / 4);
            inst.params().set(Param.TEMPERATURE, temperatures[bar % temperatures.length]);
            long t0 = System.nanoTime();
            host.run(block);
            core[i] = System.nanoTime() - t0;
        }
        long late = inst.lateSteps(), resampled = inst.resampledBars();
        inst.close();

        // Reference: the engine alone, same rate and block, the same hits (replayed from the MIDI out).
        DrumEngine engine = new DrumEngine();
        engine.prepare(rate, block);
        float[] l = new float[block], r = new float[block];
        long[] ref = new long[blocks];
        int next = 0;
        long frame = 0;
        long start = System.nanoTime();
        for (int i = 0; i < blocks; i++) {
            long due = start + (long) (frame / rate * 1e9); // paced like the instrument run
            while (System.nanoTime() < due) LockSupport.parkNanos(100_000);
            while (next < host.noteOns && host.noteOnFrame[next] < frame + block) {
                engine.noteOn(pitchToVoice(host.noteOnPitch[next]), 100 / 127f, host.noteOnFrame[next] - frame);
                next++;
            }
            long t0 = System.nanoTime();
            engine.process(l, r, 0, block);
            ref[i] = System.nanoTime() - t0;
            frame += block;
        }
        if (litter != null) litter.interrupt();
        report("DownbeatInstrument.process", core, blocks / 10, periodMicros);
        report("DrumEngine.process alone (reference)", ref, blocks / 10, periodMicros);
        long[] coreSorted = sorted(core, blocks / 10), refSorted = sorted(ref, blocks / 10);
        System.out.printf("ratio core/reference: mean %.2f, p99 %.2f%n", mean(coreSorted) / mean(refSorted),
                (double) pct(coreSorted, 0.99) / pct(refSorted, 0.99));
        System.out.printf("notes %d, bars re-sampled %d, late steps %d, block %d @ %.0f Hz (period %.1f us), %s%n",
                host.noteOns, resampled, late, block, rate, periodMicros, garbage ? "with a garbage thread" : "no garbage thread");
    }

    private static int pitchToVoice(int pitch) {
        int[] pitches = {36, 38, 42, 46, 41, 43, 45, 49, 51};
        for (int v = 0; v < pitches.length; v++) if (pitches[v] == pitch) return v;
        return 0;
    }

    private static long[] sorted(long[] t, int skip) {
        long[] s = Arrays.copyOfRange(t, skip, t.length);
        Arrays.sort(s);
        return s;
    }

    private static double mean(long[] s) {
        double sum = 0;
        for (long v : s) sum += v;
        return sum / s.length;
    }

    private static long pct(long[] s, double p) {
        return s[Math.min(s.length - 1, (int) (p * s.length))];
    }

    private static void report(String what, long[] t, int skip, double period) {
        long[] s = sorted(t, skip);
        System.out.printf("%-40s mean %7.1f us (%5.2f %%)  p99 %7.1f us (%5.2f %%)  p99.9 %7.1f us  max %8.1f us (%6.2f %%)%n",
                what, mean(s) / 1e3, mean(s) / 1e3 / period * 100, pct(s, 0.99) / 1e3, pct(s, 0.99) / 1e3 / period * 100,
                pct(s, 0.999) / 1e3, s[s.length - 1] / 1e3, s[s.length - 1] / 1e3 / period * 100);
    }
}
