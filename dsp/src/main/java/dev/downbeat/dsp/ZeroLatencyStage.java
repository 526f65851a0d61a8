package dev.downbeat.dsp;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * The head of the impulse response, uniformly partitioned, with no latency at any call length:
 * each call transforms the partly filled current block (zero-padded) and adds its product with
 * the first partition to the precomputed contribution of the older blocks (the FFTConvolver
 * scheme). Owned by one audio thread.
 */
final class ZeroLatencyStage {
    private final int block;
    private final FloatFFT_1D fft;
    /** Spectra of the impulse-response partitions, each 2·block packed floats. */
    private final float[][] irSpectra;
    /** Ring of the spectra of the latest input blocks; {@code newest} is the block being filled. */
    private final float[][] inputSpectra;
    private final float[] inputBlock;
    /** Sum over partitions k ≥ 1 for the block being filled, computed when it starts. */
    private final float[] olderBlocks;
    private final float[] conv;
    private final float[] overlap;
    private int fill;
    private int newest;

    ZeroLatencyStage(float[] ir, int length, int block) {
        this.block = block;
        this.fft = new FloatFFT_1D(2L * block);
        int partitions = Math.max(1, (length + block - 1) / block);
        irSpectra = new float[partitions][];
        for (int k = 0; k < partitions; k++) {
            float[] spectrum = new float[2 * block];
            int from = k * block;
            System.arraycopy(ir, from, spectrum, 0, Math.max(0, Math.min(block, length - from)));
            fft.realForward(spectrum);
            irSpectra[k] = spectrum;
        }
        inputSpectra = new float[partitions][2 * block];
        inputBlock = new float[block];
        olderBlocks = new float[2 * block];
        conv = new float[2 * block];
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

            float[] current = inputSpectra[newest];
            System.arraycopy(inputBlock, 0, current, 0, block);
            java.util.Arrays.fill(current, block, 2 * block, 0f);
            fft.realForward(current);
            PackedSpectrum.multiplyAddInto(conv, olderBlocks, current, irSpectra[0]);
            fft.realInverse(conv, true);

            for (int i = 0; i < n; i++) {
                out[outOffset + done + i] += conv[fill + i] + overlap[fill + i];
            }
            fill += n;
            done += n;
            if (fill == block) {
                System.arraycopy(conv, block, overlap, 0, block);
                java.util.Arrays.fill(inputBlock, 0f);
                newest = (newest + 1) % inputSpectra.length;
                fill = 0;
            }
        }
    }

    private void sumOlderBlocks() {
        java.util.Arrays.fill(olderBlocks, 0f);
        int count = inputSpectra.length;
        for (int k = 1; k < irSpectra.length; k++) {
            PackedSpectrum.multiplyAdd(olderBlocks, inputSpectra[(newest - k + count) % count], irSpectra[k]);
        }
    }

    void reset() {
        for (float[] spectrum : inputSpectra) {
            java.util.Arrays.fill(spectrum, 0f);
        }
        java.util.Arrays.fill(inputBlock, 0f);
        java.util.Arrays.fill(overlap, 0f);
        fill = 0;
        newest = 0;
    }
}
