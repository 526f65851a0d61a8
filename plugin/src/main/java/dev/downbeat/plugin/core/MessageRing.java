package dev.downbeat.plugin.core;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A single-producer single-consumer ring of fixed-size messages (a kind and four longs), for the
 * audio thread to tell the worker what it played and what it needs. Lock-free and allocation-free:
 * the producer writes into preallocated arrays and then publishes its index; a full ring refuses.
 */
final class MessageRing {
    private final int mask;
    private final int[] kinds;
    private final long[] a, b, c, d;
    private final AtomicLong head = new AtomicLong(); // next to read; written by the consumer
    private final AtomicLong tail = new AtomicLong(); // next to write; written by the producer
    // Consumer-side view of the last message taken.
    private int takenKind;
    private long takenA, takenB, takenC, takenD;

    MessageRing(int capacityPowerOfTwo) {
        if (Integer.bitCount(capacityPowerOfTwo) != 1) throw new IllegalArgumentException("capacity must be a power of two");
        mask = capacityPowerOfTwo - 1;
        kinds = new int[capacityPowerOfTwo];
        a = new long[capacityPowerOfTwo];
        b = new long[capacityPowerOfTwo];
        c = new long[capacityPowerOfTwo];
        d = new long[capacityPowerOfTwo];
    }

    /** Producer: enqueues a message; false when the ring is full. */
    boolean offer(int kind, long va, long vb, long vc, long vd) {
        long t = tail.get();
        if (t - head.get() > mask) return false;
        int i = (int) (t & mask);
        kinds[i] = kind;
        a[i] = va;
        b[i] = vb;
        c[i] = vc;
        d[i] = vd;
        tail.lazySet(t + 1); // release: the slot's contents are visible before the index
        return true;
    }

    /** Consumer: takes the next message into {@link #kind()}, {@link #a()}...; false when empty. */
    boolean poll() {
        long h = head.get();
        if (h == tail.get()) return false;
        int i = (int) (h & mask);
        takenKind = kinds[i];
        takenA = a[i];
        takenB = b[i];
        takenC = c[i];
        takenD = d[i];
        head.lazySet(h + 1);
        return true;
    }

    /** Consumer: whether a message is waiting. */
    boolean hasMessages() {
        return head.get() != tail.get();
    }

    int kind() { return takenKind; }
    long a() { return takenA; }
    long b() { return takenB; }
    long c() { return takenC; }
    long d() { return takenD; }
}
