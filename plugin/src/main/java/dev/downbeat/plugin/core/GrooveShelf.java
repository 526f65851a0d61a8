package dev.downbeat.plugin.core;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Where the worker puts the grooves of the bars it writes, for the audio thread: a ring of the
 * most recent ones, each published atomically before its bar reaches the {@link BarShelf}. One
 * writer (the worker); readers scan the ring and never allocate.
 */
final class GrooveShelf {
    /** Grooves kept: every version of the bars around the playhead (the bar shelf keeps 16 slots). */
    static final int SLOTS = 32;

    private final AtomicReferenceArray<BarGroove> slots = new AtomicReferenceArray<>(SLOTS);
    private int next; // worker thread only

    /** Worker thread. */
    void put(BarGroove groove) {
        slots.set(next, groove);
        next = (next + 1) % SLOTS;
    }

    /** The groove of the bar with {@code historyId}, or null. Any thread; no allocation. */
    BarGroove of(long historyId) {
        if (historyId == 0) return null;
        for (int i = 0; i < SLOTS; i++) {
            BarGroove g = slots.get(i);
            if (g != null && g.historyId() == historyId) return g;
        }
        return null;
    }

    /**
     * The groove of the newest bar written to continue {@code parentId} at {@code temperature}: the
     * bar that will play next unless the transport jumps. Any thread; no allocation.
     */
    BarGroove childOf(long parentId, float temperature) {
        if (parentId == 0) return null;
        for (int k = 1; k <= SLOTS; k++) {
            BarGroove g = slots.get(Math.floorMod(next - k, SLOTS));
            if (g != null && g.parentId() == parentId && g.temperature() == temperature) return g;
        }
        return null;
    }
}
