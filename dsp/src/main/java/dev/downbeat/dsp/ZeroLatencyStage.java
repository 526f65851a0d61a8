package dev.downbeat.dsp;

import java.util.Arrays;

/**
 * The head of the impulse response, uniformly partitioned, with no latency at any call length:
 * each call transforms the partly filled current block (zero-padded) and adds its product with
 * the first partition to the contribution of the older blocks, which is summed once when a
 * block starts (the FFTConvolver scheme). Its transforms (2·block points) are the ones
 * {@link StageTransform#forSize} picks for that size: JTransforms up to head block 512, the
 * project's own FFT at 1024.
 * Owned by one audio thread.
 */
final class ZeroLatencyStage {
    private final int block;
    private final StageTransform transform;
    /** Spectra of the impulse-response partitions, n/2+1 bins each. */
    private final float[][] irRe, irIm;
    /** Ring of the spectra of the latest input blocks; {@code newest} is the block being filled. */
    private final float[][] inRe, inIm;
    private final float[] inputBlock;
    private final float[] olderRe, olderIm;
    private final float[] convRe, convIm;
    private final float[] work;
    private final float[] overlap;
    private int fill;
    private int newest;

    ZeroLatencyStage(float[] ir, int length, int block) {
        this.block = block;
        this.transform = StageTransform.forSize(2 * block);
        int partitions = Math.max(1, (length + block - 1) / block);
        int bins = block + 1;
        irRe = new float[partitions][bins];
        irIm = new float[partitions][bins];
        float[] piece = new float[block];
        for (int k = 0; k < partitions; k++) {
            Arrays.fill(piece, 0f);
            int from = k * block;
            System.arraycopy(ir, from, piece, 0, Math.max(0, Math.min(block, length - from)));
            transform.forwardOfPaddedBlock(piece, irRe[k], irIm[k]);
        }
        inRe = new float[partitions][bins];
        inIm = new float[partitions][bins];
        inputBlock = new float[block];
        olderRe = new float[bins];
        olderIm = new float[bins];
        convRe = new float[bins];
        convIm = new float[bins];
        work = new float[2 * block];
        overlap = new float[block];
    }

    /** Adds this stage's output for {@code frames} input frames to {@code out}. */
    void process(float[] in, int inOffset, float[] out, int outOffset, int frames) {
        int done = 0;
        while (done < frames) {
            if (fill == 0) {
                sumOlderBlocks();
            }
            int n = Math.min(frames - done, block - fill);
            System.arraycopy(in, inOffset + done, inputBlock, fill, n);

            transform.forwardOfPaddedBlock(inputBlock, inRe[newest], inIm[newest]);
            PackedSpectrum.multiplyAddInto(convRe, convIm, olderRe, olderIm, inRe[newest], inIm[newest], irRe[0], irIm[0]);
            transform.inverse(convRe, convIm, work);

            for (int i = 0; i < n; i++) {
                out[outOffset + done + i] += work[fill + i] + overlap[fill + i];
            }
            fill += n;
            done += n;
            if (fill == block) {
                System.arraycopy(work, block, overlap, 0, block);
                Arrays.fill(inputBlock, 0f);
                newest = (newest + 1) % inRe.length;
                fill = 0;
            }
        }
    }

    private void sumOlderBlocks() {
        Arrays.fill(olderRe, 0f);
        Arrays.fill(olderIm, 0f);
        int count = inRe.length;
        for (int k = 1; k < irRe.length; k++) {
            int slot = (newest - k + count) % count;
            PackedSpectrum.multiplyAdd(olderRe, olderIm, inRe[slot], inIm[slot], irRe[k], irIm[k]);
        }
    }

    /** The transform this stage runs (which one {@link StageTransform#forSize} chose). */
    StageTransform transform() {
        return transform;
    }

    void reset() {
        for (int k = 0; k < inRe.length; k++) {
            Arrays.fill(inRe[k], 0f);
            Arrays.fill(inIm[k], 0f);
        }
        Arrays.fill(inputBlock, 0f);
        Arrays.fill(overlap, 0f);
        fill = 0;
        newest = 0;
    }
}
