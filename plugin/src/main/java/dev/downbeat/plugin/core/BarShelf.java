package dev.downbeat.plugin.core;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Where the worker puts finished bars for the audio thread and the editor: one atomic slot per bar
 * number (modulo {@link #SLOTS}) and one for the opening bar of the next performance. The worker
 * is the only writer; readers check a bar's epoch and number, so a stale slot is never mistaken for
 * the bar asked for. Lock-free; reads never allocate.
 */
public final class BarShelf {
    /** Bars kept: the one playing, the ones ahead, and room for versions in flight. */
    public static final int SLOTS = 16;

    private final AtomicReferenceArray<Bar> slots = new AtomicReferenceArray<>(SLOTS);
    private final AtomicReference<Bar> opening = new AtomicReference<>();

    /** An empty shelf. Host thread. */
    public BarShelf() {
        // The first AtomicReferenceArray.get in a VM links its VarHandle call and allocates (1.3 KB):
        // done here, not by the audio thread at its first bar line (seen under -Xint, NoAllocationTest).
        get(0, 0);
        opening();
    }

    /** Worker thread. */
    void put(Bar bar) {
        slots.set(bar.number() % SLOTS, bar);
    }

    /** Worker thread. */
    void putOpening(Bar bar) {
        opening.set(bar);
    }

    /** Worker thread: forgets every bar of past performances. */
    void clear() {
        for (int i = 0; i < SLOTS; i++) slots.set(i, null);
    }

    /** The published bar {@code number} of performance {@code epoch}, or null. Any thread. */
    public Bar get(long epoch, int number) {
        Bar b = slots.get(number % SLOTS);
        return b != null && b.epoch() == epoch && b.number() == number ? b : null;
    }

    /** The bar the next performance opens with, or null while none is ready. Any thread. */
    public Bar opening() {
        return opening.get();
    }
}
