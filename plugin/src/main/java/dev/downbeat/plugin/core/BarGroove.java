package dev.downbeat.plugin.core;

/**
 * The learned groove of one written bar: for every step and voice the velocity (0..1) and timing
 * offset (steps) the groove model gives it, before Humanize and Dynamics. Written by the worker
 * ({@link BarGroover}) before its bar is put on the shelf, read by the audio thread. Immutable once
 * published; crosses threads.
 *
 * @param historyId   {@link Bar#historyId} of the bar it belongs to
 * @param parentId    that bar's parent, to find the groove of the bar after the one playing
 * @param temperature that bar's temperature (several versions of a bar may continue one parent)
 * @param events      the bar's events, to tell whether a step played is the one grooved
 * @param velocity    [step · 9 + voice]
 * @param offset      [step · 9 + voice], −0.5..0.5
 * @param mean        mean learned velocity over the bar's hits (what Dynamics scales around)
 */
record BarGroove(long historyId, long parentId, float temperature, int[] events, float[] velocity, float[] offset,
                 float mean) {
    int steps() {
        return events.length;
    }

    /** Whether {@code voice} hits at {@code step} in the grooved bar. */
    boolean hits(int step, int voice) {
        return step >= 0 && step < events.length && (events[step] & (1 << voice)) != 0;
    }
}
