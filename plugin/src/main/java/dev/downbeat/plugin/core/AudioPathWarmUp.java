package dev.downbeat.plugin.core;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the audio path once per Java VM before any instrument plays: a throwaway instrument (the
 * real kit and room, a {@link WarmUpModel} on its worker) is driven silently through everything a
 * session does — bar lines, re-samples after temperature changes, late steps, swing, meter and
 * tempo changes, stop and start, jumps, MIDI in (played and captured) and out, odd block lengths —
 * so that the JIT has compiled those paths, rare ones included, before the first real block.
 * Without it the first second after the transport starts ran interpreted code (blocks of 0.5 to
 * 1.6 ms CPU at 48 kHz / 64 frames), and a path first met later (the first jump, the first MIDI
 * note) cost a deoptimisation in a live block. docs/benchmarks.md, "VST2", has the numbers.
 *
 * <p>The first {@link DownbeatInstrument#prepare} in a VM starts it on a thread of its own at the
 * lowest priority and returns at once (run inline it made a cold instantiate 1.5 s slower); it
 * takes at most {@link #CPU_BUDGET_NANOS} of CPU time and {@link #WALL_BUDGET_NANOS} of wall time,
 * about 2 s on an idle machine, so it is done long before a user presses play. The system property
 * {@code downbeat.audioWarmUp=false} switches it off (to measure without it).
 */
final class AudioPathWarmUp {
    /** Blocks to run at most: enough for the JIT's top tier on the per-block methods. */
    static final int BLOCKS = 30_000;
    /** CPU time of the warming thread at most: about 30 000 blocks of 64 frames at 48 kHz once compiled. */
    static final long CPU_BUDGET_NANOS = 1_000_000_000L;
    /** Wall time at most, however loaded the machine (or interpreted the VM). */
    static final long WALL_BUDGET_NANOS = 4_000_000_000L;
    private static final AtomicBoolean DONE = new AtomicBoolean();
    private static volatile Thread running;

    /** What a warm-up went through: the paths a session takes, each of which it must have met. */
    record Coverage(int blocks, long notesOut, long resampledBars, long lateSteps, int starts, int jumps, int midiIn) {
    }

    private AudioPathWarmUp() {
    }

    /**
     * Starts warming the audio path at this rate and block size, unless this VM did already (or it
     * is off). Any thread; returns at once, true when it started. Never throws.
     */
    static boolean start(double sampleRate, int maxBlock, HostCallbacks host) {
        if (!Boolean.parseBoolean(System.getProperty("downbeat.audioWarmUp", "true"))) return false;
        if (!DONE.compareAndSet(false, true)) return false;
        try {
            Thread t = new Thread(() -> warm(sampleRate, maxBlock, host), "downbeat-audio-warm-up");
            t.setDaemon(true);
            // Not lower: under -XX:ThreadPriorityPolicy=1 (jvm_boot) that is nice 4, and every GC pause waits for it to be scheduled.
            t.setPriority(Thread.NORM_PRIORITY);
            running = t;
            t.start();
            return true;
        } catch (RuntimeException | Error e) {
            host.log("Downbeat skipped warming up its audio path (the first blocks may take longer): " + e);
            return false;
        }
    }

    /** Waits until a warm-up started by {@link #start} has finished (tests). */
    static void awaitFinished() throws InterruptedException {
        Thread t = running;
        if (t != null) t.join(10_000);
    }

    /** Runs the warm-up on the calling thread; returns what it ran through (null if it failed). Never throws. */
    static Coverage warm(double sampleRate, int maxBlock, HostCallbacks host) {
        DownbeatInstrument throwaway = new DownbeatInstrument(WarmUpModel::new, new EngineVoices());
        try {
            long t0 = System.nanoTime();
            throwaway.prepare(sampleRate, maxBlock); // DONE is set: no warm-up inside the warm-up
            Coverage c = run(throwaway, sampleRate, maxBlock);
            host.log(String.format(java.util.Locale.ROOT, "Downbeat warmed up its audio path in %.0f ms: %s",
                    (System.nanoTime() - t0) / 1e6, c));
            return c;
        } catch (RuntimeException | LinkageError e) {
            host.log("Downbeat skipped warming up its audio path (the first blocks may take longer): " + e);
            return null;
        } finally {
            throwaway.close();
            running = null;
        }
    }

    /** Drives {@code instrument} (prepared for this rate and block) through a session's paths; the warm-up's thread. */
    static Coverage run(DownbeatInstrument instrument, double sampleRate, int maxBlock) {
        ProcessBlock b = new ProcessBlock(maxBlock, 512);
        long notes = 0;
        int starts = 0, jumps = 0, midiIn = 0;
        float[] temperatures = {0.4f, 1.2f, 0.9f, 1.6f, 0.0f};
        double quarters = 0;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        boolean cpuClock = threads.isCurrentThreadCpuTimeSupported();
        long deadline = System.nanoTime() + WALL_BUDGET_NANOS;
        long cpuDeadline = cpuClock ? threads.getCurrentThreadCpuTime() + CPU_BUDGET_NANOS : Long.MAX_VALUE;
        int block = 0;
        for (; block < BLOCKS && System.nanoTime() < deadline && (block % 64 != 0 || !cpuClock
                || threads.getCurrentThreadCpuTime() < cpuDeadline); block++) {
            int phase = block % 4000;
            b.frames = block % 11 == 10 ? 1 + block * 7919 % maxBlock : maxBlock; // now and then an odd length
            b.playing = phase < 3800;                                            // a stop, then a start
            // Mostly offline: the player then waits for the worker's bars (this plays far faster than
            // real time), so bars, notes and re-samples come as in a session; the rest plays live,
            // where the worker falls behind and the late-step path runs too.
            b.offline = phase < 3000;
            // Short bars: many bar lines. A session meets a bar line once per bar, far too rarely for the
            // JIT, so the bar hand-over (BarPlayer.beginBar, the shelf's atomic slots, the messages to
            // the worker) ran interpreted at every downbeat (15-50 us) until the 1/16 stretch below gave
            // it hundreds of bar lines of one step each, in every 1000 blocks (a host's larger blocks
            // spend the CPU budget in about 4000).
            boolean sixteenths = block % 1000 >= 700;
            b.tempoBpm = sixteenths ? 960 : block % 3000 < 1500 ? 480 : 333;
            b.meterNumerator = sixteenths ? 1 : block % 8000 < 6000 ? 4 : 7;
            b.meterDenominator = sixteenths ? 16 : block % 8000 < 6000 ? 4 : 8;
            if (phase == 2000) {
                quarters += 5.25; // a jump
                jumps++;
            }
            if (phase == 0) starts++;
            double barLength = b.meterNumerator * 4.0 / b.meterDenominator;
            b.positionQuarters = quarters;
            b.positionValid = true;
            b.barStartQuarters = Math.floor(quarters / barLength + 1e-9) * barLength;
            b.barStartValid = true;
            int bar = (int) (quarters / barLength);
            instrument.setParameter(Param.TEMPERATURE.index, Param.TEMPERATURE.range.normalize(temperatures[bar % temperatures.length]));
            instrument.setParameter(Param.SWING.index, block % 2000 < 1000 ? 0f : 0.4f);
            instrument.setParameter(Param.CAPTURE.index, block % 6000 < 300 ? 1f : 0f);
            instrument.setParameter(Param.HUMANIZE.index, block % 5000 < 2500 ? 0.7f : 0f); // grooved hits held and queued
            instrument.setParameter(Param.DYNAMICS.index, block % 5000 < 2500 ? 0.7f : 0f);
            b.midiInCount = 0;
            if (block % 37 == 0) {
                b.midiInCount = 1;
                b.midiInFrame[0] = block % b.frames;
                b.midiInStatus[0] = (byte) 0x99;
                b.midiInData1[0] = (byte) (block % 2 == 0 ? 38 : 42);
                b.midiInData2[0] = 100;
                midiIn++;
            }
            instrument.process(b);
            for (int i = 0; i < b.midiOutCount; i++) if ((b.midiOutStatus[i] & 0xF0) == 0x90) notes++;
            if (b.playing) quarters += b.frames * b.tempoBpm / 60.0 / sampleRate;
        }
        return new Coverage(block, notes, instrument.resampledBars(), instrument.lateSteps(), starts, jumps, midiIn);
    }
}
