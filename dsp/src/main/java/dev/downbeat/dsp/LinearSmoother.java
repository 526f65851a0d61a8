package dev.downbeat.dsp;

/**
 * Moves a gain to its target in a straight line over a fixed time, so parameter changes do not
 * click. Owned by the audio thread.
 */
final class LinearSmoother {
    private final int rampFrames;
    private float current;
    private float target;
    private float step;
    private int remaining;

    LinearSmoother(int rampFrames, float initial) {
        this.rampFrames = Math.max(1, rampFrames);
        this.current = initial;
        this.target = initial;
    }

    void setTarget(float value) {
        if (value != target) {
            target = value;
            remaining = rampFrames;
            step = (target - current) / rampFrames;
        }
    }

    /** Jumps to the target at once (reset, first block). */
    void snap() {
        current = target;
        remaining = 0;
    }

    boolean isRamping() {
        return remaining > 0;
    }

    float current() {
        return current;
    }

    /** The value for the next frame. */
    float next() {
        if (remaining > 0) {
            remaining--;
            current = remaining == 0 ? target : current + step;
        }
        return current;
    }
}
