package dev.downbeat.dsp;

/**
 * One velocity layer of a piece: the sample played for velocities up to {@code upToVelocity}
 * (inclusive) and above the previous layer's bound.
 */
public record VelocityLayer(float upToVelocity, Sample sample) {
    public VelocityLayer {
        if (!(upToVelocity > 0 && upToVelocity <= 1)) {
            throw new IllegalArgumentException("layer bound must be in (0, 1]: " + upToVelocity);
        }
        if (sample == null) {
            throw new IllegalArgumentException("layer without sample");
        }
    }
}
