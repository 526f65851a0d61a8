package dev.downbeat.plugin.core;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The audio thread's side of the bars: which event sounds at each step, following the per-bar
 * temperature rule. At a bar's downbeat it takes the next bar from the {@link BarShelf}; if that bar
 * was written at another temperature (or bar length) than the one in force now, it asks the worker
 * to re-sample it and meanwhile samples the steps itself from the bar's cached logits, which stay
 * valid for as long as its steps agree with the cached ones; the worker's re-sampled bar (identical
 * steps, by {@link StepSampling}'s position-keyed draws) takes over from there. Offline, it waits for
 * the worker instead of ever playing a late step.
 *
 * <p>Owned by the audio thread; nothing here allocates, locks or waits (except offline).
 */
final class BarPlayer {
    /** Longest an offline block waits for the worker before playing on (it stops waiting if the worker failed). */
    private static final long OFFLINE_WAIT_NANOS = 20_000_000_000L;

    private final BarShelf shelf;
    private final MessageRing toWorker;
    private final BarWriter writer;
    private final int[] resampled = new int[64 * 16]; // steps sampled here, by step index
    private final double[] sampleWeights = new double[StepSampling.EVENTS]; // StepSampling's scratch

    // Audio thread only.
    private long epoch;
    private boolean performing, interrupted;
    private int number, lastStep;
    private float barTemperature;
    private int barSteps;
    private Bar current;   // the version of the bar playing (exact, or the candidate while re-sampling)
    private Bar exact;     // written at the bar's own temperature and length; null while re-sampling
    private Bar candidate; // the bar taken at the downbeat
    private int checked;   // steps of the candidate re-sampled here so far
    private boolean diverged;
    private boolean offline;
    private long settingsKey;

    // Published for the editor, tests and diagnostics.
    private volatile Bar playing;
    private volatile long publishedEpoch;
    private volatile int playingStep = -1;
    private final AtomicLong lateSteps = new AtomicLong(), resamples = new AtomicLong(), droppedMessages = new AtomicLong();

    BarPlayer(BarShelf shelf, MessageRing toWorker, BarWriter writer) {
        this.shelf = shelf;
        this.toWorker = toWorker;
        this.writer = writer;
    }

    /** The transport started: the next step opens a new performance from bar 0. */
    void start() {
        epoch++;
        publishedEpoch = epoch;
        performing = false;
    }

    /** The transport stopped. */
    void stop() {
        if (performing) send(BarWriter.STOP, epoch, 0, 0, 0);
        performing = false;
        playingStep = -1;
    }

    /** The transport jumped while playing: the next step begins the next bar, wherever it falls. */
    void interrupt() {
        interrupted = true;
    }

    /**
     * The event (bit i = voice i) for the step {@code step} of a bar of {@code steps} steps.
     *
     * @param temperature the temperature in force now (used if this step is a downbeat)
     */
    int eventAt(int step, int steps, float temperature, boolean offlineBlock, long settingsKey) {
        offline = offlineBlock;
        this.settingsKey = settingsKey;
        if (!performing || interrupted || step <= lastStep || step == 0) {
            beginBar(steps, temperature);
        }
        lastStep = step;
        playingStep = step;
        return stepEvent(step);
    }

    private void beginBar(int steps, float temperature) {
        interrupted = false;
        lastStep = -1;
        barTemperature = temperature;
        barSteps = steps;
        writer.setStepsPerBar(steps);
        exact = null;
        checked = 0;
        diverged = false;
        if (!performing) {
            performing = true;
            number = 0;
            current = null;
            candidate = shelf.opening();
            if (offline) candidate = waitForOpening(settingsKey);
            send(BarWriter.RESTART, epoch, candidate == null ? 0 : candidate.historyId(), 0, 0);
        } else {
            number++;
            candidate = fetch(number);
        }
        if (candidate != null && (candidate.repeat()
                || (candidate.temperature() == temperature && candidate.steps() == steps))) {
            adopt(candidate);
        } else if (candidate != null) {
            resamples.lazySet(resamples.get() + 1);
            send(BarWriter.RESAMPLE, epoch, number, candidate.historyId(),
                    ((long) Float.floatToRawIntBits(temperature) << 32) | (steps & 0xFFFFFFFFL));
            current = candidate;
        }
        playing = current;
    }

    private void adopt(Bar bar) {
        exact = bar;
        current = bar;
        playing = bar;
        if (number > 0 || bar != candidate) send(BarWriter.PLAYED, epoch, number, bar.historyId(), 0);
    }

    /** Bar {@code n} continuing the bar played; offline, waits for it. */
    private Bar fetch(int n) {
        long parent = current == null ? 0 : current.historyId();
        Bar b = shelf.get(epoch, n);
        if (b != null && b.parentId() == parent) return b;
        if (offline) {
            long deadline = System.nanoTime() + OFFLINE_WAIT_NANOS;
            while (System.nanoTime() < deadline && writer.failure() == null) {
                LockSupport.parkNanos(50_000);
                b = shelf.get(epoch, n);
                if (b != null && b.parentId() == parent) return b;
            }
        }
        return b; // the worker is behind: play what there is rather than nothing (counted below when null)
    }

    /** Offline: the opening bar once it reflects the settings in force (a render must not start on stale ones). */
    private Bar waitForOpening(long key) {
        long deadline = System.nanoTime() + OFFLINE_WAIT_NANOS;
        Bar b = shelf.opening();
        while ((b == null || b.settingsKey() != key) && System.nanoTime() < deadline && writer.failure() == null) {
            LockSupport.parkNanos(50_000);
            b = shelf.opening();
        }
        return b;
    }

    private int stepEvent(int step) {
        if (exact != null) return exact.event(step);
        if (candidate == null) {
            // Bar 0 the worker wrote for this performance (it had no opening ready), or the opening.
            candidate = shelf.get(epoch, number);
            if (candidate == null && number == 0) candidate = shelf.opening();
            if (candidate == null || !candidate.complete()) {
                candidate = null;
                return late();
            }
            if (candidate.repeat() || (candidate.temperature() == barTemperature && candidate.steps() == barSteps)) {
                adopt(candidate);
                return exact.event(step);
            }
        }
        Bar again = shelf.get(epoch, number);
        if (offline && !(isResampleOf(again) && again.ready() > step)) again = waitForResample(step);
        if (isResampleOf(again)) {
            if (again.complete()) {
                adopt(again);
                return again.event(step);
            }
            if (step < again.ready()) return again.event(step); // the worker is writing it step by step
        }
        // Re-sample here from the cached logits while the bar so far agrees with the cached steps.
        while (checked <= step && !diverged) {
            if (checked >= candidate.steps() || checked >= resampled.length || !candidate.resamplable()) {
                diverged = true;
                break;
            }
            int e = StepSampling.sample(candidate.logits(), checked * StepSampling.EVENTS, barTemperature,
                    StepSampling.draw(candidate.randomKey(), candidate.firstPosition() + checked), sampleWeights);
            resampled[checked] = e;
            if (e != candidate.event(checked)) diverged = true;
            checked++;
        }
        if (step < checked) return resampled[step];
        // The worker has not caught up (a heavily loaded machine): rather than a gap, the step written
        // ahead at the old temperature plays, and the step is counted as late.
        late();
        return candidate.event(step);
    }

    private boolean isResampleOf(Bar b) {
        return b != null && candidate != null && b != candidate && !b.repeat() && b.parentId() == candidate.parentId()
                && b.temperature() == barTemperature && b.steps() == barSteps;
    }

    private Bar waitForResample(int step) {
        long deadline = System.nanoTime() + OFFLINE_WAIT_NANOS;
        while (System.nanoTime() < deadline && writer.failure() == null) {
            Bar b = shelf.get(epoch, number);
            if (isResampleOf(b) && b.ready() > step) return b;
            LockSupport.parkNanos(50_000);
        }
        return null;
    }

    private int late() {
        lateSteps.lazySet(lateSteps.get() + 1);
        return 0;
    }

    private void send(int kind, long a, long b, long c, long d) {
        if (!toWorker.offer(kind, a, b, c, d)) droppedMessages.lazySet(droppedMessages.get() + 1);
    }

    /** The bar playing (its played version once known), or null when stopped. Any thread. */
    Bar playing() {
        return playing;
    }

    /** Step of the playing bar last played, or -1. Any thread. */
    int playingStep() {
        return playingStep;
    }

    /** The performance playing (or last played). Any thread. */
    long epoch() {
        return publishedEpoch;
    }

    /** Bar number within the performance of the bar playing. Audio thread. */
    int number() {
        return number;
    }

    /**
     * Steps the worker was late for (0 in a healthy run): with no bar at all they were rests; while
     * re-sampling, the step written ahead at the previous temperature played. Any thread.
     */
    long lateSteps() {
        return lateSteps.get();
    }

    /** Bars whose temperature changed by their downbeat and were re-sampled. Any thread. */
    long resamples() {
        return resamples.get();
    }

    long droppedMessages() {
        return droppedMessages.get();
    }
}
