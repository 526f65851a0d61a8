package dev.downbeat.app.play;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Stage 45's comparison of the note-ons {@link JackRecorder} recorded with those jack_midi_dump saw
 * of the same port: step by step, pitch by pitch, at the same frames. The two count frames on clocks
 * of their own (the recorder JACK's frame time, jack_midi_dump its own callbacks), so the offset
 * between them is found from the notes and may move where either missed or repeated a cycle.
 *
 * <p>A difference is excused only inside a window of the recorder's discontinuities (a skipped,
 * repeated, late or torn read of JACK's port, an xrun, a buffer size change: JACK's port buffer
 * may then have been rewritten for the next cycle while the recorder still read it, so what it saw
 * of that cycle is not what was sent). Anywhere else one note-on too many or too few, or one on
 * another pitch, is a difference that fails the stage. {@link #noteOnsLostInTransit} finds the
 * note-ons that were sent but reached nobody: their note-offs arrived alone. Test code; plain data,
 * one thread.
 */
final class NoteOnComparison {
    /** A note-on: its frame on the clock of whoever saw it, and its pitch. */
    record NoteOn(long frame, int pitch) {}

    /** A note-off (or a note-on of velocity 0): its frame and its pitch. */
    record NoteOff(long frame, int pitch) {}

    /** Recorder frames {@code from..to} (inclusive) around a discontinuity. */
    record Window(long from, long to) {
        boolean contains(long frame) {
            return frame >= from && frame <= to;
        }

        /** Whether any of the frames {@code first..last} (inclusive) is in this window. */
        boolean overlaps(long first, long last) {
            return first <= to && last >= from;
        }
    }

    /**
     * What the comparison found: note-ons seen alike by both, and the differences (a line each,
     * at the recorder's frame) inside and outside the discontinuity windows; {@code offsets} holds,
     * at each dump step found in the recording, the dump's frame minus the recorder's.
     */
    record Result(int matched, List<String> excused, List<String> unexcused, NavigableMap<Long, Long> offsets) {
        /** Where a frame of jack_midi_dump's clock is on the recorder's: by the offset found nearest it. */
        long recorderFrame(long dumpFrame) {
            return NoteOnComparison.recorderFrame(offsets, dumpFrame);
        }
    }

    private NoteOnComparison() {}

    /**
     * Compares {@code dumped} (jack_midi_dump's note-ons) with {@code recorded} (the recorder's),
     * both in frame order; {@code step} is a 16th in frames: two steps can never be taken for one,
     * as a clock moves against the other by a few cycles at most, far less than half a step.
     */
    static Result compare(List<NoteOn> dumped, List<NoteOn> recorded, List<Window> windows, double step) {
        TreeMap<Long, List<Integer>> dumpSteps = steps(dumped), recordSteps = steps(recorded);
        List<String> excused = new ArrayList<>(), unexcused = new ArrayList<>();
        int matched = 0;
        long offset = likeliestOffset(dumpSteps, recordSteps); // dump frame - recorder frame
        TreeMap<Long, List<Integer>> unclaimed = new TreeMap<>(recordSteps);
        TreeMap<Long, Long> offsets = new TreeMap<>(); // at each dump step found in the recording
        List<Map.Entry<Long, List<Integer>>> notFound = new ArrayList<>();
        for (Map.Entry<Long, List<Integer>> d : dumpSteps.entrySet()) {
            Long r = nearest(unclaimed, d.getKey() - offset, step / 2);
            if (r == null) {
                notFound.add(d);
                continue;
            }
            offset = d.getKey() - r; // re-anchored: the clocks may have moved against each other here
            offsets.put(d.getKey(), offset);
            List<Integer> rest = new ArrayList<>(unclaimed.remove(r));
            for (int pitch : d.getValue()) {
                if (rest.remove(Integer.valueOf(pitch))) matched++;
                else note(windows, r, "not recorded: pitch " + pitch, excused, unexcused);
            }
            for (int pitch : rest) note(windows, r, "recorded but not sent: pitch " + pitch, excused, unexcused);
        }
        if (offsets.isEmpty()) offsets.put(0L, offset);
        for (Map.Entry<Long, List<Integer>> d : notFound) { // where it should have been recorded
            long expected = recorderFrame(offsets, d.getKey());
            for (int pitch : d.getValue()) note(windows, expected, "not recorded: pitch " + pitch, excused, unexcused);
        }
        for (Map.Entry<Long, List<Integer>> r : unclaimed.entrySet()) {
            for (int pitch : r.getValue()) note(windows, r.getKey(), "recorded but not sent: pitch " + pitch, excused, unexcused);
        }
        return new Result(matched, excused, unexcused, offsets);
    }

    /**
     * The note-ons missing before note-offs that arrived: the app ends every note {@code gate}
     * frames after it starts, so a note-off with no note-on of its pitch about {@code gate} frames
     * earlier (within a quarter {@code step}: clocks move by a few cycles at most) proves a note-on
     * that was sent and lost on the way. Returned at the frames they were due, in note-off order.
     */
    static List<NoteOn> noteOnsLostInTransit(List<NoteOn> noteOns, List<NoteOff> noteOffs, double gate, double step) {
        TreeMap<Long, List<Integer>> unended = steps(noteOns);
        List<NoteOn> lost = new ArrayList<>();
        for (NoteOff off : noteOffs) {
            long due = Math.round(off.frame() - gate);
            boolean found = false;
            for (Map.Entry<Long, List<Integer>> s : unended.subMap(Math.round(due - step / 4), true, Math.round(due + step / 4), true).entrySet()) {
                if (s.getValue().remove(Integer.valueOf(off.pitch()))) {
                    found = true;
                    break;
                }
            }
            if (!found) lost.add(new NoteOn(due, off.pitch()));
        }
        return lost;
    }

    private static long recorderFrame(NavigableMap<Long, Long> offsets, long dumpFrame) {
        return dumpFrame - offsets.get(nearest(offsets, dumpFrame, Double.MAX_VALUE));
    }

    static boolean inAnyWindow(List<Window> windows, long frame) {
        return windows.stream().anyMatch(w -> w.contains(frame));
    }

    private static void note(List<Window> windows, long frame, String what, List<String> excused, List<String> unexcused) {
        (inAnyWindow(windows, frame) ? excused : unexcused).add("recorder frame " + frame + ": " + what);
    }

    /** The note-ons grouped by frame: a step's pitches, in the order seen. */
    private static TreeMap<Long, List<Integer>> steps(List<NoteOn> notes) {
        TreeMap<Long, List<Integer>> steps = new TreeMap<>();
        for (NoteOn n : notes) steps.computeIfAbsent(n.frame(), f -> new ArrayList<>()).add(n.pitch());
        return steps;
    }

    /**
     * The offset between the clocks that lines up the most steps of the same pitches: the first
     * steps cannot be trusted to line up, as the first cycles of a client's JVM are often late.
     */
    private static long likeliestOffset(TreeMap<Long, List<Integer>> dumpSteps, TreeMap<Long, List<Integer>> recordSteps) {
        Map<Long, Integer> votes = new HashMap<>();
        for (Map.Entry<Long, List<Integer>> d : dumpSteps.entrySet()) {
            List<Integer> pitches = sorted(d.getValue());
            for (Map.Entry<Long, List<Integer>> r : recordSteps.entrySet()) {
                if (sorted(r.getValue()).equals(pitches)) votes.merge(d.getKey() - r.getKey(), 1, Integer::sum);
            }
        }
        return votes.entrySet().stream().max(Map.Entry.<Long, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey())).map(Map.Entry::getKey).orElse(0L);
    }

    private static List<Integer> sorted(List<Integer> pitches) {
        List<Integer> s = new ArrayList<>(pitches);
        s.sort(null);
        return s;
    }

    private static Long nearest(NavigableMap<Long, ?> steps, long frame, double within) {
        Long below = steps.floorKey(frame), above = steps.ceilingKey(frame);
        Long best = below == null ? above : above == null ? below : (frame - below <= above - frame ? below : above);
        return best != null && Math.abs(best - frame) < within ? best : null;
    }
}
