package dev.downbeat.model.groove;

import java.util.ArrayList;
import java.util.List;

/**
 * Blends the learned groove with the quantized pattern, the way the Humanize and Dynamics
 * controls promise:
 * <ul>
 *   <li>Dynamics first scales each velocity's distance from the groove's mean velocity
 *       (0 = every hit at the mean, 1 = as learned, 2 = twice the contrast);</li>
 *   <li>Humanize then moves from the quantized pattern (amount 0: every hit exactly on its step
 *       at velocity 100 of 127) linearly to that groove (amount 1: the learned offsets and the
 *       shaped velocities).</li>
 * </ul>
 * Immutable; any thread. Swing is not part of this: the plugin and the command line add the swing
 * delay of a step on top of the offset returned here (see the README's Groove section).
 *
 * @param amount   Humanize, 0..1
 * @param dynamics velocity spread, 0..{@link #MAX_DYNAMICS}
 */
public record Humanizer(double amount, double dynamics) {
    /** The velocity of every quantized hit: 100 of 127, as elsewhere in Downbeat and DrumRNN tools. */
    public static final float QUANTIZED_VELOCITY = 100f / 127f;
    /** The largest Dynamics. */
    public static final double MAX_DYNAMICS = 2;
    /** Exactly the quantized pattern. */
    public static final Humanizer QUANTIZED = new Humanizer(0, 1);
    private static final float SOFTEST = 1f / 127f;

    public Humanizer {
        if (!(amount >= 0 && amount <= 1)) {
            throw new IllegalArgumentException("humanize amount " + amount + " is outside 0..1");
        }
        if (!(dynamics >= 0 && dynamics <= MAX_DYNAMICS)) {
            throw new IllegalArgumentException("dynamics " + dynamics + " is outside 0.." + MAX_DYNAMICS);
        }
    }

    /** The groove as played with these settings (same steps and drums, new velocities and offsets). */
    public Groove apply(Groove learned) {
        float mean = learned.meanVelocity();
        List<GroovedHit> played = new ArrayList<>(learned.hits().size());
        for (GroovedHit hit : learned.hits()) {
            played.add(apply(hit, mean));
        }
        return new Groove(learned.steps(), played);
    }

    /** One hit as played, {@code mean} being the mean velocity Dynamics scales around. */
    public GroovedHit apply(GroovedHit learned, float mean) {
        if (amount == 0) {
            // Exactly quantized, not merely close: no rounding may leak through.
            return new GroovedHit(learned.step(), learned.drumClass(), QUANTIZED_VELOCITY, 0f);
        }
        return new GroovedHit(learned.step(), learned.drumClass(), velocity(learned.velocity(), mean, amount, dynamics),
                (float) (amount * learned.offset()));
    }

    /**
     * The played velocity of a hit the groove gives {@code learned}, in a stretch of mean velocity
     * {@code mean}: the rule of {@link #apply}, for callers that must not allocate (the plugin's
     * audio thread). Amount 0 gives exactly {@link #QUANTIZED_VELOCITY}.
     */
    public static float velocity(float learned, float mean, double amount, double dynamics) {
        if (amount == 0) {
            return QUANTIZED_VELOCITY;
        }
        double shaped = mean + dynamics * (learned - mean);
        double velocity = QUANTIZED_VELOCITY + amount * (shaped - QUANTIZED_VELOCITY);
        return (float) Math.max(SOFTEST, Math.min(1, velocity));
    }
}
