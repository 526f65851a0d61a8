package dev.downbeat.dsp;

/**
 * The real FFT a convolution stage runs, at one power-of-two size n: the spectrum of a block of
 * n/2 samples zero-padded to n, and the signal of a spectrum. Spectra are separate real and
 * imaginary arrays of n/2+1 bins (DC to Nyquist), JTransforms' {@code realForward} bins and
 * scale; the inverse returns exactly the signal.
 *
 * <p>Which implementation a stage gets is decided here and nowhere else ({@link #forSize}): the
 * project's own {@link ConvolutionFft} from {@value #OWN_FFT_FROM} points up, JTransforms
 * ({@link JTransformsFft}) below, each where it measured faster for the pair (forward of a padded
 * block, inverse) as a stage runs it, JTransforms with its conversion to and from the split layout:
 * ours / JTransforms 1.2× at 2048, 1.35× at 4096, 1.45–1.5× at 8192–16384, but 1.04× at 1024 and
 * 0.9× at 512 ({@code FftPairRatio}; docs/benchmarks.md, "DSP"). The line sits at 4096, not 2048:
 * with the default room at block 64 (whose large stage transforms at 2048) the plugin's audio
 * thread in a DAW-like run had 246 calls over its budget in 2 minutes on ConvolutionFft against
 * 82 on JTransforms (p99.9 476 against 321 µs; docs/benchmarks.md, "VST2"), a worse tail than the
 * throughput gain is worth there.
 *
 * <p>Built on any thread (allocates); an instance's {@link #forwardOfPaddedBlock} and
 * {@link #inverse} use its scratch arrays, so only the one thread that owns it calls them (the
 * audio thread that owns the stage, or the building thread while it prepares the impulse
 * response's spectra); they allocate nothing.
 */
interface StageTransform {
    /** The smallest transform size that runs on {@link ConvolutionFft}. */
    int OWN_FFT_FROM = 4096;

    /** The transform for size {@code size} (a power of two, 8..65536): the rule, in one place. */
    static StageTransform forSize(int size) {
        return size >= OWN_FFT_FROM ? new ConvolutionFft(size) : new JTransformsFft(size);
    }

    /** n, the transform size. */
    int size();

    /** The spectrum of {@code block[0..n/2)} followed by n/2 zeros into {@code re}, {@code im}; {@code block} is only read. */
    void forwardOfPaddedBlock(float[] block, float[] re, float[] im);

    /** The signal of the spectrum {@code re}, {@code im} (only read) into {@code signal[0..n)}, scaled by 1/n. */
    void inverse(float[] re, float[] im, float[] signal);
}
