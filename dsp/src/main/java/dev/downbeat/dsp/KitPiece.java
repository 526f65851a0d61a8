package dev.downbeat.dsp;

/**
 * The nine pieces of the kit in the seed's order; {@link #ordinal()} is the voice index 0..8 used
 * by the engine, the kit and the model's drum classes.
 */
public enum KitPiece {
    KICK("kick", 0.0f, 0.0f),
    SNARE("snare", 0.0f, 0.0f),
    CLOSED_HAT("closed hat", -0.5f, 1.0f),
    OPEN_HAT("open hat", -0.5f, 1.0f),
    LOW_TOM("low tom", -0.4f, 1.0f),
    MID_TOM("mid tom", 0.0f, 1.0f),
    HIGH_TOM("high tom", 0.4f, 1.0f),
    CLAP("clap", 0.5f, 1.0f),
    RIM("rim", 0.5f, 1.0f);

    /** Number of pieces, the size of every per-piece array. */
    public static final int COUNT = 9;

    private static final KitPiece[] ALL = values();

    private final String displayName;
    private final float defaultPan;
    private final float defaultSend;

    KitPiece(String displayName, float defaultPan, float defaultSend) {
        this.displayName = displayName;
        this.defaultPan = defaultPan;
        this.defaultSend = defaultSend;
    }

    /** Lower-case name for messages and files, e.g. "closed hat". */
    public String displayName() {
        return displayName;
    }

    /** The seed's pan, -1 (left) .. +1 (right). */
    public float defaultPan() {
        return defaultPan;
    }

    /** The seed's reverb routing: 0 for kick and snare (dry), 1 for the others. */
    public float defaultSend() {
        return defaultSend;
    }

    /** The piece with voice index {@code index}; throws for indices outside 0..8. */
    public static KitPiece of(int index) {
        if (index < 0 || index >= COUNT) {
            throw new IllegalArgumentException("voice index " + index + " is not 0..8");
        }
        return ALL[index];
    }
}
