package dev.downbeat.dsp;

import java.util.ArrayList;
import java.util.List;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * Convolves one channel with an impulse response of any length, with zero added latency and any
 * call length, using non-uniformly partitioned FFT convolution (JTransforms, single-threaded).
 *
 * <p>Layout for head block B: the first {@value #HEAD_PARTITIONS}·B samples run in a
 * zero-latency stage of B-sized partitions; after that each stage starts where its own partition
 * size fits (8B, 64B, ...), growing by {@value #GROWTH} up to {@value #MAX_PARTITION}. Later
 * stages transform once per (large) block and spread their multiply-adds over the following
 * block, which keeps the cost per sample low for long rooms.
 *
 * <p>Build on any thread (allocates); {@link #process} and {@link #reset} on the one audio thread
 * that owns the instance, and they allocate nothing.
 */
public final class PartitionedConvolver {
    static final int HEAD_PARTITIONS = 8;
    static final int GROWTH = 8;
    static final int MAX_PARTITION = 8192;

    static {
        // JTransforms otherwise hands large FFTs to a thread pool (allocating, waiting).
        ConcurrencyUtils.setNumberOfThreads(1);
    }

    private final ZeroLatencyStage head;
    private final DelayedStage[] tail;
    private final int length;

    /**
     * @param ir the impulse response (not kept; copied into spectra)
     * @param headBlock power of two 16..1024; best equal to the usual call length
     */
    public PartitionedConvolver(float[] ir, int headBlock) {
        if (headBlock < 16 || headBlock > 1024 || Integer.bitCount(headBlock) != 1) {
            throw new IllegalArgumentException("head block must be a power of two in 16..1024: " + headBlock);
        }
        ConcurrencyUtils.setNumberOfThreads(1);
        this.length = ir.length;
        int headLength = Math.min(ir.length, HEAD_PARTITIONS * headBlock);
        head = new ZeroLatencyStage(ir, headLength, headBlock);
        List<DelayedStage> stages = new ArrayList<>();
        int offset = HEAD_PARTITIONS * headBlock;
        int partition = offset;
        while (offset < ir.length) {
            int nextPartition = Math.min(partition * GROWTH, MAX_PARTITION);
            int end = nextPartition > partition ? Math.min(ir.length, nextPartition) : ir.length;
            stages.add(new DelayedStage(ir, offset, end - offset, partition));
            offset = end;
            partition = nextPartition;
        }
        tail = stages.toArray(new DelayedStage[0]);
    }

    /** The head block that suits a host's largest block: its power of two, within 64..1024. */
    public static int headBlockFor(int maxBlock) {
        int block = Integer.highestOneBit(Math.max(1, maxBlock - 1)) << 1;
        return Math.max(64, Math.min(1024, block));
    }

    /** Length of the impulse response in samples. */
    public int length() {
        return length;
    }

    /**
     * Writes the convolution of {@code frames} new input samples into {@code out} (overwriting).
     * {@code in} and {@code out} ranges must not overlap. Owning audio thread; no allocation.
     */
    public void process(float[] in, int inOffset, float[] out, int outOffset, int frames) {
        java.util.Arrays.fill(out, outOffset, outOffset + frames, 0f);
        head.process(in, inOffset, out, outOffset, frames);
        for (DelayedStage stage : tail) {
            stage.process(in, inOffset, out, outOffset, frames);
        }
    }

    /** Forgets all past input (silence in, silence out). Owning audio thread; no allocation. */
    public void reset() {
        head.reset();
        for (DelayedStage stage : tail) {
            stage.reset();
        }
    }
}
