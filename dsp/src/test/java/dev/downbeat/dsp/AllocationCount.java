package dev.downbeat.dsp;

import java.lang.management.ManagementFactory;

/**
 * Heap bytes the calling thread allocates while running some work, as the no-allocation tests
 * read them (com.sun.management.ThreadMXBean). The JIT sometimes charges a few bytes to one
 * round of compiled code that allocates nothing (docs/benchmarks.md, "Allocation"), so a test
 * takes the fewest of several rounds: one clean round proves the code allocates nothing.
 */
final class AllocationCount {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationCount() {
    }

    /** The fewest bytes the calling thread allocated in one of up to {@code rounds} runs of {@code work} (stops at a clean round). */
    static long fewestBytes(Runnable work, int rounds) {
        long thread = Thread.currentThread().getId();
        long fewest = Long.MAX_VALUE;
        for (int round = 0; round < rounds && fewest > 0; round++) {
            long before = THREADS.getThreadAllocatedBytes(thread);
            work.run();
            fewest = Math.min(fewest, THREADS.getThreadAllocatedBytes(thread) - before);
        }
        return fewest;
    }
}
