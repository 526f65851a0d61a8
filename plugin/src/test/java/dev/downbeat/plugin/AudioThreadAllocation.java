package dev.downbeat.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Measures what the calling (audio) thread allocates while it runs a stretch of blocks.
 *
 * <p>After warm-up, the JVM itself now and then charges a few hundred bytes to a thread that
 * allocates nothing of its own (late tiered compilation or deoptimization: seen here as 1160, 248,
 * then 0 bytes in three stretches of 5000 blocks of the real instrument). So a stretch is run
 * several times: code that allocates, even once a bar, would show in every stretch (a stretch
 * holds several bars), the JVM's odd events in the first ones. The check is that some stretch
 * allocates exactly nothing, and none allocates as much as one small object per block would.
 */
public final class AudioThreadAllocation {
    private static final int STRETCHES = 5;
    /** Below 16 bytes (the smallest object) for each of the thousands of blocks a stretch runs. */
    private static final long ODD_EVENT_BYTES = 16 * 1024;

    private AudioThreadAllocation() {
    }

    /** Runs {@code stretch} {@value #STRETCHES} times on this thread and asserts it allocates nothing (see above). */
    public static void assertAllocatesNothing(String what, Runnable stretch) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        assertAllocatesNothing(what, () -> threads.getThreadAllocatedBytes(id), stretch);
    }

    /**
     * As {@link #assertAllocatesNothing(String, Runnable)}, reading the bytes allocated so far from
     * {@code allocatedBytes} (e.g. a host simulator that counts only inside {@code process}).
     */
    public static void assertAllocatesNothing(String what, LongSupplier allocatedBytes, Runnable stretch) {
        long[] bytes = new long[STRETCHES];
        for (int s = 0; s < STRETCHES; s++) {
            long before = allocatedBytes.getAsLong();
            stretch.run();
            bytes[s] = allocatedBytes.getAsLong() - before;
        }
        String measured = "bytes allocated by " + what + ", per stretch: " + Arrays.toString(bytes);
        assertThat(Arrays.stream(bytes).min().orElseThrow()).as(measured).isZero();
        assertThat(Arrays.stream(bytes).max().orElseThrow()).as(measured).isLessThan(ODD_EVENT_BYTES);
    }
}
