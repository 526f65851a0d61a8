package dev.downbeat.plugin.lv2;

import dev.downbeat.plugin.core.ProcessBlock;

/**
 * The host's transport as LV2 reports it: hosts send {@code time:Position} only when something changes
 * (start, stop, relocation, tempo), so between updates this moves the position on by the frames played.
 * Owned by the audio thread.
 */
final class HostTransport {
    private final double sampleRate;
    private boolean positionKnown;
    private double speed;
    private double beatsPerMinute = 120;
    private double beatsPerBar = 4;
    private int beatUnit = 4;
    private long bar;
    /** Beats (of {@link #beatUnit}) into the current bar. */
    private double barBeat;

    HostTransport(double sampleRate) {
        this.sampleRate = sampleRate;
    }

    /** Takes what a position update says; fields it leaves out keep their last value. */
    void apply(TimePosition p) {
        if (!Double.isNaN(p.speed)) speed = p.speed;
        if (p.beatsPerMinute > 0) beatsPerMinute = p.beatsPerMinute;
        if (p.beatsPerBar > 0) beatsPerBar = p.beatsPerBar;
        if (p.beatUnit >= 1) beatUnit = (int) Math.round(p.beatUnit);
        if (!Double.isNaN(p.bar) && !Double.isNaN(p.barBeat)) {
            bar = (long) p.bar;
            barBeat = p.barBeat;
            positionKnown = true;
        } else if (!Double.isNaN(p.beat)) {
            setBeats(p.beat);
        } else if (!Double.isNaN(p.frame)) {
            // A host without musical time (JACK with no timebase master): beats from frames at the tempo.
            setBeats(p.frame / sampleRate * beatsPerMinute / 60.0);
        }
    }

    private void setBeats(double beats) {
        bar = (long) Math.floor(beats / beatsPerBar);
        barBeat = beats - bar * beatsPerBar;
        positionKnown = true;
    }

    /** Moves the position on by {@code frames} at the current tempo and speed. */
    void advance(int frames) {
        if (speed == 0 || !positionKnown) return;
        barBeat += frames * speed * beatsPerMinute / (60.0 * sampleRate);
        // Rolling into the next bar; also back across bar lines when playing in reverse.
        while (barBeat >= beatsPerBar) {
            barBeat -= beatsPerBar;
            bar++;
        }
        while (barBeat < 0) {
            barBeat += beatsPerBar;
            bar--;
        }
    }

    /** Fills the transport fields of a block starting now. */
    void writeTo(ProcessBlock block) {
        double quartersPerBeat = 4.0 / beatUnit;
        block.playing = speed != 0;
        block.positionValid = positionKnown;
        block.barStartValid = positionKnown;
        block.barStartQuarters = bar * beatsPerBar * quartersPerBeat;
        block.positionQuarters = block.barStartQuarters + barBeat * quartersPerBeat;
        block.tempoBpm = beatsPerMinute * quartersPerBeat;
        block.meterNumerator = (int) Math.max(1, Math.round(beatsPerBar));
        block.meterDenominator = beatUnit;
    }

    boolean playing() {
        return speed != 0;
    }

    long bar() {
        return bar;
    }

    double barBeat() {
        return barBeat;
    }
}
