package dev.downbeat.plugin.core;

/**
 * What the {@link BarWriter} needs of a drum language model: feed one step, read the logits of the
 * next, and jump back to a saved position. The real one wraps the ONNX DrumRNN
 * ({@link OnnxStepModel}); tests use small deterministic ones. Owned by the worker thread.
 */
public interface StepModel extends AutoCloseable {
    /** Back to the start of a sequence (zero state, position 0). */
    void reset();

    /** Feeds the event of the current step; afterwards {@link #logits} predict the next one. */
    void feed(int event);

    /** Copies the 512 logits of the next step into {@code out} at {@code offset}. */
    void logits(float[] out, int offset);

    /** Steps fed since {@link #reset}. */
    int position();

    /** An immutable copy of the current position (state, logits, step count). */
    Object snapshot();

    /** Returns to a position taken by {@link #snapshot} of this model. */
    void restore(Object snapshot);

    @Override
    void close();
}
