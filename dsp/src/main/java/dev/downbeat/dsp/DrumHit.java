package dev.downbeat.dsp;

/** One drum hit for offline rendering: piece 0..8, velocity 0..1, start frame from the render's start. */
public record DrumHit(int piece, float velocity, long frame) {
    public DrumHit {
        KitPiece.of(piece);
        if (!(velocity >= 0 && velocity <= 1)) {
            throw new IllegalArgumentException("velocity must be in 0..1: " + velocity);
        }
        if (frame < 0) {
            throw new IllegalArgumentException("frame must not be negative: " + frame);
        }
    }
}
