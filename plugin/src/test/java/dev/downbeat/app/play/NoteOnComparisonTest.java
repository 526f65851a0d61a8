package dev.downbeat.app.play;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downbeat.app.play.NoteOnComparison.NoteOff;
import dev.downbeat.app.play.NoteOnComparison.NoteOn;
import dev.downbeat.app.play.NoteOnComparison.Result;
import dev.downbeat.app.play.NoteOnComparison.Window;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stage 45's recorder-against-jack_midi_dump comparison: it must catch a note-on dropped, doubled or
 * on another pitch anywhere outside the recorder's discontinuity windows, and only there excuse one.
 */
class NoteOnComparisonTest {
    private static final int STEP = 6000; // a 16th at 120 bpm, 48 kHz
    private static final long DUMP_START = 83968, RECORDER_START = 70400; // the two clocks differ

    /** 4 bars of a beat like the app's: kick, snare, hats and ride on 16ths, some steps empty. */
    private static List<NoteOn> beat(long start) {
        List<NoteOn> notes = new ArrayList<>();
        for (int s = 0; s < 64; s++) {
            long frame = start + (long) s * STEP;
            if (s % 4 == 0) notes.add(new NoteOn(frame, 36));
            if (s % 8 == 4) notes.add(new NoteOn(frame, 38));
            if (s % 2 == 0) notes.add(new NoteOn(frame, 42));
            if (s % 16 == 0) notes.add(new NoteOn(frame, 49));
            if (s % 3 == 1) notes.add(new NoteOn(frame, 51));
        }
        return notes;
    }

    private static List<NoteOn> without(List<NoteOn> notes, int index) {
        List<NoteOn> rest = new ArrayList<>(notes);
        rest.remove(index);
        return rest;
    }

    private static Result compare(List<NoteOn> dumped, List<NoteOn> recorded, Window... windows) {
        return NoteOnComparison.compare(dumped, recorded, List.of(windows), STEP);
    }

    @Test
    void theSameNotesOnClocksOfTheirOwnAgree() {
        Result r = compare(beat(DUMP_START), beat(RECORDER_START));
        assertThat(r.unexcused()).isEmpty();
        assertThat(r.excused()).isEmpty();
        assertThat(r.matched()).isEqualTo(beat(0).size());
    }

    @Test
    void aNoteMissingFromTheRecordingAwayFromAnyDiscontinuityIsADifference() {
        List<NoteOn> recorded = beat(RECORDER_START);
        NoteOn dropped = recorded.get(40);
        Window elsewhere = new Window(dropped.frame() + 3 * STEP, dropped.frame() + 3 * STEP + 4096);
        Result r = compare(beat(DUMP_START), without(recorded, 40), elsewhere);
        assertThat(r.unexcused()).containsExactly("recorder frame " + dropped.frame() + ": not recorded: pitch " + dropped.pitch());
        assertThat(r.excused()).isEmpty();
    }

    @Test
    void aNoteRecordedTwiceAwayFromAnyDiscontinuityIsADifference() {
        List<NoteOn> recorded = beat(RECORDER_START);
        NoteOn doubled = recorded.get(40);
        recorded.add(41, doubled);
        Result r = compare(beat(DUMP_START), recorded);
        assertThat(r.unexcused()).containsExactly("recorder frame " + doubled.frame() + ": recorded but not sent: pitch " + doubled.pitch());
    }

    @Test
    void aNoteOnAnotherPitchIsTwoDifferences() {
        List<NoteOn> recorded = beat(RECORDER_START);
        NoteOn changed = recorded.get(40);
        recorded.set(40, new NoteOn(changed.frame(), 45));
        Result r = compare(beat(DUMP_START), recorded);
        assertThat(r.unexcused()).hasSize(2).anyMatch(d -> d.endsWith("not recorded: pitch " + changed.pitch()))
                .anyMatch(d -> d.endsWith("recorded but not sent: pitch 45"));
    }

    @Test
    void aWholeStepMissingIsADifferenceForEachOfItsNotes() {
        List<NoteOn> recorded = beat(RECORDER_START);
        long frame = RECORDER_START + 16L * STEP; // kick, hat, crash and ride
        recorded.removeIf(n -> n.frame() == frame);
        Result r = compare(beat(DUMP_START), recorded);
        assertThat(r.unexcused()).hasSize(4).allMatch(d -> d.startsWith("recorder frame " + frame + ": not recorded"));
    }

    @Test
    void differencesInsideADiscontinuityWindowAreExcusedAndOnlyThose() {
        List<NoteOn> recorded = beat(RECORDER_START);
        NoteOn lost = recorded.get(40), twice = recorded.get(70);
        recorded.add(71, twice);
        recorded.remove(40);
        Window aroundLost = new Window(lost.frame() - 2048, lost.frame() + 2048);
        Result r = compare(beat(DUMP_START), recorded, aroundLost);
        assertThat(r.excused()).containsExactly("recorder frame " + lost.frame() + ": not recorded: pitch " + lost.pitch());
        assertThat(r.unexcused()).containsExactly("recorder frame " + twice.frame() + ": recorded but not sent: pitch " + twice.pitch());
    }

    /** The note-offs of {@code notes}: each half a step after its note-on, as the app's gate. */
    private static List<NoteOff> ends(List<NoteOn> notes) {
        return notes.stream().map(n -> new NoteOff(n.frame() + STEP / 2, n.pitch()))
                .sorted(java.util.Comparator.comparingLong(NoteOff::frame)).toList();
    }

    @Test
    void everyNoteOnBeforeItsNoteOffMeansNoneWasLostOnTheWay() {
        List<NoteOn> notes = beat(DUMP_START); // the hats end half a step before they start again
        assertThat(NoteOnComparison.noteOnsLostInTransit(notes, ends(notes), STEP / 2.0, STEP)).isEmpty();
    }

    @Test
    void aNoteOffWithoutItsNoteOnProvesANoteOnLostOnTheWay() {
        List<NoteOn> sent = beat(DUMP_START);
        NoteOn lost = sent.get(40);
        List<NoteOn> seen = without(sent, 40);
        assertThat(NoteOnComparison.noteOnsLostInTransit(seen, ends(sent), STEP / 2.0, STEP)).containsExactly(lost);
        // ... also when the clock moved by a cycle between them; a note-off without one is not enough
        List<NoteOff> moved = ends(sent).stream().map(o -> o.frame() > lost.frame() ? new NoteOff(o.frame() + 512, o.pitch()) : o).toList();
        assertThat(NoteOnComparison.noteOnsLostInTransit(seen, moved, STEP / 2.0, STEP))
                .containsExactly(new NoteOn(lost.frame() + 512, lost.pitch()));
        assertThat(NoteOnComparison.noteOnsLostInTransit(sent, moved, STEP / 2.0, STEP)).isEmpty();
    }

    @Test
    void theClocksMayMoveAgainstEachOtherAtADiscontinuityAndTheFirstStepMayBeLost() {
        // The recorder's clock skips 512 frames a third of the way in (the dump counted the cycles
        // it ran, JACK's frame time went on); its first step is lost in the JVM's first late cycles.
        List<NoteOn> recorded = new ArrayList<>();
        long skip = RECORDER_START + 20L * STEP + 1000;
        for (NoteOn n : beat(RECORDER_START)) {
            if (n.frame() == RECORDER_START) continue;
            recorded.add(n.frame() > skip ? new NoteOn(n.frame() + 512, n.pitch()) : n);
        }
        Window start = new Window(RECORDER_START - 2048, RECORDER_START + 2048), gap = new Window(skip - 2048, skip + 512 + 2048);
        Result r = compare(beat(DUMP_START), recorded, start, gap);
        assertThat(r.unexcused()).isEmpty();
        assertThat(r.excused()).hasSize(3).allMatch(d -> d.startsWith("recorder frame " + RECORDER_START + ": not recorded"));
        assertThat(r.matched()).isEqualTo(beat(0).size() - 3);

        // ... and after the move a note lost away from the windows is still found.
        NoteOn late = recorded.get(recorded.size() - 5);
        Result lost = compare(beat(DUMP_START), without(recorded, recorded.size() - 5), start, gap);
        assertThat(lost.unexcused()).containsExactly("recorder frame " + late.frame() + ": not recorded: pitch " + late.pitch());
    }
}
