package dev.downbeat.plugin.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The one declaration of every Downbeat parameter. Formats (VST2 index, LV2 port order), the editor
 * and the saved state all read this list; the declaration order is the host index, the {@link #id}
 * is what state files store and must never change. Immutable; any thread.
 */
public final class Param {

    /** How a parameter's plain value is read. */
    public enum Kind { FLOAT, INT, BOOL, ENUM }

    /** The play modes of {@link #MODE}, in choice order. */
    public static final int MODE_CONTINUE = 0, MODE_LOOP = 1;

    /** The nine voices, in model class order (kick, snare, closed hat, ...). */
    public static final int VOICES = 9;
    private static final String[] VOICE_IDS = {
        "kick", "snare", "closed_hat", "open_hat", "low_tom", "mid_tom", "high_tom", "clap", "rim"};
    private static final String[] VOICE_NAMES = {
        "Kick", "Snare", "Closed hat", "Open hat", "Low tom", "Mid tom", "High tom", "Clap", "Rim"};
    /** Default pans from the seed: kick and snare centre, hats left, toms spread, clap and rim right. */
    private static final float[] VOICE_PANS = {0f, 0f, -0.5f, -0.5f, -0.4f, 0f, 0.4f, 0.5f, 0.5f};

    // Filled by the declarations below, in order; must be declared before them.
    private static final List<Param> DECLARED = new ArrayList<>();

    public static final Param TEMPERATURE = declare("temperature", "Temperature", Kind.FLOAT,
            ParamRange.continuous(0, 2), 1.0f, "", true, null);
    public static final Param SWING = declare("swing", "Swing", Kind.FLOAT,
            ParamRange.continuous(0, 50), 0f, "%", true, null);
    public static final Param MODE = declare("mode", "Mode", Kind.ENUM,
            ParamRange.whole(0, 1), MODE_CONTINUE, "", true, new String[] {"Continue", "Loop"});
    public static final Param LOOP_BARS = declare("loop_bars", "Loop length", Kind.INT,
            ParamRange.whole(1, 16), 2, "bars", true, null);
    public static final Param REGENERATE_BARS = declare("regenerate_bars", "Regenerate every", Kind.INT,
            ParamRange.whole(0, 64), 0, "bars", true, null);
    public static final Param SEED_LENGTH = declare("seed_length", "Seed length", Kind.INT,
            ParamRange.whole(1, 64), 10, "steps", false, null);
    public static final Param RANDOM_SEED = declare("random_seed", "Random seed", Kind.INT,
            ParamRange.whole(0, 9999), 0, "", true, null);
    public static final Param LOCK = declare("lock", "Lock", Kind.BOOL,
            ParamRange.whole(0, 1), 0, "", true, new String[] {"Off", "On"});
    public static final Param CAPTURE = declare("capture_seed", "Capture seed", Kind.BOOL,
            ParamRange.whole(0, 1), 0, "", false, new String[] {"Off", "On"});
    public static final Param REVERB_MIX = declare("reverb_mix", "Reverb mix", Kind.FLOAT,
            ParamRange.continuous(0, 100), 30f, "%", true, null);
    public static final Param MASTER_LEVEL = declare("master_level", "Master level", Kind.FLOAT,
            ParamRange.continuous(-60, 6), 0f, "dB", true, null);

    private static final Param[] LEVELS = new Param[VOICES], PANS = new Param[VOICES], MUTES = new Param[VOICES];
    static {
        for (int v = 0; v < VOICES; v++) {
            LEVELS[v] = declare(VOICE_IDS[v] + "_level", VOICE_NAMES[v] + " level", Kind.FLOAT,
                    ParamRange.continuous(-60, 6), 0f, "dB", true, null);
            PANS[v] = declare(VOICE_IDS[v] + "_pan", VOICE_NAMES[v] + " pan", Kind.FLOAT,
                    ParamRange.continuous(-1, 1), VOICE_PANS[v], "", true, null);
            MUTES[v] = declare(VOICE_IDS[v] + "_mute", VOICE_NAMES[v] + " mute", Kind.BOOL,
                    ParamRange.whole(0, 1), 0, "", true, new String[] {"Off", "On"});
        }
    }

    // Appended after the voices so that no earlier host index moves.
    /** How far hits move from the grid towards the learned groove (0 = quantized, velocity 100). */
    public static final Param HUMANIZE = declare("humanize", "Humanize", Kind.FLOAT,
            ParamRange.continuous(0, 100), 0f, "%", true, null);
    /** Spread of the learned velocities around their mean (100 % = as learned). */
    public static final Param DYNAMICS = declare("dynamics", "Dynamics", Kind.FLOAT,
            ParamRange.continuous(0, 200), 100f, "%", true, null);

    private static final List<Param> ALL = Collections.unmodifiableList(new ArrayList<>(DECLARED));

    /** Host index: position in declaration order. */
    public final int index;
    /** Stable identifier saved in state; never renamed. */
    public final String id;
    public final String name;
    public final Kind kind;
    public final ParamRange range;
    /** Default in plain units. */
    public final float defaultValue;
    /** Unit label for hosts ("dB", "%", "bars"), empty when none. */
    public final String unit;
    public final boolean automatable;
    private final String[] choices;

    private Param(int index, String id, String name, Kind kind, ParamRange range, float defaultValue,
                  String unit, boolean automatable, String[] choices) {
        this.index = index;
        this.id = id;
        this.name = name;
        this.kind = kind;
        this.range = range;
        this.defaultValue = range.clamp(defaultValue);
        this.unit = unit;
        this.automatable = automatable;
        this.choices = choices;
    }

    private static Param declare(String id, String name, Kind kind, ParamRange range, float def,
                                 String unit, boolean automatable, String[] choices) {
        Param p = new Param(DECLARED.size(), id, name, kind, range, def, unit, automatable, choices);
        DECLARED.add(p);
        return p;
    }

    /** Every parameter in host order. */
    public static List<Param> all() {
        return ALL;
    }

    public static int count() {
        return ALL.size();
    }

    /** The parameter at a host index, or null when out of range. */
    public static Param at(int index) {
        return index >= 0 && index < ALL.size() ? ALL.get(index) : null;
    }

    /** The parameter with a stable id, or null for an id this version does not know. */
    public static Param byId(String id) {
        for (Param p : ALL) if (p.id.equals(id)) return p;
        return null;
    }

    public static Param voiceLevel(int voice) { return LEVELS[voice]; }
    public static Param voicePan(int voice) { return PANS[voice]; }
    public static Param voiceMute(int voice) { return MUTES[voice]; }

    /** Display name of a voice, e.g. "Closed hat". */
    public static String voiceName(int voice) { return VOICE_NAMES[voice]; }

    /** The default normalized value. */
    public float defaultNormalized() {
        return range.normalize(defaultValue);
    }

    /** The text a host or the editor shows for a plain value, without the unit for numbers. */
    public String display(float plain) {
        float v = range.clamp(plain);
        if (choices != null) return choices[Math.round(v - range.min())];
        if (this == REGENERATE_BARS && v == 0) return "Never";
        if (kind == Kind.INT) return Integer.toString(Math.round(v));
        if (unit.equals("dB")) return v <= range.min() ? "-inf" : String.format(Locale.ROOT, "%.1f", v);
        if (unit.equals("%")) return String.format(Locale.ROOT, "%.0f", v);
        if (range.min() == -1 && range.max() == 1) { // pans
            int percent = Math.round(Math.abs(v) * 100);
            return percent == 0 ? "C" : (v < 0 ? "L" : "R") + percent;
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    @Override
    public String toString() {
        return id;
    }
}
