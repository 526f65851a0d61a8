package dev.downbeat.dsp;

import java.util.Arrays;
import org.jtransforms.fft.FloatFFT_1D;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * JTransforms' real FFT (single-threaded) behind {@link StageTransform}: it works in place on one
 * interleaved array, so the block is copied and padded into scratch and the spectrum converted
 * from and to the split layout ({@link PackedSpectrum}). Used below
 * {@link StageTransform#OWN_FFT_FROM}, where its hand-unrolled small kernels beat ours.
 *
 * <p>Owned by one thread at a time (its scratch); allocates nothing after construction.
 */
final class JTransformsFft implements StageTransform {
    static {
        // JTransforms otherwise hands large FFTs to a thread pool (allocating, waiting).
        ConcurrencyUtils.setNumberOfThreads(1);
    }

    private final int size;
    private final FloatFFT_1D fft;
    /** The padded block and its packed spectrum; owned by the calling thread. */
    private final float[] work;

    /** @param size a power of two, at least 4 */
    JTransformsFft(int size) {
        if (size < 4 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("real FFT size must be a power of two ≥ 4: " + size);
        }
        ConcurrencyUtils.setNumberOfThreads(1);
        this.size = size;
        this.fft = new FloatFFT_1D(size);
        this.work = new float[size];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void forwardOfPaddedBlock(float[] block, float[] re, float[] im) {
        int half = size / 2;
        System.arraycopy(block, 0, work, 0, half);
        Arrays.fill(work, half, size, 0f);
        fft.realForward(work);
        PackedSpectrum.unpack(work, re, im);
    }

    @Override
    public void inverse(float[] re, float[] im, float[] signal) {
        PackedSpectrum.pack(re, im, signal);
        fft.realInverse(signal, true);
    }
}
