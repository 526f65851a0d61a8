package dev.downbeat.model;

/**
 * A frozen copy of a {@link DrumGenerator}'s position in a sequence: recurrent and attention
 * state, step index and the logits of the step to come. Restoring it lets a caller sample the
 * same bar again from the same start (a new variation) without re-feeding the history.
 * Immutable, so it may cross threads.
 */
public final class GeneratorSnapshot {
    private final float[] state;
    private final float[] logits;
    private final int position;
    private final boolean primed;

    GeneratorSnapshot(float[] state, float[] logits, int position, boolean primed) {
        this.state = state;
        this.logits = logits;
        this.position = position;
        this.primed = primed;
    }

    /** Steps fed before the snapshot was taken. */
    public int position() {
        return position;
    }

    /** Whether the snapshot holds logits for the next step (at least one step was fed). */
    public boolean primed() {
        return primed;
    }

    float[] stateView() {
        return state;
    }

    float[] logitsView() {
        return logits;
    }
}
