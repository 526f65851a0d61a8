package dev.downbeat.plugin.core;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Current plain value of every {@link Param}, as atomic float bits: any thread writes (host automation,
 * editor, state), any thread reads, no locks. The audio thread copies them once per block.
 */
public final class ParamValues {
    private final AtomicIntegerArray bits = new AtomicIntegerArray(Param.count());

    /** All parameters at their defaults. */
    public ParamValues() {
        resetToDefaults();
    }

    public void resetToDefaults() {
        for (Param p : Param.all()) set(p, p.defaultValue);
    }

    /** Sets a plain value, clamped and snapped into the parameter's range. Any thread. */
    public void set(Param p, float plain) {
        bits.set(p.index, Float.floatToRawIntBits(p.range.clamp(plain)));
    }

    /** Sets from a host's normalized 0..1 value. Any thread. */
    public void setNormalized(Param p, float normalized) {
        bits.set(p.index, Float.floatToRawIntBits(p.range.plain(normalized)));
    }

    public float get(Param p) {
        return Float.intBitsToFloat(bits.get(p.index));
    }

    public float getNormalized(Param p) {
        return p.range.normalize(get(p));
    }

    public int getInt(Param p) {
        return Math.round(get(p));
    }

    public boolean getBool(Param p) {
        return get(p) >= 0.5f;
    }

    /** Copies every plain value into {@code plain} (length {@link Param#count()}); no allocation. */
    public void readInto(float[] plain) {
        for (int i = 0; i < plain.length; i++) plain[i] = Float.intBitsToFloat(bits.get(i));
    }
}
