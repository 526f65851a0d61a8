package dev.downbeat.dsp;

/** Opens the package-private {@link ConvolutionFft} to the benchmarks in {@code dev.downbeat.dsp.bench}. */
public final class ConvolutionFftProbe {
    private final ConvolutionFft fft;

    public ConvolutionFftProbe(int size) {
        fft = new ConvolutionFft(size);
    }

    public void forward(float[] signal, float[] re, float[] im) {
        fft.forward(signal, re, im);
    }

    public void forwardOfPaddedBlock(float[] block, float[] re, float[] im) {
        fft.forwardOfPaddedBlock(block, re, im);
    }

    public void inverse(float[] re, float[] im, float[] signal) {
        fft.inverse(re, im, signal);
    }
}
