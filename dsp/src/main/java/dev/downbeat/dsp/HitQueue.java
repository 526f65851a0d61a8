package dev.downbeat.dsp;

/**
 * Hits waiting for their frame, earliest first: a fixed number of (frame, piece, velocity) slots
 * allocated once, so an audio thread can queue and release hits without allocating. Hits on the
 * same frame leave in the order they were added, so a step's drums keep their order.
 *
 * <p>What a frame counts from is the owner's: the engine counts from the start of its next block,
 * the plugin's groove from the start of the performance. Owned by one thread (the owner's audio
 * thread); nothing here allocates, locks or waits.
 */
public final class HitQueue {
    private final long[] frame;
    private final int[] piece;
    private final float[] velocity;
    private int size;

    /** A queue of at most {@code capacity} hits. Any thread (allocates the slots). */
    public HitQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        frame = new long[capacity];
        piece = new int[capacity];
        velocity = new float[capacity];
    }

    /**
     * Queues a hit after every hit due before or at {@code at}.
     *
     * @return false, queuing nothing, if the queue is full
     */
    public boolean add(long at, int drum, float level) {
        if (size == frame.length) {
            return false;
        }
        // Insertion from the back: hits mostly arrive in frame order, so this rarely moves any.
        int i = size++;
        while (i > 0 && frame[i - 1] > at) {
            frame[i] = frame[i - 1];
            piece[i] = piece[i - 1];
            velocity[i] = velocity[i - 1];
            i--;
        }
        frame[i] = at;
        piece[i] = drum;
        velocity[i] = level;
        return true;
    }

    /** Hits queued. */
    public int size() {
        return size;
    }

    /** The frame of the {@code index}-th earliest hit (0 is the next due). */
    public long frame(int index) {
        return frame[index];
    }

    /** The piece (0..8) of the {@code index}-th earliest hit. */
    public int piece(int index) {
        return piece[index];
    }

    /** The velocity of the {@code index}-th earliest hit. */
    public float velocity(int index) {
        return velocity[index];
    }

    /** Removes the {@code count} earliest hits. */
    public void removeFirst(int count) {
        if (count == 0) {
            return;
        }
        int remaining = size - count;
        System.arraycopy(frame, count, frame, 0, remaining);
        System.arraycopy(piece, count, piece, 0, remaining);
        System.arraycopy(velocity, count, velocity, 0, remaining);
        size = remaining;
    }

    /** Moves every queued hit {@code frames} earlier: the owner's frame clock moved on. */
    public void advance(long frames) {
        for (int i = 0; i < size; i++) {
            frame[i] -= frames;
        }
    }

    /** Forgets every queued hit. */
    public void clear() {
        size = 0;
    }
}
