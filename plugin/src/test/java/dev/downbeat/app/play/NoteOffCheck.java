package dev.downbeat.app.play;

import dev.downbeat.app.play.NoteOnComparison.Window;
import java.util.ArrayList;
import java.util.List;

/**
 * Stage 45's note-off check of what {@link JackRecorder} recorded: the app ends every note a gate
 * after it starts, so each note-on must be followed by a note-off of its pitch (or a note-on of
 * velocity 0) {@code gate} frames later, within a tolerance. The check is skipped only for a note
 * whose note-on or gate falls inside a window of the recorder's discontinuities, the same windows
 * {@link NoteOnComparison} excuses differences in: a skipped cycle inside the gate moves the
 * note-off by its length, and a late read near the note-on can put a copy of it a period off (see
 * {@link RecorderTake}). Anywhere else a note-on too many (the app hitting twice: the second one's
 * first note-off is the first one's, early) or a note-off missing or moved fails. Test code; plain
 * data, one thread.
 */
final class NoteOffCheck {
    /** A recorded MIDI event: its frame and its three bytes. */
    record Event(long frame, int status, int pitch, int velocity) {
        boolean isNoteOn() {
            return (status & 0xF0) == 0x90 && velocity > 0;
        }

        boolean isNoteOff() {
            return (status & 0xF0) == 0x80 || ((status & 0xF0) == 0x90 && velocity == 0);
        }
    }

    /**
     * The note-ons checked, those not checked as a discontinuity window covers them, and a line for
     * each note-on checked that lacked its note-off.
     */
    record Result(int checked, int excused, List<String> unended) {}

    private NoteOffCheck() {}

    /** Checks {@code events} (in frame order) for note-ons without their note-off {@code gate} frames later. */
    static Result check(List<Event> events, List<Window> windows, int gate, int tolerance) {
        int checked = 0, excused = 0;
        List<String> unended = new ArrayList<>();
        for (Event on : events) {
            if (!on.isNoteOn()) continue;
            if (windows.stream().anyMatch(w -> w.overlaps(on.frame(), on.frame() + gate))) {
                excused++;
                continue;
            }
            checked++;
            Event off = firstNoteOffAfter(events, on);
            String what = "the note-on of pitch " + on.pitch() + " at frame " + on.frame() + " has no note-off " + gate + " frames later";
            if (off == null) unended.add(what + " (none after it)");
            else if (Math.abs(off.frame() - on.frame() - gate) > tolerance) unended.add(what + " (the next is " + (off.frame() - on.frame()) + " later)");
        }
        return new Result(checked, excused, unended);
    }

    private static Event firstNoteOffAfter(List<Event> events, Event on) {
        for (Event e : events) if (e.frame() > on.frame() && e.pitch() == on.pitch() && e.isNoteOff()) return e;
        return null;
    }
}
