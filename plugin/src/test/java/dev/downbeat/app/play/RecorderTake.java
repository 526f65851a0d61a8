package dev.downbeat.app.play;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What {@link JackRecorder} keeps of the MIDI it reads, cycle by cycle, at the frames of JACK's
 * frame time, and every discontinuity of what it could read: "gap FRAME LENGTH" where the clock
 * skipped frames (or, with a negative length, repeated them), "late FRAME" for a cycle during which
 * JACK began the next one, "torn FRAME" for a cycle whose events could not all be read,
 * "reread LATE NEXT" for a late cycle that read the next one's buffer (below), and JACK's own
 * notices ("xrun FRAME", "bufsize FRAME").
 *
 * <p>Two reads of one port buffer are recorded once, as it was sent once:
 * <ul>
 *   <li>A late callback and the one after it can run at the same JACK frame time and read the same
 *       port buffer: an event seen again at a frame already recorded, with the same bytes, is
 *       recorded once. Events a cycle reads twice itself (a double hit) stay two, and a re-read that
 *       finds other events keeps them too (the first read may have seen another cycle's buffer; the
 *       gap is logged, so the checks excuse those frames).
 *   <li>A late cycle (JACK began the next one while it read) can read the buffer the sender has
 *       already written for the next cycle, and the next cycle then reads that buffer again, a
 *       period later by the clock: when the cycle right after a late one (no frames between) reads exactly the late one's
 *       events (as many, the same bytes at the same offsets into the cycle), the late read was of
 *       the next cycle's buffer, and its events are recorded once, at the next cycle's frames
 *       ("reread LATE NEXT"). The next cycle's frames are the sender's: the read after a late one
 *       comes after the sender's write for it, and the sender's later notes and note-offs follow
 *       them (stage 45 once recorded a step at 103328 and at 103584, its note-offs at 106584).
 *       Only after a late cycle: the same events in two on-time cycles are the sender's, a double
 *       hit, and stay two.
 * </ul>
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
    private int cycleReads; // events this cycle read, recorded or not
    private long lateAt = -1; // the previous cycle if it was late and recorded all it read, else -1
    private long lateEnd; // where that late cycle ended
    private int lateFirst; // the index of that late cycle's first event

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
        cycleReads = 0;
    }

    /** An event this cycle read, {@code time} frames into it. */
    void event(int time, byte[] data) {
        cycleReads++;
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
        boolean whole = cycleReads == count - cycleFirst; // nothing merged as a re-read, nothing over capacity
        if (lateAt >= 0 && cycleAt == lateEnd && whole && readTheLateCyclesEvents()) {
            int n = count - cycleFirst;
            System.arraycopy(frames, cycleFirst, frames, lateFirst, n);
            System.arraycopy(events, cycleFirst, events, lateFirst, n);
            count = lateFirst + n;
            rereads += n;
            discontinuities.add("reread " + lateAt + " " + cycleAt);
            cycleFirst = lateFirst;
        }
        if (late) discontinuities.add("late " + cycleAt);
        lateAt = late && whole ? cycleAt : -1;
        lateEnd = nextAt;
        lateFirst = cycleFirst;
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

    /** Events read a second time (at a repeated frame time, or after a late cycle) and recorded once. */
    int rereads() {
        return rereads;
    }

    List<String> discontinuities() {
        return List.copyOf(discontinuities);
    }

    /** Whether this cycle read what the late cycle before it did: some events, all alike, at the same offsets. */
    private boolean readTheLateCyclesEvents() {
        int n = count - cycleFirst;
        if (n == 0 || cycleFirst - lateFirst != n) return false;
        for (int i = 0; i < n; i++) {
            int before = lateFirst + i, again = cycleFirst + i;
            if (frames[before] - lateAt != frames[again] - cycleAt || !Arrays.equals(events[before], events[again])) return false;
        }
        return true;
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
