package dev.downbeat.plugin.core;

/**
 * Turns the host's transport into 16th-note steps: for each block, which steps start inside it and
 * at which frame. Steps sit on a grid of quarter/4 from the bar start (odd steps delayed by swing).
 *
 * <p>Like a drummer: a step fires once (a host position that jitters by a few samples neither
 * repeats nor skips one), after a jump (relocation, loop, start) the grid picks up at the new place
 * without a burst of the steps jumped over, a step the jump landed just after still sounds, and a
 * stop ends the performance. Tempo and meter are read at each block start, so changes apply from
 * the block they arrive in; a bar's length follows the meter in force.
 *
 * <p>Owned by the audio thread; {@link #advance} never allocates.
 */
public final class StepClock {
    /** The model thinks in 16ths. */
    public static final int STEPS_PER_QUARTER = 4;
    private static final double STEP = 1.0 / STEPS_PER_QUARTER;
    private static final double EPS = 1e-9;

    // Results of the last advance(); read by the caller until the next one.
    private int count;
    private final int[] frames, stepInBar, stepsInBar;
    private boolean started, relocated, stopped;

    // Transport memory between blocks.
    private boolean wasPlaying;
    private double expectedQuarters; // where the previous block ended
    private double nextGrid;         // unswung grid position of the next step to fire
    private double toleranceQuarters;

    /** @param capacity most steps one block may hold (extra steps in a block are dropped) */
    public StepClock(int capacity) {
        frames = new int[capacity];
        stepInBar = new int[capacity];
        stepsInBar = new int[capacity];
    }

    /** Steps at most in one block of {@code maxBlock} frames at {@code sampleRate}, up to 1000 bpm. */
    public static int capacityFor(double sampleRate, int maxBlock) {
        return (int) Math.ceil(maxBlock / sampleRate * 1000 / 60 * STEPS_PER_QUARTER) + 4;
    }

    /** Forgets the transport (the next playing block counts as a start). */
    public void reset() {
        wasPlaying = false;
        count = 0;
        started = relocated = stopped = false;
    }

    /**
     * Works out the steps of one block.
     *
     * @param swing fraction of a step by which odd steps are delayed, 0..0.5
     */
    public void advance(ProcessBlock b, double sampleRate, double swing) {
        count = 0;
        started = relocated = stopped = false;
        if (!b.playing) {
            if (wasPlaying) stopped = true;
            wasPlaying = false;
            return;
        }
        double tempo = b.tempoBpm > 1 && b.tempoBpm < 10000 ? b.tempoBpm : 120;
        double perFrame = tempo / 60.0 / sampleRate;
        // A few samples (at least half a millisecond) of slack for hosts whose position jitters.
        double tolerance = Math.max(8 * perFrame, 0.0005 * tempo / 60.0);
        double q0 = b.positionValid ? b.positionQuarters : (wasPlaying ? expectedQuarters : 0);
        boolean continuous = wasPlaying && Math.abs(q0 - expectedQuarters) <= Math.max(tolerance, toleranceQuarters);
        if (!wasPlaying) started = true;
        else if (!continuous) relocated = true;

        int numerator = Math.max(1, Math.min(64, b.meterNumerator));
        int denominator = Math.max(1, Math.min(64, b.meterDenominator));
        double barLength = numerator * 4.0 / denominator;
        int steps = Math.max(1, (int) Math.round(barLength * STEPS_PER_QUARTER));
        double anchor = b.barStartValid ? b.barStartQuarters : Math.floor(q0 / barLength + EPS) * barLength;
        while (q0 - anchor >= barLength - EPS) anchor += barLength; // hosts may report the previous bar at a bar line
        while (q0 - anchor < -tolerance) anchor -= barLength;

        double grid;
        if (continuous) {
            grid = nextGrid;
        } else {
            // First step at or after the new position, or one the jump landed just after.
            double from = q0 - tolerance;
            int k = (int) Math.floor((from - anchor) / STEP);
            grid = anchor + k * STEP;
            while (swung(grid, anchor, steps, barLength, swing) < from - EPS) grid += STEP;
        }
        while (count < frames.length) {
            int k = (int) Math.round((grid - anchor) / STEP); // may pass the bar's end: the next bar's steps
            double s = swung(grid, anchor, steps, barLength, swing);
            int f = (int) Math.ceil((s - q0) / perFrame - 1e-6);
            if (f >= b.frames) break;
            frames[count] = Math.max(0, f);
            stepInBar[count] = Math.floorMod(k, steps);
            stepsInBar[count] = steps;
            count++;
            grid += STEP;
        }
        nextGrid = grid;
        expectedQuarters = q0 + b.frames * perFrame;
        toleranceQuarters = tolerance;
        wasPlaying = true;
    }

    /** Position of a grid step once swing delays the odd ones. */
    private static double swung(double grid, double anchor, int steps, double barLength, double swing) {
        int k = Math.floorMod((int) Math.round((grid - anchor) / STEP), steps);
        return (k & 1) == 1 ? grid + swing * STEP : grid;
    }

    /** Steps starting in the last block. */
    public int count() {
        return count;
    }

    /** Frame offset of step {@code i} of the last block, ascending. */
    public int frame(int i) {
        return frames[i];
    }

    /** Index of step {@code i} within its bar (0 = the downbeat). */
    public int stepInBar(int i) {
        return stepInBar[i];
    }

    /** Steps in the bar step {@code i} belongs to (16 in 4/4, 12 in 3/4 or 6/8). */
    public int stepsInBar(int i) {
        return stepsInBar[i];
    }

    /** The transport started in the last block. */
    public boolean started() {
        return started;
    }

    /** The transport jumped (relocation, loop) in the last block. */
    public boolean relocated() {
        return relocated;
    }

    /** The transport stopped in the last block. */
    public boolean stopped() {
        return stopped;
    }
}
