package dev.downbeat.dsp;

import java.util.Arrays;

/**
 * A later segment of the impulse response in uniform partitions of one size, starting at a
 * multiple of that size. Each input block is transformed once; the work is cut into steps (one
 * forward transform, one multiply-add per partition, one inverse transform) that run at fixed
 * points of the block's fill level, so no single call pays for the whole segment and the result
 * does not depend on how the host cuts the input into calls.
 *
 * <p>Two schedules, chosen by where the segment starts:
 * <ul>
 * <li><b>Immediate</b> (starts one partition in): the block's own product with the first
 * partition is needed the moment the block completes, so the completing call does the forward
 * transform, that one multiply-add and the inverse transform; only the older partitions' products
 * are spread over the fill.</li>
 * <li><b>Spread</b> (starts two or more partitions in): the output of the sum is needed one whole
 * block after the newest block it uses completes, so everything, both transforms included, is
 * spread over that block's fill (zita-convolver's trick, done on the audio thread itself, which
 * never waits). The completing call only copies.</li>
 * </ul>
 *
 * <p>Convolvers side by side (the channels of a stereo room) take lanes of the block period. A
 * spread stage does its steps in its lane's slice of the period. An immediate stage cannot move
 * its completing work, so it moves its blocks instead: lane k of n starts its first block k/n of
 * a partition in (the samples before it are the silence before the input), so its blocks complete
 * k/n of a period after lane 0's, and the channels' transforms never land in the same call. The
 * result is the same convolution, whichever samples a block begins at.
 *
 * <p>Its transforms are of 2·partition points, by the implementation {@link StageTransform#forSize}
 * picks for that size (the project's own FFT for the large stages), and the impulse response's
 * partition spectra are made with the same one at construction.
 *
 * <p>Owned by one audio thread.
 */
final class DelayedStage {
    /** Cost of one transform of 2·partition in multiply-adds of one partition (see {@link PartitionPlan}). */
    private final double transformWeight;
    private final int partition;
    /** Where the segment starts, in partitions (≥ 1). */
    private final int lag;
    private final boolean spread;
    private final StageTransform transform;
    private final float[][] irRe, irIm;
    /** Spectra of input blocks: block b in slot b mod ring; {@code current} is the block filling now. */
    private final float[][] inRe, inIm;
    /** The block filling now and (spread schedule) the one completed before it, waiting for its transform. */
    private float[] filling, completed;
    private final float[] accRe, accIm;
    /** The inverse transform of the latest sum: 2·partition samples, its halves go to two output blocks. */
    private final float[] result;
    /** Output for the block being filled now: the first half of a result plus the second half of the one before. */
    private final float[] readout;
    private final float[] overlap;
    /** Fill level at which step s may run; nondecreasing, all ≤ partition. */
    private final int[] stepAt;
    /** Fill level a fresh stage starts at: this lane's share of a partition (immediate stages). */
    private final int phase;
    private int fill;
    private int current;
    private int nextStep;
    /** Forward and inverse transforms done since construction: what the worst-call tests count. */
    private long transforms;

    /**
     * @param offset where the segment starts in {@code ir}: a multiple of {@code partition}, at least one partition in
     * @param windowStart this lane's share of each block period (0..1): spread, the share before which
     *     its steps do not start; immediate, how far into a partition its first block starts
     * @param windowEnd the share of each block period by which this lane's steps are due (≤ 1)
     */
    DelayedStage(float[] ir, int offset, int length, int partition, double windowStart, double windowEnd) {
        if (offset < partition || offset % partition != 0) {
            throw new IllegalArgumentException("a delayed stage starts at a whole number (≥ 1) of partitions: offset " + offset + ", partition " + partition);
        }
        this.partition = partition;
        this.lag = offset / partition;
        this.spread = lag >= 2;
        this.transformWeight = PartitionPlan.transformWeight(partition);
        this.transform = StageTransform.forSize(2 * partition);
        int partitions = (length + partition - 1) / partition;
        int bins = partition + 1;
        irRe = new float[partitions][bins];
        irIm = new float[partitions][bins];
        float[] piece = new float[partition];
        for (int k = 0; k < partitions; k++) {
            Arrays.fill(piece, 0f);
            int from = k * partition;
            System.arraycopy(ir, offset + from, piece, 0, Math.min(partition, length - from));
            transform.forwardOfPaddedBlock(piece, irRe[k], irIm[k]);
        }
        // block n needs the spectra of blocks n+1-lag-j (spread) or n-j (immediate) for every partition j
        int ring = partitions + lag - 1;
        inRe = new float[ring][bins];
        inIm = new float[ring][bins];
        filling = new float[partition];
        completed = new float[partition];
        accRe = new float[bins];
        accIm = new float[bins];
        result = new float[2 * partition];
        readout = new float[partition];
        overlap = new float[partition];
        // An immediate lane is shifted by its start, so its steps take the slice after its own completion.
        phase = spread ? 0 : (int) Math.round(windowStart * partition);
        stepAt = spread ? schedule(partitions, windowStart, windowEnd) : schedule(partitions, 0, windowEnd - windowStart);
        startFirstBlock();
    }

    /** The first block starts {@code phase} samples in; steps due before then only meet silence. */
    private void startFirstBlock() {
        fill = phase;
        nextStep = 0;
        while (nextStep < stepAt.length && stepAt[nextStep] <= phase) {
            nextStep++;
        }
    }

    /** Spread: forward, partitions × multiply-add, inverse. Immediate: the partitions after the first. */
    private int[] schedule(int partitions, double windowStart, double windowEnd) {
        int steps = spread ? partitions + 2 : partitions - 1;
        double[] weight = new double[steps];
        Arrays.fill(weight, 1.0);
        if (spread) {
            weight[0] = transformWeight;
            weight[steps - 1] = transformWeight;
        }
        double total = Arrays.stream(weight).sum();
        int[] at = new int[steps];
        double before = 0;
        for (int s = 0; s < steps; s++) {
            double share = windowStart + (windowEnd - windowStart) * before / total;
            at[s] = Math.max(1, Math.min(partition, (int) Math.ceil(share * partition)));
            before += weight[s];
        }
        return at;
    }

    /** Adds this stage's output for {@code frames} input frames to {@code out}. */
    void process(float[] in, int inOffset, float[] out, int outOffset, int frames) {
        int done = 0;
        while (done < frames) {
            int n = Math.min(frames - done, partition - fill);
            for (int i = 0; i < n; i++) {
                out[outOffset + done + i] += readout[fill + i];
            }
            System.arraycopy(in, inOffset + done, filling, fill, n);
            fill += n;
            done += n;
            while (nextStep < stepAt.length && stepAt[nextStep] <= fill) {
                step(nextStep++);
            }
            if (fill == partition) {
                completeBlock();
            }
        }
    }

    private int slotBefore(int blocks) {
        int ring = inRe.length;
        return (current - blocks % ring + ring) % ring;
    }

    private void step(int s) {
        if (!spread) {
            multiplyAdd(s + 1, slotBefore(s + 1));
        } else if (s == 0) {
            forward(completed, slotBefore(1));
        } else if (s <= irRe.length) {
            int j = s - 1;
            multiplyAdd(j, slotBefore(lag - 1 + j));
        } else {
            inverse();
        }
    }

    private void multiplyAdd(int j, int slot) {
        PackedSpectrum.multiplyAdd(accRe, accIm, inRe[slot], inIm[slot], irRe[j], irIm[j]);
    }

    private void forward(float[] block, int slot) {
        transform.forwardOfPaddedBlock(block, inRe[slot], inIm[slot]);
        transforms++;
    }

    private void inverse() {
        transform.inverse(accRe, accIm, result);
        transforms++;
        Arrays.fill(accRe, 0f);
        Arrays.fill(accIm, 0f);
    }

    private void completeBlock() {
        if (!spread) {
            forward(filling, current);
            multiplyAdd(0, current);
            inverse();
        }
        for (int i = 0; i < partition; i++) {
            readout[i] = result[i] + overlap[i];
            overlap[i] = result[partition + i];
        }
        float[] done = completed;
        completed = filling;
        filling = done;
        current = (current + 1) % inRe.length;
        nextStep = 0;
        fill = 0;
    }

    int partition() {
        return partition;
    }

    /** The transform this stage runs (which one {@link StageTransform#forSize} chose). */
    StageTransform transform() {
        return transform;
    }

    long transforms() {
        return transforms;
    }

    void reset() {
        for (int k = 0; k < inRe.length; k++) {
            Arrays.fill(inRe[k], 0f);
            Arrays.fill(inIm[k], 0f);
        }
        Arrays.fill(filling, 0f);
        Arrays.fill(completed, 0f);
        Arrays.fill(accRe, 0f);
        Arrays.fill(accIm, 0f);
        Arrays.fill(result, 0f);
        Arrays.fill(readout, 0f);
        Arrays.fill(overlap, 0f);
        current = 0;
        startFirstBlock();
    }
}
