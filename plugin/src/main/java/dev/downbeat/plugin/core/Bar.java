package dev.downbeat.plugin.core;

/**
 * One bar of drum steps written by the {@link BarWriter} and published to the audio thread.
 * Immutable once published: the steps below {@link #ready} never change again. Only a bar being
 * re-sampled is published step by step (each publication a new record with a larger {@code ready},
 * sharing arrays whose later steps are still being written); every other bar is published whole.
 * Crosses threads.
 *
 * @param epoch         the performance it belongs to (a new one at every transport start); {@link #OPENING} for
 *                      the opening bar kept ready for the next start
 * @param number        bar number within the performance, 0 at the first bar played
 * @param parentId      {@link #historyId} of the bar it continues (0 for an opening bar)
 * @param historyId     identifies this bar and everything before it; the next bar names it as its parent
 * @param temperature   the temperature every step was sampled at
 * @param randomKey     key of this bar's random draws (see {@link StepSampling#draw})
 * @param firstPosition model position of step 0 (the draws are keyed by position)
 * @param repeat        a copy of an earlier bar (loop, lock): played as it is, never re-sampled
 * @param events        one event per step (bit i = voice i), length = steps
 * @param logits        the model's logits before each step ({@code steps × 512}); null for repeats
 * @param settingsKey   {@link BarWriter#settingsKey} of the settings it was written under
 * @param ready         steps written so far; equal to the length of {@code events} once complete
 */
public record Bar(long epoch, int number, long parentId, long historyId, float temperature, long randomKey,
                  int firstPosition, boolean repeat, int[] events, float[] logits, long settingsKey, int ready) {

    /** The epoch of opening bars: not yet part of a performance. */
    public static final long OPENING = -1;

    /** Steps in the bar. */
    public int steps() {
        return events.length;
    }

    /** The event at {@code step}, or no hit past the bar's end (or past the steps ready). */
    public int event(int step) {
        return step >= 0 && step < ready ? events[step] : 0;
    }

    /** Whether every step is written (only a bar being re-sampled is ever published incomplete). */
    public boolean complete() {
        return ready == events.length;
    }

    /** Whether this bar carries the logits needed to re-sample it at another temperature. */
    public boolean resamplable() {
        return logits != null;
    }
}
