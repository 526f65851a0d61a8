package dev.downbeat.dsp;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * A later segment of the impulse response, starting {@code partition} samples in, in uniform
 * partitions of that size. Because the segment starts one partition late, a block's output is
 * only needed once the block is complete, so each block is transformed once. The products with
 * older blocks are spread over the time the next block takes to fill, so no single call pays for
 * the whole segment. Owned by one audio thread.
 */
final class DelayedStage {
    private final int partition;
    private final FloatFFT_1D fft;
    private final float[][] irSpectra;
    /** Ring of the spectra of completed input blocks; {@code newest} is the latest. */
    private final float[][] inputSpectra;
    private final float[] inputBlock;
    private final float[] acc;
    /** Output for the partition being filled now: this block's result plus the previous overlap. */
    private final float[] readout;
    private final float[] overlap;
    private int fill;
    private int newest;
    /** How many of the older partitions (1..K-1) are already summed into {@code acc}. */
    private int summed;

    /**
     * @param offset where the segment starts in {@code ir}; must equal {@code partition}
     */
    DelayedStage(float[] ir, int offset, int length, int partition) {
        if (offset != partition) {
            throw new IllegalArgumentException("a delayed stage starts one partition in: offset " + offset + ", partition " + partition);
        }
        this.partition = partition;
        this.fft = new FloatFFT_1D(2L * partition);
        int partitions = (length + partition - 1) / partition;
        irSpectra = new float[partitions][];
        for (int k = 0; k < partitions; k++) {
            float[] spectrum = new float[2 * partition];
            int from = k * partition;
            System.arraycopy(ir, offset + from, spectrum, 0, Math.min(partition, length - from));
            fft.realForward(spectrum);
            irSpectra[k] = spectrum;
        }
        inputSpectra = new float[partitions][2 * partition];
        inputBlock = new float[partition];
        acc = new float[2 * partition];
        readout = new float[partition];
        overlap = new float[partition];
        newest = partitions - 1;
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
                sumOlderUpTo((int) ((long) (irSpectra.length - 1) * fill / partition));
            }
        }
    }

    private void sumOlderUpTo(int target) {
        int count = inputSpectra.length;
        while (summed < target) {
            summed++;
            PackedSpectrum.multiplyAdd(acc, inputSpectra[(newest - (summed - 1) + count) % count], irSpectra[summed]);
        }
    }

    private void completeBlock() {
        sumOlderUpTo(irSpectra.length - 1);
        int slot = (newest + 1) % inputSpectra.length;
        float[] spectrum = inputSpectra[slot];
        System.arraycopy(inputBlock, 0, spectrum, 0, partition);
        java.util.Arrays.fill(spectrum, partition, 2 * partition, 0f);
        fft.realForward(spectrum);
        PackedSpectrum.multiplyAdd(acc, spectrum, irSpectra[0]);
        fft.realInverse(acc, true);
        for (int i = 0; i < partition; i++) {
            readout[i] = acc[i] + overlap[i];
            overlap[i] = acc[partition + i];
        }
        java.util.Arrays.fill(acc, 0f);
        summed = 0;
        newest = slot;
        fill = 0;
    }

    void reset() {
        for (float[] spectrum : inputSpectra) {
            java.util.Arrays.fill(spectrum, 0f);
        }
        java.util.Arrays.fill(inputBlock, 0f);
        java.util.Arrays.fill(acc, 0f);
        java.util.Arrays.fill(readout, 0f);
        java.util.Arrays.fill(overlap, 0f);
        fill = 0;
        summed = 0;
        newest = inputSpectra.length - 1;
    }
}
