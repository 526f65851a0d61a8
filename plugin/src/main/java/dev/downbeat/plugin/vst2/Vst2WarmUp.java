package dev.downbeat.plugin.vst2;

import dev.downbeat.plugin.core.DownbeatInstrument;
import dev.downbeat.plugin.core.ProcessBlock;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the VST2 layer's own code, which the core's audio-path warm-up never reaches, before the
 * host plays, so that the JIT has compiled it with a profile of a session:
 * <ul>
 * <li>{@link Vst2Plugin#setParameter} and {@link Vst2Plugin#getParameter}. A host calls
 * setParameter once per automation point, e.g. once a bar for a temperature automated per bar: far
 * too rarely for the JIT, so it ran interpreted, and in the block holding each automated downbeat
 * it cost the audio thread 26–90 µs of CPU (up to 590 µs on a loaded machine); compiled, 4–31 µs.
 * <li>{@link HostTime} over a transport that plays, stops, starts and jumps. Compiled while the
 * host's transport was still stopped, its play path was first met in the first block after play.
 * </ul>
 * docs/benchmarks.md, "VST2", has the numbers.
 *
 * <p>It drives throwaway objects of the same classes as the real ones (a plugin over an unprepared
 * {@link DownbeatInstrument}, which loads nothing and starts no thread; a HostTime over a block of
 * its own), so the JIT's type profile is the real one; once per VM, on a daemon thread of
 * normal priority. The system property {@code downbeat.audioWarmUp=false}, which switches the
 * core's warm-up off, switches this off too.
 */
final class Vst2WarmUp {
    /**
     * Calls of each parameter method: well past the JIT's top-tier threshold (about 15 000
     * invocations), which the VM raises while its compiler is busy with the core's warm-up (40 000
     * calls left setParameter in C1 code once at load 12). 120–160 ms in a VM of its own at load 9,
     * interpretation and compiles included.
     */
    static final int PARAMETER_CALLS = 200_000;
    /** Host blocks of transport; 80–110 ms, measured as above. */
    static final int HOST_BLOCKS = 100_000;
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private Vst2WarmUp() {
    }

    /** Starts the warm-up unless this VM did already (or it is off). Any thread; returns at once. Never throws. */
    static void start() {
        if (!Boolean.parseBoolean(System.getProperty("downbeat.audioWarmUp", "true"))) return;
        if (!STARTED.compareAndSet(false, true)) return;
        try {
            Thread t = new Thread(Vst2WarmUp::run, "downbeat-vst2-warm-up");
            t.setDaemon(true);
            // Not lower: under -XX:ThreadPriorityPolicy=1 (jvm_boot) that is nice 4, and every GC pause waits for it to be scheduled.
            t.setPriority(Thread.NORM_PRIORITY);
            t.start();
        } catch (RuntimeException | Error e) {
            LogFile.append("Downbeat skipped warming up its VST2 calls (the first automated blocks may take longer): " + e);
        }
    }

    /** Runs both parts on the calling thread; the warm-up's thread. Never throws. */
    static void run() {
        try {
            parameterCalls();
            transport();
        } catch (RuntimeException | LinkageError e) {
            LogFile.append("Downbeat skipped warming up its VST2 calls (the first automated blocks may take longer): " + e);
        }
    }

    /** Both parameter methods, {@link #PARAMETER_CALLS} times over every parameter and a spread of values. */
    static void parameterCalls() {
        DownbeatInstrument throwaway = new DownbeatInstrument();
        try {
            Vst2Plugin plugin = Vst2Plugin.unprepared(throwaway);
            int count = throwaway.parameterCount();
            float sum = 0;
            for (int i = 0; i < PARAMETER_CALLS; i++) {
                int index = i % count;
                plugin.setParameter(index, (i % 101) / 100f);
                sum += plugin.getParameter(index);
            }
            if (Float.isNaN(sum)) LogFile.append("the VST2 warm-up read a NaN parameter"); // the reads are used
        } finally {
            throwaway.close();
        }
    }

    /**
     * {@link #HOST_BLOCKS} host blocks of 64 frames at 48 kHz, as a host reports them (positions
     * in Ardour's 1/1920-quarter ticks): mostly rolling on, with a stop and a start every 1 000
     * blocks, a relocation every 2 500 and a tempo and meter change every 4 000, and each block
     * split in two instrument blocks now and then.
     */
    static void transport() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(SharedBlock.SIZE);
        SharedBlock shared = new SharedBlock(buffer);
        ByteBuffer bytes = shared.bytes();
        HostTime time = new HostTime();
        ProcessBlock block = new ProcessBlock(64, 16);
        double rate = 48_000;
        long samplePos = 0;
        double quarters = 0;
        for (int i = 0; i < HOST_BLOCKS; i++) {
            boolean playing = i % 1000 < 950;
            double tempo = i % 8000 < 4000 ? 120 : 97;
            int numerator = i % 8000 < 4000 ? 4 : 7, denominator = i % 8000 < 4000 ? 4 : 8;
            if (i % 2500 == 2499) quarters += 5.25; // the user clicked elsewhere
            double barLength = numerator * 4.0 / denominator;
            bytes.putDouble(SharedBlock.SAMPLE_POS, samplePos);
            bytes.putDouble(SharedBlock.SAMPLE_RATE, rate);
            bytes.putDouble(SharedBlock.PPQ_POS, Math.floor(quarters * 1920) / 1920);
            bytes.putDouble(SharedBlock.TEMPO, tempo);
            bytes.putDouble(SharedBlock.BAR_START, Math.floor(quarters / barLength) * barLength);
            bytes.putInt(SharedBlock.TIME_SIG_NUMERATOR, numerator);
            bytes.putInt(SharedBlock.TIME_SIG_DENOMINATOR, denominator);
            bytes.putInt(SharedBlock.TIME_FLAGS, SharedBlock.PPQ_POS_VALID | SharedBlock.TEMPO_VALID | SharedBlock.BARS_VALID
                    | SharedBlock.TIME_SIG_VALID | (playing ? SharedBlock.TRANSPORT_PLAYING : 0));
            bytes.putInt(SharedBlock.TIME_PRESENT, 1);
            bytes.putInt(SharedBlock.PROCESS_LEVEL, 2);
            time.beginHostBlock(shared, 64, rate, block.tempoBpm);
            time.apply(shared, 0, rate, block);
            if (i % 7 == 0) time.apply(shared, 32, rate, block);
            if (playing) {
                samplePos += 64;
                quarters += 64 / rate * tempo / 60;
            }
        }
    }
}
