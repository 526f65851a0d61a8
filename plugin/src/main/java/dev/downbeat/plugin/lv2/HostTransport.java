package dev.downbeat.plugin.lv2;

import dev.downbeat.plugin.core.HostPositionRounding;
import dev.downbeat.plugin.core.ProcessBlock;

/**
 * The host's transport as LV2 reports it: hosts send {@code time:Position} only when something changes
 * (start, stop, relocation, tempo), so between updates this moves the position on by the frames played.
 * Hosts that send it every cycle round it (Ardour: whole ticks of 1/1920 quarter), so while the
 * transport rolls, an update within that rounding of the carried position keeps the carried one
 * ({@link HostPositionRounding}). Owned by the audio thread.
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
        boolean rolling = positionKnown && speed != 0;
        double carried = quarters();
        double oldBeatsPerBar = beatsPerBar;
        int oldBeatUnit = beatUnit;
        if (!Double.isNaN(p.speed)) speed = p.speed;
        if (p.beatsPerMinute > 0) beatsPerMinute = p.beatsPerMinute;
        if (p.beatsPerBar > 0) beatsPerBar = p.beatsPerBar;
        if (p.beatUnit >= 1) beatUnit = (int) Math.round(p.beatUnit);
        boolean sameMeter = beatsPerBar == oldBeatsPerBar && beatUnit == oldBeatUnit;
        if (rolling && speed != 0 && sameMeter && HostPositionRounding.agrees(reportedQuarters(p), carried)) {
            return;   // the host's rounding, not a jump: the carried position is the exact one
        }
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

    /** The position an update reports, in quarters; NaN when it reports none. */
    private double reportedQuarters(TimePosition p) {
        double beats;
        if (!Double.isNaN(p.bar) && !Double.isNaN(p.barBeat)) beats = Math.floor(p.bar) * beatsPerBar + p.barBeat;
        else if (!Double.isNaN(p.beat)) beats = p.beat;
        else if (!Double.isNaN(p.frame)) beats = p.frame / sampleRate * beatsPerMinute / 60.0;
        else return Double.NaN;
        return beats * 4.0 / beatUnit;
    }

    private double quarters() {
        return (bar * beatsPerBar + barBeat) * 4.0 / beatUnit;
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
