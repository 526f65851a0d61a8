package dev.downbeat.plugin.lv2;

/**
 * One {@code time:Position} object as the host sent it; a field the host left out is NaN.
 * Mutable and reused, owned by the audio thread.
 */
final class TimePosition {
    double bar, barBeat, beat, beatUnit, beatsPerBar, beatsPerMinute, speed, frame;

    TimePosition() {
        clear();
    }

    void clear() {
        bar = barBeat = beat = beatUnit = beatsPerBar = beatsPerMinute = speed = frame = Double.NaN;
    }

    void copyFrom(TimePosition o) {
        bar = o.bar;
        barBeat = o.barBeat;
        beat = o.beat;
        beatUnit = o.beatUnit;
        beatsPerBar = o.beatsPerBar;
        beatsPerMinute = o.beatsPerMinute;
        speed = o.speed;
        frame = o.frame;
    }
}
