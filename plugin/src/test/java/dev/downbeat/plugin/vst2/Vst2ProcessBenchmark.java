package dev.downbeat.plugin.vst2;

import com.sun.management.ThreadMXBean;
import dev.downbeat.plugin.core.DownbeatInstrument;
import dev.downbeat.plugin.core.Param;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The VST2 audio path under garbage: drives {@link Vst2Plugin#process} with the real
 * {@link DownbeatInstrument} at 48 kHz / 64 frames, paced like a host's audio callback (one block
 * per 1.333 ms period), while another thread makes garbage, and reports CPU per block, the worst
 * call against the block period, and bytes allocated on the audio thread.
 *
 * <p>Run it in a JVM with the options jvm_boot gives the plugin, and compare collectors in the same
 * session (docs/benchmarks.md has the commands):
 * <pre>java -Xrs -XX:+UseZGC -Xms64m -Xmx1g -cp ... dev.downbeat.plugin.vst2.Vst2ProcessBenchmark 10</pre>
 * Argument: minutes to run (default 1).
 */
public final class Vst2ProcessBenchmark {
    private static final double RATE = 48_000;
    private static final int FRAMES = 64;
    private static final long PERIOD_NANOS = Math.round(FRAMES / RATE * 1e9);

    private Vst2ProcessBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 1;
        FakeHost host = new FakeHost();
        DownbeatInstrument instrument = new DownbeatInstrument();
        Vst2Plugin plugin = new Vst2Plugin(instrument, (o, i, v, f) -> 0, host.buffer);
        plugin.dispatch(Vst2Plugin.EFF_SET_SAMPLE_RATE, 0, 0, (float) RATE);
        plugin.dispatch(Vst2Plugin.EFF_SET_BLOCK_SIZE, 0, FRAMES, 0);
        plugin.dispatch(Vst2Plugin.EFF_MAINS_CHANGED, 0, 1, 0);
        plugin.setParameter(Param.TEMPERATURE.index, 0.6f);

        Thread garbage = new Thread(Vst2ProcessBenchmark::makeGarbage, "garbage");
        garbage.setDaemon(true);
        garbage.start();

        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long warmup = Math.round(20 * RATE / FRAMES); // 20 s: JIT and the first bars
        long runNanos = Math.round(minutes * 60e9);
        long[] histogram = new long[2000]; // 10 µs buckets up to 20 ms
        long worst = 0, total = 0, measured = 0, over25 = 0, notes = 0;
        // Wall time includes time the OS ran other threads instead; CPU time is the call's own work.
        long worstCpu = 0, totalCpu = 0, over25Cpu = 0;
        long allocatedBefore = 0;
        long samplePos = 0;
        long next = System.nanoTime(), end = Long.MAX_VALUE, late = 0;
        // Runs `minutes` of wall time after the warm-up; a loaded machine fits fewer blocks in it.
        for (long b = 0; System.nanoTime() < end; b++, samplePos += FRAMES) {
            if (b == warmup) {
                allocatedBefore = threads.getThreadAllocatedBytes(id);
                end = System.nanoTime() + runNanos;
            }
            next += PERIOD_NANOS;
            double ppq = samplePos / RATE * 2;
            host.time(samplePos, ppq, 120, Math.floor(ppq / 4) * 4, true);
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            int out = plugin.process(0, FRAMES, FRAMES);
            long took = System.nanoTime() - t0;
            long cpu = threads.getCurrentThreadCpuTime() - c0;
            if (b >= warmup) {
                measured++;
                total += took;
                worst = Math.max(worst, took);
                histogram[(int) Math.min(histogram.length - 1, took / 10_000)]++;
                if (took > PERIOD_NANOS / 4) over25++;
                if (out > 0) notes += out;
                totalCpu += cpu;
                worstCpu = Math.max(worstCpu, cpu);
                if (cpu > PERIOD_NANOS / 4) over25Cpu++;
            }
            long wait = next - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            else if (wait < -PERIOD_NANOS) {
                next = System.nanoTime(); // more than a period behind: a real host would have dropped out
                if (b >= warmup) late++;
            }
        }
        long allocated = threads.getThreadAllocatedBytes(id) - allocatedBefore;
        plugin.close();
        String gc = ManagementFactory.getGarbageCollectorMXBeans().get(0).getName();
        System.out.printf(Locale.ROOT, "collector %s, %.1f min, %d blocks of %d frames at %.0f Hz (period %.1f µs), %d MIDI events, "
                        + "%d times the loop woke more than a period late%n",
                gc, minutes, measured, FRAMES, RATE, PERIOD_NANOS / 1e3, notes, late);
        System.out.printf(Locale.ROOT, "process(): mean %.1f µs (%.1f %% of the period), p99.9 %.1f µs, p99.99 %.1f µs, "
                        + "worst %.1f µs (%.1f %% of the period); calls over 25 %%: %d%n",
                total / 1e3 / measured, 100.0 * total / measured / PERIOD_NANOS,
                percentile(histogram, measured, 0.999), percentile(histogram, measured, 0.9999),
                worst / 1e3, 100.0 * worst / PERIOD_NANOS, over25);
        System.out.printf(Locale.ROOT, "process() CPU time: mean %.1f µs, worst %.1f µs (%.1f %% of the period); calls over 25 %%: %d%n",
                totalCpu / 1e3 / measured, worstCpu / 1e3, 100.0 * worstCpu / PERIOD_NANOS, over25Cpu);
        for (var bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            long count = bean.getCollectionCount(), millis = bean.getCollectionTime();
            System.out.printf(Locale.ROOT, "  %s: %d collections, %d ms in all (%.2f ms each)%n",
                    bean.getName(), count, millis, count > 0 ? (double) millis / count : 0);
        }
        System.out.printf(Locale.ROOT, "allocated on the audio thread: %d bytes in %d blocks (%.3f per block)%n",
                allocated, measured, (double) allocated / measured);
    }

    private static double percentile(long[] histogram, long count, double p) {
        long target = (long) Math.ceil(count * p), seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= target) return (i + 1) * 10.0;
        }
        return histogram.length * 10.0;
    }

    /** About 200 MB/s of short-lived garbage plus a churning 64 MB of survivors. */
    private static void makeGarbage() {
        Object[] survivors = new Object[64];
        long n = 0;
        while (true) {
            byte[] junk = new byte[1 << 16];
            junk[(int) (n % junk.length)] = (byte) n;
            if (n % 64 == 0) survivors[(int) (n / 64 % survivors.length)] = new byte[1 << 20];
            String s = Arrays.toString(new int[] {(int) n, junk[0]});
            if (s.isEmpty()) System.out.print("");
            n++;
            if (n % 32 == 0) LockSupport.parkNanos(10_000_000); // ~200 MB/s
        }
    }
}
