package dev.downbeat.plugin.editor;

/**
 * The nine drum voices in the seed's order (bit i of an event is voice i), with the label each
 * grid row shows and the General MIDI note Downbeat sends for it by default.
 */
public enum Voice {
    KICK("Kick", 36), SNARE("Snare", 38), CLOSED_HAT("Closed hat", 42), OPEN_HAT("Open hat", 46),
    LOW_TOM("Low tom", 41), MID_TOM("Mid tom", 43), HIGH_TOM("High tom", 45), CLAP("Clap", 49),
    RIM("Rim", 51);

    /** All voices in bit order; shared, never modified. */
    static final Voice[] ALL = values();

    public final String label;
    public final int defaultNote;

    Voice(String label, int defaultNote) {
        this.label = label;
        this.defaultNote = defaultNote;
    }

    public int bit() {
        return 1 << ordinal();
    }
}
