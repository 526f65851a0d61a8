package dev.downbeat.model.groove;

import java.util.List;

/**
 * The played form of a stretch of a drum pattern: every hit of its steps with a velocity and a
 * timing offset, in step order and, within a step, drum class order. Immutable.
 *
 * @param steps how many 16th steps the stretch covers (hits have {@code 0 <= step < steps})
 */
public record Groove(int steps, List<GroovedHit> hits) {
    public Groove {
        hits = List.copyOf(hits);
        for (GroovedHit hit : hits) {
            if (hit.step() < 0 || hit.step() >= steps) {
                throw new IllegalArgumentException("hit at step " + hit.step() + " is outside the groove's 0.." + (steps - 1));
            }
        }
    }

    /** The mean velocity of the hits, or 0 when there are none. */
    public float meanVelocity() {
        double sum = 0;
        for (GroovedHit hit : hits) {
            sum += hit.velocity();
        }
        return hits.isEmpty() ? 0 : (float) (sum / hits.size());
    }
}
