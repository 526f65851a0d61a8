package dev.downbeat.dsp;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The engine's mixer settings: per piece level, pan, reverb send and mute, the reverb mix and the
 * master level. Every setter and getter may be called from any thread (floats stored as atomic
 * bits); the audio thread reads them once per block and smooths the changes.
 */
public final class MixControls {
    private static final int LEVEL = 0;
    private static final int PAN = KitPiece.COUNT;
    private static final int SEND = 2 * KitPiece.COUNT;
    private static final int MUTE = 3 * KitPiece.COUNT;
    private static final int REVERB_MIX = 4 * KitPiece.COUNT;
    private static final int MASTER = REVERB_MIX + 1;
    private static final int SIZE = MASTER + 1;

    /** Seed default: the reverb is mixed 30 % wet. */
    public static final float DEFAULT_REVERB_MIX = 0.3f;
    /** Highest level (+6 dB) accepted by the level setters. */
    public static final float MAX_LEVEL = 2f;

    private final AtomicIntegerArray bits = new AtomicIntegerArray(SIZE);

    /** Seed defaults: unity levels, the seed's pans and sends, 30 % reverb, unity master. */
    public MixControls() {
        for (KitPiece piece : KitPiece.values()) {
            put(LEVEL + piece.ordinal(), 1f);
            put(PAN + piece.ordinal(), piece.defaultPan());
            put(SEND + piece.ordinal(), piece.defaultSend());
            put(MUTE + piece.ordinal(), 0f);
        }
        put(REVERB_MIX, DEFAULT_REVERB_MIX);
        put(MASTER, 1f);
    }

    /** Linear gain 0..{@value #MAX_LEVEL} of {@code piece}. */
    public void setLevel(int piece, float level) {
        put(LEVEL + checked(piece), clamp(level, 0, MAX_LEVEL));
    }

    public float level(int piece) {
        return get(LEVEL + checked(piece));
    }

    /** Pan of {@code piece}, -1 (left) .. +1 (right). */
    public void setPan(int piece, float pan) {
        put(PAN + checked(piece), clamp(pan, -1, 1));
    }

    public float pan(int piece) {
        return get(PAN + checked(piece));
    }

    /** How much of {@code piece} goes through the reverb, 0..1 (see the routing in docs/architecture.md). */
    public void setSend(int piece, float send) {
        put(SEND + checked(piece), clamp(send, 0, 1));
    }

    public float send(int piece) {
        return get(SEND + checked(piece));
    }

    public void setMute(int piece, boolean muted) {
        put(MUTE + checked(piece), muted ? 1f : 0f);
    }

    public boolean muted(int piece) {
        return get(MUTE + checked(piece)) != 0f;
    }

    /** Reverb wet mix 0..1 (seed default 0.3). */
    public void setReverbMix(float mix) {
        put(REVERB_MIX, clamp(mix, 0, 1));
    }

    public float reverbMix() {
        return get(REVERB_MIX);
    }

    /** Master linear gain 0..{@value #MAX_LEVEL}. */
    public void setMasterLevel(float level) {
        put(MASTER, clamp(level, 0, MAX_LEVEL));
    }

    public float masterLevel() {
        return get(MASTER);
    }

    private static int checked(int piece) {
        return KitPiece.of(piece).ordinal();
    }

    private static float clamp(float value, float low, float high) {
        if (Float.isNaN(value)) {
            throw new IllegalArgumentException("NaN is not a mixer value");
        }
        return Math.max(low, Math.min(high, value));
    }

    private void put(int index, float value) {
        bits.set(index, Float.floatToRawIntBits(value));
    }

    private float get(int index) {
        return Float.intBitsToFloat(bits.get(index));
    }
}
