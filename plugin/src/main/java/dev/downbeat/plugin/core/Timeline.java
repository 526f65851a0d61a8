package dev.downbeat.plugin.core;

import java.util.List;

/**
 * What the editor shows of the performance: the bars around the playhead, oldest first, and where
 * the playhead is. Immutable; made on demand off the audio thread.
 *
 * @param bars          bars played, playing and written ahead (each with the temperature it was sampled at)
 * @param playingNumber number of the bar playing, -1 when stopped
 * @param playingStep   step of the playing bar last played, -1 when stopped
 * @param tempoBpm      the host tempo of the last block
 */
public record Timeline(List<Bar> bars, int playingNumber, int playingStep, double tempoBpm) {
    public Timeline {
        bars = List.copyOf(bars);
    }

    /** Whether {@code bar} has been played entirely. */
    public boolean played(Bar bar) {
        return playingNumber >= 0 && bar.number() < playingNumber;
    }

    /** Whether {@code bar} is the one playing. */
    public boolean playing(Bar bar) {
        return bar.number() == playingNumber;
    }
}
