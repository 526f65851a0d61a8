package dev.downbeat.app.play;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What {@link JackRecorder} keeps of the MIDI it reads, cycle by cycle, at the frames of JACK's
 * frame time, and every discontinuity of what it could read: "gap FRAME LENGTH" where the clock
 * skipped frames (or, with a negative length, repeated them), "late FRAME" for a cycle during which
 * JACK began the next one, "torn FRAME" for a cycle whose events could not all be read, and JACK's
 * own notices ("xrun FRAME", "bufsize FRAME").
 *
 * <p>A late callback and the one after it can run at the same JACK frame time and read the same
 * port buffer: an event seen again at a frame already recorded, with the same bytes, is recorded
 * once, as it was sent once. Events a cycle reads twice itself (a double hit) stay two, and a re-read
 * that finds other events keeps them too (the first read may have seen another cycle's buffer; the
 * gap is logged, so the checks excuse those frames).
 *
 * <p>Threads: JACK's process thread calls {@link #beginCycle}, {@link #event}, {@link #torn} and
 * {@link #endCycle}; {@link #notice} comes from JACK's notification thread; the rest is read after
 * the client is closed.
 */
final class RecorderTake {
    private final int[] frames;
    private final byte[][] events;
    private volatile int count, rereads; // written by the process thread only
    private final List<String> discontinuities = new CopyOnWriteArrayList<>();
    // The process thread's own:
    private long nextAt = -1; // where the next cycle starts if none is skipped
    private long recordedUntil; // the end of the latest frames recorded so far
    private long cycleAt; // the cycle being read
    private int cycleFirst; // the index of its first event
    private final int[] claimed = new int[4096]; // earlier events this cycle's re-reads matched
    private int claims;

    RecorderTake(int capacity) {
        frames = new int[capacity];
        events = new byte[capacity][];
    }

    /** A cycle of {@code n} frames begins at {@code at} (JACK's frame time from the recording's start). */
    void beginCycle(long at, int n) {
        if (nextAt >= 0 && at != nextAt) discontinuities.add("gap " + nextAt + " " + (at - nextAt));
        nextAt = at + n;
        cycleAt = at;
        cycleFirst = count;
        claims = 0;
    }

    /** An event this cycle read, {@code time} frames into it. */
    void event(int time, byte[] data) {
        int frame = (int) (cycleAt + time);
        if (frame < recordedUntil && claims < claimed.length) {
            int same = earlierEvent(frame, data);
            if (same >= 0) {
                claimed[claims++] = same;
                rereads++;
                return;
            }
        }
        if (count == frames.length) return;
        frames[count] = frame;
        events[count] = data;
        count++;
    }

    /** This cycle's events could not all be read: the buffer changed while it was read. */
    void torn() {
        discontinuities.add("torn " + cycleAt);
    }

    /** This cycle is read; {@code late}: JACK's clock moved to the next cycle meanwhile. */
    void endCycle(boolean late) {
        recordedUntil = Math.max(recordedUntil, nextAt);
        if (late) discontinuities.add("late " + cycleAt);
    }

    /** One of JACK's notices ("xrun", "bufsize") at this frame of the recording. JACK's notification thread. */
    void notice(String what, long frame) {
        discontinuities.add(what + " " + frame);
    }

    int count() {
        return count;
    }

    int frame(int i) {
        return frames[i];
    }

    byte[] data(int i) {
        return events[i];
    }

    /** Events read a second time at a repeated frame time and recorded once. */
    int rereads() {
        return rereads;
    }

    List<String> discontinuities() {
        return List.copyOf(discontinuities);
    }

    /** An event an earlier cycle recorded at this frame with these bytes that this cycle has not matched yet, or -1. */
    private int earlierEvent(int frame, byte[] data) {
        search:
        for (int j = cycleFirst - 1; j >= 0 && j >= cycleFirst - claimed.length; j--) {
            if (frames[j] != frame || !Arrays.equals(events[j], data)) continue;
            for (int k = 0; k < claims; k++) if (claimed[k] == j) continue search;
            return j;
        }
        return -1;
    }
}
