package dev.downbeat.dsp;

/**
 * Constant-power panning: left² + right² = 1 at every position, so a sound keeps its loudness
 * as it moves; the centre sits at −3 dB in each channel.
 */
public final class PanLaw {
    private PanLaw() {
    }

    /** Left gain for {@code pan} in -1 (hard left) .. +1 (hard right); values outside are clamped. */
    public static float left(float pan) {
        return (float) Math.cos(angle(pan));
    }

    /** Right gain for {@code pan}. */
    public static float right(float pan) {
        return (float) Math.sin(angle(pan));
    }

    private static double angle(float pan) {
        float clamped = Math.max(-1f, Math.min(1f, pan));
        return (clamped + 1) * (Math.PI / 4);
    }
}
