package dev.downbeat.app.play;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downbeat.app.play.NoteOffCheck.Event;
import dev.downbeat.app.play.NoteOffCheck.Result;
import dev.downbeat.app.play.NoteOnComparison.Window;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stage 45's note-off check, on the run whose recorder logged a step twice a period apart at a late
 * cycle: that run passes, as the copies lie in the late cycle's discontinuity window, while a double
 * hit of the app, or a note-off missing or moved, anywhere away from the windows fails.
 */
class NoteOffCheckTest {
    private static final int STEP = 6000, GATE = STEP / 2; // 120 bpm at 48 kHz
    private static final String RUN = "reread-a-period-apart";

    private static Result check(List<Event> events, List<Window> windows) {
        return NoteOffCheck.check(events, windows, GATE, StandaloneJackCheck.GRID_TOLERANCE);
    }

    private static List<Event> sorted(List<Event> events) {
        List<Event> s = new ArrayList<>(events);
        s.sort(Comparator.comparingLong(Event::frame)); // stable: a frame's events keep their order
        return s;
    }

    /** The note-ons and note-offs of the step at {@code frame}, again {@code later} frames later. */
    private static List<Event> hitAgain(List<Event> events, long frame, int later) {
        List<Event> again = new ArrayList<>(events);
        for (Event e : events) {
            if (e.frame() == frame || e.frame() == frame + GATE) again.add(new Event(e.frame() + later, e.status(), e.pitch(), e.velocity()));
        }
        return sorted(again);
    }

    @Test
    void theRunThatRecordedAStepTwiceAtALateCyclePasses() throws Exception {
        RecordedRun run = RecordedRun.load(RUN);
        List<Window> windows = StandaloneJackCheck.discontinuityWindows(run.info());
        Result r = check(run.recorded(), windows);
        assertThat(r.unended()).isEmpty();
        // the step at 103328 and its copy at 103584 (the late cycle at 103168), and the step at 223584 (the buffer size change)
        assertThat(r.excused()).isEqualTo(9);
        assertThat(r.checked()).isEqualTo(92 - 9);
        // ... and without windows the copies fail, as they did in the stage
        assertThat(check(run.recorded(), List.of()).unended()).containsExactly(
                "the note-on of pitch 36 at frame 103328 has no note-off 3000 frames later (the next is 3256 later)",
                "the note-on of pitch 42 at frame 103328 has no note-off 3000 frames later (the next is 3256 later)",
                "the note-on of pitch 49 at frame 103328 has no note-off 3000 frames later (the next is 3256 later)",
                "the note-on of pitch 38 at frame 223584 has no note-off 3000 frames later (the next is 3256 later)",
                "the note-on of pitch 42 at frame 223584 has no note-off 3000 frames later (the next is 3256 later)",
                "the note-on of pitch 51 at frame 223584 has no note-off 3000 frames later (the next is 3256 later)");
    }

    @Test
    void aDoubleHitOfTheAppAwayFromAnyDiscontinuityFails() throws Exception {
        RecordedRun run = RecordedRun.load(RUN);
        List<Window> windows = StandaloneJackCheck.discontinuityWindows(run.info());
        // The step at 331840 (kick, hat, ride) sent again a period later with its own note-offs:
        // jack_midi_dump would see it too, so only this check (and the grid's) can catch it.
        List<Event> doubled = hitAgain(run.recorded(), 331840, 256);
        assertThat(windows).noneMatch(w -> w.overlaps(331840, 331840 + 256 + GATE));
        assertThat(check(doubled, windows).unended()).containsExactly(
                "the note-on of pitch 36 at frame 332096 has no note-off 3000 frames later (the next is 2744 later)",
                "the note-on of pitch 42 at frame 332096 has no note-off 3000 frames later (the next is 2744 later)",
                "the note-on of pitch 51 at frame 332096 has no note-off 3000 frames later (the next is 2744 later)");
        // ... as does a copy without note-offs of its own: the first note-on's note-off is early for it
        List<Event> noteOnsOnly = new ArrayList<>(run.recorded());
        noteOnsOnly.add(new Event(332096, 0x90, 36, 100));
        assertThat(check(sorted(noteOnsOnly), windows).unended()).hasSize(1);
        // ... but the same double hit within a discontinuity's window is excused
        List<Event> atTheLateCycle = hitAgain(run.recorded(), 103584, 256);
        assertThat(check(atTheLateCycle, windows).unended()).isEmpty();
    }

    @Test
    void aNoteOffMissingOrMovedAwayFromAnyDiscontinuityFails() throws Exception {
        RecordedRun run = RecordedRun.load(RUN);
        List<Window> windows = StandaloneJackCheck.discontinuityWindows(run.info());
        List<Event> missing = new ArrayList<>(run.recorded());
        missing.removeIf(e -> e.frame() == 334840 && e.pitch() == 42); // the hat at 331840 never ended
        assertThat(check(missing, windows).unended()).singleElement().asString()
                .startsWith("the note-on of pitch 42 at frame 331840 has no note-off 3000 frames later (the next is ");
        List<Event> moved = run.recorded().stream()
                .map(e -> e.frame() == 334840 && e.pitch() == 42 ? new Event(334842, e.status(), e.pitch(), e.velocity()) : e).toList();
        assertThat(check(moved, windows).unended())
                .containsExactly("the note-on of pitch 42 at frame 331840 has no note-off 3000 frames later (the next is 3002 later)");
    }

    @Test
    void aNoteIsExcusedOnlyWhenAWindowCoversItsNoteOnOrGate() {
        List<Event> note = List.of(new Event(10_000, 0x90, 38, 100), new Event(13_100, 0x80, 38, 0)); // its note-off 100 late
        assertThat(check(note, List.of(new Window(12_000, 12_500))).excused()).isEqualTo(1); // in the gate
        assertThat(check(note, List.of(new Window(8_000, 10_000))).excused()).isEqualTo(1); // at the note-on
        assertThat(check(note, List.of(new Window(13_001, 15_000))).unended()).hasSize(1); // after the gate
        assertThat(check(note, List.of(new Window(5_000, 9_999))).unended()).hasSize(1); // before the note-on
    }
}
