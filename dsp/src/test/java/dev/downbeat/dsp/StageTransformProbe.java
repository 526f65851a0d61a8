package dev.downbeat.dsp;

/** Opens the package-private {@link StageTransform} implementations to the benchmarks in {@code dev.downbeat.dsp.bench}. */
public final class StageTransformProbe {
    private final StageTransform transform;

    private StageTransformProbe(StageTransform transform) {
        this.transform = transform;
    }

    /** JTransforms with the convolver's conversion to and from the split layout. */
    public static StageTransformProbe jtransforms(int size) {
        return new StageTransformProbe(new JTransformsFft(size));
    }

    public static StageTransformProbe convolutionFft(int size) {
        return new StageTransformProbe(new ConvolutionFft(size));
    }

    /** The one {@link StageTransform#forSize} picks. */
    public static StageTransformProbe forSize(int size) {
        return new StageTransformProbe(StageTransform.forSize(size));
    }

    public String implementation() {
        return transform.getClass().getSimpleName();
    }

    public void forwardOfPaddedBlock(float[] block, float[] re, float[] im) {
        transform.forwardOfPaddedBlock(block, re, im);
    }

    public void inverse(float[] re, float[] im, float[] signal) {
        transform.inverse(re, im, signal);
    }
}
