package dev.downbeat.plugin.core;

import dev.downbeat.dsp.HitQueue;
import dev.downbeat.model.groove.Humanizer;
import java.util.concurrent.locks.LockSupport;

/**
 * The audio thread's side of the groove: when and how hard each hit of a step sounds.
 *
 * <p>A hit plays at its step's swung grid position plus the learned offset × Humanize, at the
 * learned velocity shaped by Dynamics and blended by Humanize ({@link Humanizer#velocity}). So
 * Swing moves the grid the drummer plays around, and the groove adds the drummer's push and pull
 * on top; at Humanize 0 every hit sits exactly on the swung grid at velocity 100.
 *
 * <p>Zero latency: a late hit is held in a small queue until its frame comes, possibly in a later
 * block; an early hit (negative offset) is queued when the step before it plays, from the groove of
 * the bar playing, or at a bar line from the groove of the bar written next (the lookahead the
 * worker keeps). A step whose early hits could not be known a step ahead (the first step after a
 * start or jump, a bar with no groove) plays those hits on the grid. Hits are released in frame
 * order by {@link #nextDue}.
 *
 * <p>Owned by the audio thread; nothing here allocates, locks or waits.
 */
final class GroovePlayer {
    /** Queued hits at most (a step has at most 9, and a hit is never held longer than a step and a half). */
    static final int CAPACITY = 256;
    /** Longest an offline block waits for the next bar's groove (the worker writes it in milliseconds). */
    private static final long OFFLINE_WAIT_NANOS = 2_000_000_000L;

    private final GrooveShelf shelf;
    private final HitQueue due = new HitQueue(CAPACITY); // frames count from the performance's start
    private int playedAhead;         // voices of the next step already queued early
    private long dropped;

    GroovePlayer(GrooveShelf shelf) {
        this.shelf = shelf;
    }

    /** Forgets every queued hit (stop, jump, reset). */
    void clear() {
        due.clear();
        playedAhead = 0;
    }

    /**
     * Queues the hits of a step that starts at frame {@code at} (counted from the start of the
     * performance's frame clock) and the early hits of the step after it.
     *
     * @param event         the voices the step plays (from the {@link BarPlayer})
     * @param playing       the bar playing, or null
     * @param framesPerStep length of an unswung 16th in frames
     * @param swing         fraction of a step odd steps are delayed by
     * @param amount        Humanize 0..1
     * @param dynamics      Dynamics 0..2
     * @param temperature   the temperature in force (the next bar is written at it)
     * @param waitForNext   offline: wait for the next bar's groove at a bar line, so a render never depends on
     *                      how fast the worker ran (real time never waits)
     */
    void step(int event, int stepInBar, int stepsInBar, Bar playing, long at, double framesPerStep, double swing,
              double amount, double dynamics, float temperature, boolean waitForNext) {
        BarGroove groove = playing == null || amount == 0 ? null : shelf.of(playing.historyId());
        int ahead = playedAhead;
        playedAhead = 0;
        for (int v = 0; v < Param.VOICES; v++) {
            if ((event & (1 << v)) == 0 || (ahead & (1 << v)) != 0) continue;
            if (groove != null && groove.hits(stepInBar, v)) {
                int i = stepInBar * Param.VOICES + v;
                double offset = Math.max(0, amount * groove.offset()[i]); // early hits not queued a step ahead play on the grid
                queue(at + Math.round(offset * framesPerStep), v,
                        Humanizer.velocity(groove.velocity()[i], groove.mean(), amount, dynamics));
            } else {
                queue(at, v, Humanizer.QUANTIZED_VELOCITY);
            }
        }
        if (groove == null || amount == 0) return;
        // The next step's early hits, from this bar or, at the bar line, from the bar written to follow it.
        int next = stepInBar + 1;
        BarGroove following = groove;
        if (next >= stepsInBar) {
            next = 0;
            following = shelf.childOf(playing.historyId(), temperature);
            if (following == null && waitForNext) following = waitForChild(playing.historyId(), temperature);
        } else if (stepInBar >= groove.steps() || event != groove.events()[stepInBar]) {
            // The bar is being re-sampled and has left the grooved steps, or the meter changed under
            // it (a bar written in 7/8 playing on in 4/4): nothing to predict.
            return;
        }
        if (following == null || next >= following.steps()) return;
        double gap = framesPerStep * (1 + swingDelay(next, swing) - swingDelay(stepInBar, swing));
        for (int v = 0; v < Param.VOICES; v++) {
            if (!following.hits(next, v)) continue;
            int i = next * Param.VOICES + v;
            double offset = amount * following.offset()[i];
            if (offset >= 0) continue;
            queue(at + Math.round(gap + offset * framesPerStep), v,
                    Humanizer.velocity(following.velocity()[i], following.mean(), amount, dynamics));
            playedAhead |= 1 << v;
        }
    }

    private BarGroove waitForChild(long parentId, float temperature) {
        long deadline = System.nanoTime() + OFFLINE_WAIT_NANOS;
        BarGroove g = null;
        while (g == null && System.nanoTime() < deadline) {
            LockSupport.parkNanos(50_000);
            g = shelf.childOf(parentId, temperature);
        }
        return g;
    }

    private static double swingDelay(int stepInBar, double swing) {
        return (stepInBar & 1) == 1 ? swing : 0;
    }

    /** Inserts in frame order (stable: equal frames keep voice order). */
    private void queue(long frame, int voice, float velocity) {
        if (!due.add(frame, voice, velocity)) {
            dropped++;
        }
    }

    /** Whether the earliest queued hit is due before frame {@code before}. */
    boolean hasDue(long before) {
        return due.size() > 0 && due.frame(0) < before;
    }

    /** The earliest queued hit's frame, voice and velocity; {@link #pop} removes it. */
    long nextDue() {
        return due.frame(0);
    }

    int nextVoice() {
        return due.piece(0);
    }

    float nextVelocity() {
        return due.velocity(0);
    }

    void pop() {
        due.removeFirst(1);
    }

    /** Hits dropped because the queue was full (0 in a healthy run). */
    long dropped() {
        return dropped;
    }
}
