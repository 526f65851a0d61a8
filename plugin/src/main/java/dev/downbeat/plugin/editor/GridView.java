package dev.downbeat.plugin.editor;

import java.util.Arrays;
import java.util.List;

/**
 * Everything the grid draws, as one immutable value the editor polls (every 30 ms) from its
 * {@link EditorSession}. The timeline reads left to right: the seed, then a window of generated
 * bars (played, playing, upcoming).
 *
 * @param seed one event per seed step (bit i = voice i), {@code seedCapacity} long; steps at or
 *     beyond {@code seedLength} are kept (so shortening and lengthening the seed loses nothing)
 *     but not used
 * @param seedLength how many seed steps prime the model, 1..seedCapacity
 * @param bars the generated bars around the playhead, oldest first
 * @param playheadBar the bar under the playhead, or -1 when the transport is stopped
 * @param playheadStep the position inside that bar in 16th steps (fractional)
 * @param stepsPerBar 16 in 4/4
 * @param stepsPerBeat 4 (16ths)
 * @param tempoBpm the tempo, for display and for MIDI export
 */
public record GridView(int[] seed, int seedLength, List<BarView> bars, long playheadBar,
                       double playheadStep, int stepsPerBar, int stepsPerBeat, double tempoBpm) {
    public GridView {
        seed = seed.clone();
        bars = List.copyOf(bars);
        if (seedLength < 1 || seedLength > seed.length)
            throw new IllegalArgumentException("seed length " + seedLength + " outside 1.." + seed.length);
        if (stepsPerBar < 1 || stepsPerBeat < 1) throw new IllegalArgumentException("steps per bar/beat must be positive");
    }

    public int seedCapacity() {
        return seed.length;
    }

    /** The seed's events (a copy). */
    @Override
    public int[] seed() {
        return seed.clone();
    }

    public boolean seedHit(int step, int voice) {
        return (seed[step] & (1 << voice)) != 0;
    }

    /** The events of the seed the model is primed with: the first {@link #seedLength} steps. */
    public int[] activeSeed() {
        return Arrays.copyOf(seed, seedLength);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GridView g && Arrays.equals(g.seed, seed) && g.seedLength == seedLength
                && g.bars.equals(bars) && g.playheadBar == playheadBar
                && Double.compare(g.playheadStep, playheadStep) == 0 && g.stepsPerBar == stepsPerBar
                && g.stepsPerBeat == stepsPerBeat && Double.compare(g.tempoBpm, tempoBpm) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(seed) * 31 + bars.hashCode();
    }
}
