package dev.downbeat.plugin.core;

import dev.downbeat.model.groove.Groove;
import dev.downbeat.model.groove.GrooveException;
import dev.downbeat.model.groove.GrooveModel;
import dev.downbeat.model.groove.GroovedHit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The worker's groove step: when the {@link BarWriter} finishes a bar, runs the groove model over
 * the bar with the two bars it continues as context (the network sees 31 steps either side; the
 * bars after it are not written yet, so it sees silence there, as at the end of a training window)
 * and publishes the {@link BarGroove} on the {@link GrooveShelf}.
 *
 * <p>Worker thread, except {@link #setTempo} (audio thread, a volatile write).
 */
final class BarGroover implements AutoCloseable {
    private static final int CONTEXT_BARS = 2;
    private static final int REMEMBERED = 64;

    private final GrooveModel model;
    private final GrooveShelf shelf;
    private volatile double tempo = 120;
    private volatile String failure;
    /** What the context needs of a bar written earlier (not its logits: they are large). */
    private record Written(long parentId, int[] events) {
    }

    // Worker thread only: events and parent of recent bars by historyId, for the context.
    private final Map<Long, Written> recent = new LinkedHashMap<>(REMEMBERED, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Written> eldest) {
            return size() > REMEMBERED;
        }
    };

    BarGroover(GrooveModel model, GrooveShelf shelf) {
        this.model = model;
        this.shelf = shelf;
    }

    /** The host tempo the next grooves are played at. Audio thread. */
    void setTempo(double bpm) {
        if (bpm >= 20 && bpm <= 400) tempo = bpm;
    }

    /** Grooves a finished bar and publishes it. Worker thread. A failure is kept (see {@link #failure}) and the bar plays quantized. */
    void write(Bar bar) {
        if (bar.historyId() == 0 || !bar.complete()) return;
        recent.put(bar.historyId(), new Written(bar.parentId(), bar.events().clone()));
        int contextSteps = 0;
        int[][] context = new int[CONTEXT_BARS][];
        long parent = bar.parentId();
        for (int i = 0; i < CONTEXT_BARS; i++) {
            Written w = recent.get(parent);
            if (w == null) break;
            context[i] = w.events();
            contextSteps += w.events().length;
            parent = w.parentId();
        }
        int[] events = new int[contextSteps + bar.steps()];
        int at = 0;
        for (int i = CONTEXT_BARS - 1; i >= 0; i--) {
            if (context[i] == null) continue;
            System.arraycopy(context[i], 0, events, at, context[i].length);
            at += context[i].length;
        }
        System.arraycopy(bar.events(), 0, events, at, bar.steps());
        Groove groove;
        try {
            groove = model.groove(events, contextSteps, tempo);
        } catch (GrooveException | RuntimeException e) {
            failure = e.getMessage();
            return;
        }
        int steps = bar.steps();
        float[] velocity = new float[steps * Param.VOICES], offset = new float[steps * Param.VOICES];
        for (GroovedHit hit : groove.hits()) {
            velocity[hit.step() * Param.VOICES + hit.drumClass()] = hit.velocity();
            offset[hit.step() * Param.VOICES + hit.drumClass()] = hit.offset();
        }
        shelf.put(new BarGroove(bar.historyId(), bar.parentId(), bar.temperature(), bar.events().clone(), velocity, offset,
                groove.meanVelocity()));
    }

    /** The last failure to run the groove model, or null. Any thread. */
    String failure() {
        return failure;
    }

    @Override
    public void close() {
        model.close();
    }
}
