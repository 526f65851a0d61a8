package dev.downbeat.dsp;

import java.util.Arrays;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * A later segment of the impulse response in uniform partitions of one size, starting at a
 * multiple of that size. Because the segment starts at least one partition late, a block's
 * output is only needed once the block is complete, so each block is transformed once; the
 * products with older blocks are spread over the time the next block takes to fill, so no single
 * call pays for the whole segment. Owned by one audio thread.
 */
final class DelayedStage {
    private final int partition;
    /** Whole partitions between the block that completes and the oldest block the segment's first partition needs. */
    private final int delay;
    private final FloatFFT_1D fft;
    private final float[][] irRe, irIm;
    /** Ring of the spectra of completed input blocks; {@code newest} is the latest. */
    private final float[][] inRe, inIm;
    private final float[] inputBlock;
    private final float[] accRe, accIm;
    private final float[] work;
    /** Output for the block being filled now: the last result plus the previous overlap. */
    private final float[] readout;
    private final float[] overlap;
    /** First partition summed while the block fills; partition 0 needs the block itself when delay is 0. */
    private final int firstEarly;
    private int fill;
    private int newest;
    /** Partitions firstEarly.. already summed into acc for the coming completion. */
    private int summed;

    /**
     * @param offset where the segment starts in {@code ir}: a multiple of {@code partition}, at least one partition in
     */
    DelayedStage(float[] ir, int offset, int length, int partition) {
        if (offset < partition || offset % partition != 0) {
            throw new IllegalArgumentException("a delayed stage starts at a whole number (≥ 1) of partitions: offset " + offset + ", partition " + partition);
        }
        this.partition = partition;
        this.delay = offset / partition - 1;
        this.fft = new FloatFFT_1D(2L * partition);
        int partitions = (length + partition - 1) / partition;
        int bins = partition + 1;
        irRe = new float[partitions][bins];
        irIm = new float[partitions][bins];
        work = new float[2 * partition];
        for (int k = 0; k < partitions; k++) {
            Arrays.fill(work, 0f);
            int from = k * partition;
            System.arraycopy(ir, offset + from, work, 0, Math.min(partition, length - from));
            fft.realForward(work);
            PackedSpectrum.unpack(work, irRe[k], irIm[k]);
        }
        int ring = partitions + delay;
        inRe = new float[ring][bins];
        inIm = new float[ring][bins];
        inputBlock = new float[partition];
        accRe = new float[bins];
        accIm = new float[bins];
        readout = new float[partition];
        overlap = new float[partition];
        firstEarly = delay == 0 ? 1 : 0;
        summed = firstEarly;
        newest = ring - 1;
    }

    /** Adds this stage's output for {@code frames} input frames to {@code out}. */
    void process(float[] in, int inOffset, float[] out, int outOffset, int frames) {
        int done = 0;
        while (done < frames) {
            int n = Math.min(frames - done, partition - fill);
            for (int i = 0; i < n; i++) {
                out[outOffset + done + i] += readout[fill + i];
            }
            System.arraycopy(in, inOffset + done, inputBlock, fill, n);
            fill += n;
            done += n;
            if (fill == partition) {
                completeBlock();
            } else {
                int early = irRe.length - firstEarly;
                sumUpTo(firstEarly + (int) ((long) early * fill / partition));
            }
        }
    }

    /** Sums partitions up to (excluding) {@code end} that only need completed blocks. */
    private void sumUpTo(int end) {
        int ring = inRe.length;
        while (summed < end) {
            // the block for partition j is (delay + j) blocks before the one now filling
            int slot = ((newest - (delay + summed - 1)) % ring + ring) % ring;
            PackedSpectrum.multiplyAdd(accRe, accIm, inRe[slot], inIm[slot], irRe[summed], irIm[summed]);
            summed++;
        }
    }

    private void completeBlock() {
        sumUpTo(irRe.length);
        int slot = (newest + 1) % inRe.length;
        System.arraycopy(inputBlock, 0, work, 0, partition);
        Arrays.fill(work, partition, 2 * partition, 0f);
        fft.realForward(work);
        PackedSpectrum.unpack(work, inRe[slot], inIm[slot]);
        if (delay == 0) {
            PackedSpectrum.multiplyAdd(accRe, accIm, inRe[slot], inIm[slot], irRe[0], irIm[0]);
        }
        PackedSpectrum.pack(accRe, accIm, work);
        fft.realInverse(work, true);
        for (int i = 0; i < partition; i++) {
            readout[i] = work[i] + overlap[i];
            overlap[i] = work[partition + i];
        }
        Arrays.fill(accRe, 0f);
        Arrays.fill(accIm, 0f);
        summed = firstEarly;
        newest = slot;
        fill = 0;
    }

    void reset() {
        for (int k = 0; k < inRe.length; k++) {
            Arrays.fill(inRe[k], 0f);
            Arrays.fill(inIm[k], 0f);
        }
        Arrays.fill(inputBlock, 0f);
        Arrays.fill(accRe, 0f);
        Arrays.fill(accIm, 0f);
        Arrays.fill(readout, 0f);
        Arrays.fill(overlap, 0f);
        fill = 0;
        summed = firstEarly;
        newest = inRe.length - 1;
    }
}
