package dev.downbeat.dsp;

import java.util.ArrayList;
import java.util.List;

/**
 * Convolves one channel with an impulse response of any length, with zero added latency and any
 * call length, using non-uniformly partitioned FFT convolution.
 *
 * <p>Layout ({@link PartitionPlan}): the first samples run in a zero-latency stage of head-block
 * partitions; later segments run in stages of larger partitions (up to {@value #MAX_PARTITION}),
 * which transform once per large block, keeping the cost per sample low for long rooms. The split
 * is chosen by a cost model. The large stages spread all their work, transforms included, over
 * the calls of their block period ({@link DelayedStage}); convolvers that run side by side (the
 * two channels of a stereo room) each take their own lane of that period, so their large
 * transforms never land in the same call.
 *
 * <p>Each stage transforms at twice its partition, by the implementation {@link StageTransform#forSize}
 * picks for that size: the project's own {@link ConvolutionFft} from {@value StageTransform#OWN_FFT_FROM}
 * points up (stages of partitions from 1024, and the head at block 1024), JTransforms below
 * (the head at the usual blocks, the small stages), each where it measured faster.
 *
 * <p>Build on any thread (allocates); {@link #process} and {@link #reset} on the one audio thread
 * that owns the instance, and they allocate nothing.
 */
public final class PartitionedConvolver {
    /** Largest partition any stage uses (its FFT is 2× that). */
    static final int MAX_PARTITION = 8192;

    private final ZeroLatencyStage head;
    private final DelayedStage[] tail;
    private final int length;
    private final PartitionPlan plan;

    /**
     * @param ir the impulse response (not kept; copied into spectra)
     * @param headBlock power of two 16..1024; best equal to the usual call length
     */
    public PartitionedConvolver(float[] ir, int headBlock) {
        this(ir, headBlock, 0, 1);
    }

    /**
     * A convolver that runs beside {@code lanes - 1} others on the same thread and does its
     * spread work in slice {@code lane} of each large block period.
     *
     * @param lane 0..lanes-1, e.g. 0 for the left channel and 1 for the right one of 2 lanes
     */
    public PartitionedConvolver(float[] ir, int headBlock, int lane, int lanes) {
        this(ir, PartitionPlan.choose(ir.length, checkedHeadBlock(headBlock)), lane, lanes);
    }

    PartitionedConvolver(float[] ir, PartitionPlan plan) {
        this(ir, plan, 0, 1);
    }

    PartitionedConvolver(float[] ir, PartitionPlan plan, int lane, int lanes) {
        if (lanes < 1 || lane < 0 || lane >= lanes) {
            throw new IllegalArgumentException("lane " + lane + " of " + lanes);
        }
        this.length = ir.length;
        this.plan = plan;
        int headLength = Math.min(ir.length, plan.headPartitions() * plan.headBlock());
        head = new ZeroLatencyStage(ir, headLength, plan.headBlock());
        tail = new DelayedStage[plan.stages().size()];
        for (int i = 0; i < tail.length; i++) {
            PartitionPlan.Stage stage = plan.stages().get(i);
            tail[i] = new DelayedStage(ir, stage.offset(), stage.end() - stage.offset(), stage.partition(),
                    (double) lane / lanes, (lane + 1.0) / lanes);
        }
    }

    private static int checkedHeadBlock(int headBlock) {
        if (headBlock < 16 || headBlock > 1024 || Integer.bitCount(headBlock) != 1) {
            throw new IllegalArgumentException("head block must be a power of two in 16..1024: " + headBlock);
        }
        return headBlock;
    }

    /** How the impulse response is partitioned. */
    PartitionPlan plan() {
        return plan;
    }

    /** The head block that suits a host's largest block: its power of two, within 32..1024. */
    public static int headBlockFor(int maxBlock) {
        int block = Integer.highestOneBit(Math.max(1, maxBlock - 1)) << 1;
        return Math.max(32, Math.min(1024, block));
    }

    /** The transforms of the head and then of each delayed stage, in plan order. */
    List<StageTransform> transforms() {
        List<StageTransform> all = new ArrayList<>();
        all.add(head.transform());
        for (DelayedStage stage : tail) {
            all.add(stage.transform());
        }
        return all;
    }

    /** Transforms done so far by the stages with partitions larger than {@code partition}. */
    long transformsLargerThan(int partition) {
        long count = 0;
        for (DelayedStage stage : tail) {
            if (stage.partition() > partition) {
                count += stage.transforms();
            }
        }
        return count;
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
