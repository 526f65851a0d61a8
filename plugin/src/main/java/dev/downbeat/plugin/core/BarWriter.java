package dev.downbeat.plugin.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The worker that keeps the next bars written before the playhead reaches them. It owns the model,
 * reads the parameters, and publishes immutable {@link Bar}s on the {@link BarShelf}; the audio
 * thread tells it through a {@link MessageRing} which bars it played, which bar it needs re-sampled
 * at the temperature in force at its downbeat, and which notes it captured as a new seed.
 *
 * <p>What a performance plays, bar by bar: bar 0 starts from the seed (the opening, kept ready for
 * the next transport start); each further bar continues the model from the bar before, at the
 * temperature in force (speculatively: the audio thread asks again if it changed by the downbeat).
 * A new generation (fresh from the seed, next random key) starts every {@code regenerate_bars} bars
 * and when a new seed arrives. In loop mode, bars past the loop length repeat the generation's first
 * bars. Lock freezes the last loop-length bars played and repeats them.
 *
 * <p>Threads: the constructor, {@link #start}, {@link #awaitOpening}, {@link #close} and the seed/lock
 * setters run on a host thread; everything else on the worker thread this class starts.
 */
public final class BarWriter implements AutoCloseable {
    /** Bars kept written beyond the one playing. */
    public static final int AHEAD = 2;

    // Message kinds from the audio thread.
    static final int RESTART = 1;   // a = epoch, b = opening historyId
    static final int PLAYED = 2;    // a = epoch, b = number, c = historyId
    static final int RESAMPLE = 3;  // a = epoch, b = number, c = candidate historyId, d = temperature bits << 32 | steps
    static final int CAPTURE_STEP = 4; // a = step, b = event
    static final int CAPTURE_DONE = 5; // a = length
    static final int STOP = 6;

    private static final int OPENINGS_KEPT = 4;
    private static final int VERSIONS_KEPT = 4;

    private StepModel model; // worker thread once started (swapped by nextModel at a bar boundary)
    private final AtomicReference<StepModel> nextModel = new AtomicReference<>();
    private final ParamValues params;
    private final BarShelf shelf;
    private final MessageRing inbox;
    private final AtomicReference<Seed> seed = new AtomicReference<>(Seed.DEFAULT);
    private final AtomicReference<List<int[]>> lockedLoop = new AtomicReference<>();
    private final AtomicReference<List<int[]>> restoredLoop = new AtomicReference<>();
    private volatile int stepsPerBar = 16;
    private volatile boolean running;
    private volatile Throwable failure;
    private volatile BarGroover groover;
    private Thread thread;

    // Worker thread only, from here on.
    private Settings settings;
    private long epoch = Long.MIN_VALUE;
    private int lastPlayed = -1;
    private final Map<Integer, List<Draft>> versions = new HashMap<>();
    private final Map<Integer, Draft> truths = new HashMap<>();
    private final List<Draft> openings = new ArrayList<>();
    private Draft opening;
    private boolean performing;
    private int lockOrigin;
    private final int[] capture = new int[Seed.MAX_STEPS];
    private final float[] scratchLogits = new float[StepSampling.EVENTS];
    private final double[] sampleWeights = new double[StepSampling.EVENTS];

    /** A bar and the model positions around it; worker-owned. */
    private static final class Draft {
        final Bar bar;
        final int generation, generationStart;
        final Settings settings;
        Object start, end; // model positions before step 0 and after the last step; null for repeats

        Draft(Bar bar, int generation, int generationStart, Settings settings, Object start, Object end) {
            this.bar = bar;
            this.generation = generation;
            this.generationStart = generationStart;
            this.settings = settings;
            this.start = start;
            this.end = end;
        }
    }

    /** What the bars depend on, read from the parameters each round. */
    private record Settings(float temperature, int randomSeed, boolean loop, int loopBars, int regenerateBars,
                            int seedLength, Seed seed, List<int[]> lock, int stepsPerBar) {
        long key() {
            return settingsKey(randomSeed, loop, loopBars, regenerateBars, seedLength, seed, lock != null);
        }
    }

    /**
     * A fingerprint of everything but temperature and meter that decides what bars are written, so the
     * audio thread can tell (offline) whether the opening bar reflects the settings now. Any thread; no allocation.
     */
    static long settingsKey(int randomSeed, boolean loop, int loopBars, int regenerateBars, int seedLength, Seed seed,
                            boolean locked) {
        long h = StepSampling.mix(randomSeed, loop ? loopBars : 0);
        h = StepSampling.mix(h, regenerateBars);
        h = StepSampling.mix(h, seedLength);
        h = StepSampling.mix(h, seed.hashCode());
        return StepSampling.mix(h, locked ? 1 : 0);
    }

    public BarWriter(StepModel model, ParamValues params, BarShelf shelf, MessageRing inbox) {
        this.model = model;
        this.params = params;
        this.shelf = shelf;
        this.inbox = inbox;
    }

    /**
     * Waits until the worker has put the opening bar (bar 0 of the next performance) on the shelf:
     * a transport that starts the moment the instrument is prepared then plays its first step
     * instead of a rest (the worker needs 40-70 ms for it after the model loaded, on an idle
     * machine, and {@code downbeat play --no-window} rolls right after prepare). Host thread, never
     * the audio thread.
     *
     * @return true when the opening is there; false when the worker failed or {@code timeoutNanos} passed
     */
    boolean awaitOpening(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (shelf.opening() == null && failure == null && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(200_000);
        }
        return shelf.opening() != null;
    }

    /** Starts the worker thread. Host thread. */
    public synchronized void start() {
        if (thread != null) return;
        running = true;
        thread = new Thread(this::run, "downbeat-bar-writer");
        thread.setDaemon(true);
        // Under -XX:ThreadPriorityPolicy=1 (jvm_boot) nice -5: a GC pause the audio thread waits for also waits for this thread.
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    /** Stops the worker and waits for it; the model stays open (its owner closes it). Host thread. */
    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    /**
     * Hands the worker another model: it takes it before writing its next bar. The bars already written
     * stay; the next bar starts fresh from the seed on the new model (positions of the old one mean
     * nothing to it), and the old model is closed by the worker. Any non-audio thread; the writer owns
     * {@code next} from here on.
     */
    public void useModel(StepModel next) {
        StepModel unused = nextModel.getAndSet(next);
        if (unused != null) unused.close(); // never taken by the worker: still ours to close
    }

    /** Closes the model in use and any not yet taken; after {@link #close}. Host thread. */
    void closeModels() {
        StepModel unused = nextModel.getAndSet(null);
        if (unused != null) unused.close();
        if (model != null) model.close();
        model = null;
    }

    /** Worker thread: the swap {@link #useModel} asked for, at the boundary between two bars. */
    private boolean takeNextModel() {
        StepModel next = nextModel.getAndSet(null);
        if (next == null) return false;
        StepModel old = model;
        model = next;
        for (List<Draft> vs : versions.values()) for (Draft d : vs) forgetPositions(d);
        truths.values().forEach(BarWriter::forgetPositions);
        openings.forEach(BarWriter::forgetPositions);
        opening = null; // the opening is written again by the new model
        if (old != null) old.close();
        return true;
    }

    private static void forgetPositions(Draft d) {
        d.start = null;
        d.end = null;
    }

    /** The error that stopped the worker, or null. Any thread. */
    public Throwable failure() {
        return failure;
    }

    /** The seed in use. Any thread. */
    public Seed seed() {
        return seed.get();
    }

    /** Replaces the seed; the next bars start a new generation from it. Any non-audio thread. */
    public void setSeed(Seed newSeed) {
        seed.set(newSeed);
    }

    /** The bars frozen by Lock (events per bar), or null when not locked. Any thread. */
    public List<int[]> lockedLoop() {
        return lockedLoop.get();
    }

    /** Restores bars frozen by Lock from a saved project; applied with the next performance. Host thread. */
    public void restoreLockedLoop(List<int[]> bars) {
        restoredLoop.set(bars == null ? null : List.copyOf(bars));
    }

    /** The audio thread reports the meter's steps per bar; bars written from now on have that length. */
    void setStepsPerBar(int steps) {
        if (steps != stepsPerBar) stepsPerBar = steps;
    }

    // ---- worker thread ----

    private void run() {
        try {
            while (running) {
                if (!workOnce()) LockSupport.parkNanos(1_000_000L);
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /**
     * One round: takes messages, follows parameter changes, writes the most urgent missing bar.
     * Worker thread (tests call it directly to step the worker by hand).
     *
     * @return whether there was anything to do
     */
    boolean workOnce() {
        boolean worked = drainInbox();
        worked |= takeNextModel();
        Settings now = readSettings();
        if (!now.equals(settings)) {
            // Bars ahead are simply rewritten below: their settings no longer match. A temperature
            // change alone waits for the opening until the performance stops (the downbeat re-samples it anyway).
            if (settings == null || now.key() != settings.key() || now.stepsPerBar != settings.stepsPerBar) opening = null;
            settings = now;
            worked = true;
        }
        if (epoch != Long.MIN_VALUE) {
            // Bars ahead of the playhead first: they are the urgent ones while playing.
            for (int n = lastPlayed + 1; n <= Math.max(0, lastPlayed) + AHEAD; n++) {
                Draft parent = n == 0 ? null : chosen(n - 1);
                if (n > 0 && parent == null) break;
                Draft mine = latest(n);
                long parentId = parent == null ? 0 : parent.bar.historyId();
                if (mine == null || mine.bar.parentId() != parentId || !mine.settings.equals(settings)) {
                    Draft written = writeBar(n, parent, epoch, settings);
                    if (written != null) publish(written);
                    return true;
                }
            }
        }
        if (opening == null || (!performing && opening.settings.temperature != settings.temperature)) {
            Draft written = writeBar(0, null, Bar.OPENING, settings);
            if (written == null) return true; // interrupted by a message: taken next round
            opening = written;
            openings.add(opening);
            if (openings.size() > OPENINGS_KEPT) openings.remove(0);
            groove(opening.bar);
            shelf.putOpening(opening.bar);
            return true;
        }
        return worked;
    }

    private boolean drainInbox() {
        boolean any = false;
        while (inbox.poll()) {
            any = true;
            switch (inbox.kind()) {
                case RESTART -> restart(inbox.a(), inbox.b());
                case STOP -> performing = false;
                case PLAYED -> played(inbox.a(), (int) inbox.b(), inbox.c());
                case RESAMPLE -> resample(inbox.a(), (int) inbox.b(), inbox.c(),
                        Float.intBitsToFloat((int) (inbox.d() >>> 32)), (int) inbox.d());
                case CAPTURE_STEP -> {
                    int step = (int) inbox.a();
                    if (step >= 0 && step < capture.length) capture[step] |= (int) inbox.b() & 511;
                }
                case CAPTURE_DONE -> {
                    int length = (int) Math.max(1, Math.min(Seed.MAX_STEPS, inbox.a()));
                    int[] events = new int[length];
                    System.arraycopy(capture, 0, events, 0, length);
                    java.util.Arrays.fill(capture, 0);
                    seed.set(new Seed(events));
                }
                default -> { }
            }
        }
        return any;
    }

    private void restart(long newEpoch, long openingId) {
        epoch = newEpoch;
        performing = true;
        versions.clear();
        truths.clear();
        shelf.clear();
        lastPlayed = -1;
        lockOrigin = 0;
        Draft first = null;
        for (Draft d : openings) if (d.bar.historyId() == openingId) first = d;
        if (first == null) return; // the audio thread opened without a bar: bar 0 is written for it next
        Draft adopted = retag(first, newEpoch);
        versions.computeIfAbsent(0, k -> new ArrayList<>()).add(adopted);
        truths.put(0, adopted);
        lastPlayed = 0;
    }

    private static Draft retag(Draft d, long epoch) {
        Bar b = d.bar;
        Bar tagged = new Bar(epoch, b.number(), b.parentId(), b.historyId(), b.temperature(), b.randomKey(),
                b.firstPosition(), b.repeat(), b.events(), b.logits(), b.settingsKey(), b.ready());
        return new Draft(tagged, d.generation, d.generationStart, d.settings, d.start, d.end);
    }

    private void played(long e, int number, long historyId) {
        if (e != epoch) return;
        List<Draft> vs = versions.get(number);
        if (vs != null) {
            for (Draft d : vs) if (d.bar.historyId() == historyId) truths.put(number, d);
        }
        if (number > lastPlayed) {
            lastPlayed = number;
            forgetBefore(number - 1);
        }
    }

    private void resample(long e, int number, long candidateId, float temperature, int steps) {
        if (e != epoch) return;
        Draft candidate = null;
        List<Draft> vs = versions.get(number);
        if (vs != null) for (Draft d : vs) if (d.bar.historyId() == candidateId) candidate = d;
        if (candidate == null || candidate.start == null) return;
        Settings at = new Settings(temperature, candidate.settings.randomSeed, candidate.settings.loop,
                candidate.settings.loopBars, candidate.settings.regenerateBars, candidate.settings.seedLength,
                candidate.settings.seed, candidate.settings.lock, steps);
        Draft again = sampleBar(number, candidate.bar.parentId(), epoch, at, candidate.generation,
                candidate.generationStart, candidate.start, true);
        publish(again);
        truths.put(number, again);
        if (number > lastPlayed) lastPlayed = number;
    }

    private void forgetBefore(int number) {
        // Keep events for loops and locks, drop the heavy model positions of bars long played.
        for (Map.Entry<Integer, List<Draft>> entry : versions.entrySet()) {
            if (entry.getKey() < number) {
                for (Draft d : entry.getValue()) {
                    if (d != truths.get(entry.getKey())) {
                        d.start = null;
                        d.end = null;
                    }
                }
            }
        }
        versions.entrySet().removeIf(en -> en.getKey() < number - 1);
        // Bars long played keep only their events (loops and Lock repeat them): no logits, no positions.
        truths.replaceAll((n, d) -> n < number - 1 && d.bar.logits() != null ? slim(d) : d);
    }

    private static Draft slim(Draft d) {
        Bar b = d.bar;
        Bar events = new Bar(b.epoch(), b.number(), b.parentId(), b.historyId(), b.temperature(), b.randomKey(),
                b.firstPosition(), b.repeat(), b.events(), null, b.settingsKey(), b.ready());
        return new Draft(events, d.generation, d.generationStart, d.settings, null, null);
    }

    private void publish(Draft d) {
        List<Draft> vs = versions.computeIfAbsent(d.bar.number(), k -> new ArrayList<>());
        vs.add(d);
        // A few versions per bar: enough for the audio thread's report to find the one it took.
        while (vs.size() > VERSIONS_KEPT) {
            if (vs.get(0) == truths.get(d.bar.number())) vs.remove(1); else vs.remove(0);
        }
        groove(d.bar);
        shelf.put(d.bar);
    }

    /** The groove step for every bar written, before the bar is published (so the audio thread finds it with the bar). */
    private void groove(Bar bar) {
        BarGroover g = groover;
        if (g != null) g.write(bar);
    }

    /** Grooves the bars written from now on; null plays them quantized. Host thread, before {@link #start}. */
    void setGroover(BarGroover groover) {
        this.groover = groover;
    }

    /** The version of bar {@code n} the next bar must continue: the one played, else the newest written. */
    private Draft chosen(int n) {
        Draft t = truths.get(n);
        return t != null ? t : latest(n);
    }

    private Draft latest(int n) {
        List<Draft> vs = versions.get(n);
        return vs == null || vs.isEmpty() ? null : vs.get(vs.size() - 1);
    }

    private Settings readSettings() {
        List<int[]> restored = restoredLoop.getAndSet(null);
        boolean lock = params.getBool(Param.LOCK);
        List<int[]> lock0 = lockedLoop.get();
        if (restored != null) {
            lock0 = restored;
            lockedLoop.set(restored);
        } else if (lock && lock0 == null) {
            lock0 = freeze(); // null until there is a bar to freeze
            if (lock0 != null) lockedLoop.set(lock0);
        } else if (!lock && lock0 != null) {
            lock0 = null;
            lockedLoop.set(null);
        }
        return new Settings(params.get(Param.TEMPERATURE), params.getInt(Param.RANDOM_SEED),
                params.getInt(Param.MODE) == Param.MODE_LOOP, params.getInt(Param.LOOP_BARS),
                params.getInt(Param.REGENERATE_BARS), params.getInt(Param.SEED_LENGTH), seed.get(),
                lock ? lock0 : null, stepsPerBar);
    }

    /** The last loop-length bars played, frozen; before any are played, the opening bar. */
    private List<int[]> freeze() {
        int length = params.getInt(Param.LOOP_BARS);
        List<int[]> bars = new ArrayList<>();
        if (epoch != Long.MIN_VALUE) {
            int from = Math.max(0, lastPlayed - length + 1);
            for (int n = from; n <= lastPlayed; n++) {
                Draft d = chosen(n);
                if (d != null) bars.add(d.bar.events());
            }
            lockOrigin = from;
        }
        if (bars.isEmpty() && opening != null) {
            bars.add(opening.bar.events());
            lockOrigin = 0;
        }
        return bars.isEmpty() ? null : bars;
    }

    /** Writes bar {@code n} after {@code parent} (null: the performance's first bar) under {@code s}. */
    private Draft writeBar(int n, Draft parent, long barEpoch, Settings s) {
        long parentId = parent == null ? 0 : parent.bar.historyId();
        if (s.lock != null) {
            int origin = barEpoch == Bar.OPENING ? 0 : lockOrigin;
            int[] source = s.lock.get(Math.floorMod(n - origin, s.lock.size()));
            return repeat(n, parentId, barEpoch, s, source, parent);
        }
        int generation = parent == null ? 0 : parent.generation;
        int generationStart = parent == null ? 0 : parent.generationStart;
        boolean fresh = parent == null || !parent.settings.seed.equals(s.seed)
                || parent.settings.seedLength != s.seedLength || parent.settings.randomSeed != s.randomSeed
                || (s.regenerateBars > 0 && n - generationStart >= s.regenerateBars);
        if (parent != null && fresh) {
            generation++;
            generationStart = n;
        }
        if (!fresh && s.loop && n - generationStart >= s.loopBars) {
            Draft source = chosen(generationStart + (n - generationStart) % s.loopBars);
            if (source != null) return repeat(n, parentId, barEpoch, s, source.bar.events(), parent);
        }
        if (parent != null && !fresh && parent.end == null) { // after a repeat there is no model position to continue
            fresh = true;
            generation++;
            generationStart = n;
        }
        Object start;
        if (fresh) {
            model.reset();
            for (int e : s.seed.primer(s.seedLength)) model.feed(e);
            start = model.snapshot();
        } else {
            start = parent.end;
        }
        return sampleBar(n, parentId, barEpoch, s, generation, generationStart, start, false);
    }

    private Draft repeat(int n, long parentId, long barEpoch, Settings s, int[] source, Draft parent) {
        int[] events = java.util.Arrays.copyOf(source, s.stepsPerBar);
        long id = StepSampling.mix(StepSampling.mix(parentId, n), hash(events));
        Bar bar = new Bar(barEpoch, n, parentId, id, s.temperature, 0, 0, true, events, null, s.key(), events.length);
        int generation = parent == null ? 0 : parent.generation;
        int generationStart = parent == null ? 0 : parent.generationStart;
        return new Draft(bar, generation, generationStart, s, null, null);
    }

    /**
     * Samples every step of bar {@code n} from model position {@code start} at {@code s.temperature}.
     * A re-sample ({@code progressive}) is published after every step, since the audio thread is
     * already playing it; other bars give way (return null) as soon as a message waits.
     */
    private Draft sampleBar(int n, long parentId, long barEpoch, Settings s, int generation, int generationStart,
                            Object start, boolean progressive) {
        model.restore(start);
        int steps = s.stepsPerBar;
        int[] events = new int[steps];
        float[] logits = new float[steps * StepSampling.EVENTS];
        long key = StepSampling.randomKey(s.randomSeed, generation);
        int firstPosition = model.position();
        for (int k = 0; k < steps; k++) {
            model.logits(logits, k * StepSampling.EVENTS);
            int position = model.position();
            events[k] = StepSampling.sample(logits, k * StepSampling.EVENTS, s.temperature,
                    StepSampling.draw(key, position), sampleWeights);
            model.feed(events[k]);
            if (progressive && k + 1 < steps) {
                shelf.put(new Bar(barEpoch, n, parentId, 0, s.temperature, key, firstPosition, false, events, logits,
                        s.key(), k + 1));
            } else if (!progressive && inbox.hasMessages()) {
                return null;
            }
        }
        Object end = model.snapshot();
        long id = StepSampling.mix(StepSampling.mix(StepSampling.mix(parentId, key), firstPosition),
                StepSampling.mix(hash(events), s.seed.hashCode()));
        Bar bar = new Bar(barEpoch, n, parentId, id, s.temperature, key, firstPosition, false, events, logits,
                s.key(), steps);
        return new Draft(bar, generation, generationStart, s, start, end);
    }

    private static long hash(int[] events) {
        long h = events.length;
        for (int e : events) h = StepSampling.mix(h, e);
        return h;
    }
}
