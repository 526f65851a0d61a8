package dev.downbeat.model.groove;

/**
 * One drum hit as a drummer would play it: which step of the pattern and which drum, how hard
 * (velocity 0..1, 1 = MIDI 127) and how far from the grid (offset in steps, −0.5..0.5; negative
 * is early). Immutable; crosses threads freely.
 *
 * @param step      the 16th step, counted from the first step of the {@link Groove} it belongs to
 * @param drumClass 0..8 in model class order (kick, snare, closed hat, ...)
 */
public record GroovedHit(int step, int drumClass, float velocity, float offset) {
    public GroovedHit {
        if (drumClass < 0 || drumClass >= GrooveSpec.CLASSES) {
            throw new IllegalArgumentException("drum class " + drumClass + " is outside 0.." + (GrooveSpec.CLASSES - 1));
        }
        if (!(velocity >= 0 && velocity <= 1)) {
            throw new IllegalArgumentException("velocity " + velocity + " is outside 0..1");
        }
        if (!(offset >= -GrooveSpec.MAX_OFFSET && offset <= GrooveSpec.MAX_OFFSET)) {
            throw new IllegalArgumentException("offset " + offset + " steps is outside ±" + GrooveSpec.MAX_OFFSET);
        }
    }

    /** The velocity as a MIDI note-on value 1..127 (a velocity of 0 would be a note-off). */
    public int midiVelocity() {
        return Math.max(1, Math.min(127, Math.round(velocity * 127)));
    }
}
