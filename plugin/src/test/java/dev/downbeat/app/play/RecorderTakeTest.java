package dev.downbeat.app.play;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downbeat.app.play.NoteOffCheck.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stage 45's recorder, cycle by cycle, replaying what JACK did in the CI runs where it counted a
 * note twice (a late callback and the next both ran at the same frame time; a late callback read
 * the next cycle's buffer, which the next read again a period later) or lost one.
 */
class RecorderTakeTest {
    private static final byte[] SNARE_ON = {(byte) 0x90, 38, 100}, SNARE_OFF = {(byte) 0x80, 38, 0};

    private static List<String> lines(RecorderTake take) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < take.count(); i++) {
            StringBuilder line = new StringBuilder().append(take.frame(i));
            for (byte b : take.data(i)) line.append(' ').append(b & 0xFF);
            lines.add(line.toString());
        }
        return lines;
    }

    @Test
    void aCycleReadTwiceAtTheSameFrameTimeIsRecordedOnce() {
        // CI: "gap 76032 256" then "gap 76544 -256"; the snare at 76400 was read by both callbacks.
        RecorderTake take = new RecorderTake(100);
        take.beginCycle(75776, 256);
        take.endCycle(false);
        take.beginCycle(76288, 256); // the callback for 76032 ran late: the clock already said 76288
        take.event(112, SNARE_ON.clone());
        take.endCycle(false);
        take.beginCycle(76288, 256); // and the next one read the same buffer at the same frame time
        take.event(112, SNARE_ON.clone());
        take.endCycle(false);
        take.beginCycle(76544, 256);
        take.endCycle(false);
        assertThat(lines(take)).containsExactly("76400 144 38 100");
        assertThat(take.rereads()).isEqualTo(1);
        assertThat(take.discontinuities()).containsExactly("gap 76032 256", "gap 76544 -256");
    }

    @Test
    void aDoubleHitInOneCycleStaysTwoAlsoWhenTheCycleIsReadAgain() {
        RecorderTake take = new RecorderTake(100);
        take.beginCycle(0, 256);
        take.event(10, SNARE_ON.clone());
        take.event(10, SNARE_ON.clone());
        take.endCycle(false);
        take.beginCycle(0, 256);
        take.event(10, SNARE_ON.clone());
        take.event(10, SNARE_ON.clone());
        take.endCycle(false);
        assertThat(lines(take)).containsExactly("10 144 38 100", "10 144 38 100");
        assertThat(take.rereads()).isEqualTo(2);
    }

    @Test
    void aReReadThatFindsOtherEventsKeepsThem() {
        // The late callback saw the previous cycle's buffer under the new frame time; the next read
        // sees this cycle's: both are kept (the gaps are logged, the checks excuse those frames).
        RecorderTake take = new RecorderTake(100);
        take.beginCycle(0, 256);
        take.endCycle(false);
        take.beginCycle(512, 256);
        take.event(40, SNARE_OFF.clone());
        take.endCycle(false);
        take.beginCycle(512, 256);
        take.event(40, SNARE_ON.clone());
        take.event(200, SNARE_OFF.clone());
        take.endCycle(false);
        assertThat(lines(take)).containsExactly("552 128 38 0", "552 144 38 100", "712 128 38 0");
        assertThat(take.rereads()).isZero();
    }

    @Test
    void theSameEventsInConsecutiveCyclesAreAllKept() {
        RecorderTake take = new RecorderTake(100);
        for (int cycle = 0; cycle < 3; cycle++) {
            take.beginCycle(cycle * 256L, 256);
            take.event(5, SNARE_ON.clone());
            take.endCycle(false);
        }
        assertThat(lines(take)).containsExactly("5 144 38 100", "261 144 38 100", "517 144 38 100");
        assertThat(take.discontinuities()).isEmpty();
    }

    @Test
    void tornAndLateReadsAreLoggedAtTheirCycle() {
        RecorderTake take = new RecorderTake(100);
        take.beginCycle(1024, 512);
        take.event(3, SNARE_ON.clone());
        take.torn(); // the event count said two, the second was gone
        take.endCycle(true);
        take.notice("xrun", 1600);
        assertThat(lines(take)).containsExactly("1027 144 38 100");
        assertThat(take.discontinuities()).containsExactly("torn 1024", "late 1024", "xrun 1600");
    }

    private static final byte[] KICK_ON = {(byte) 0x90, 36, 100}, HAT_ON = {(byte) 0x90, 42, 100};

    private static String line(Event e) {
        return e.frame() + " " + e.status() + " " + e.pitch() + " " + e.velocity();
    }

    /**
     * Replays the run kept in reread-a-period-apart cycle by cycle, as JACK ran the recorder: cycles
     * of 256 frames, none for the 768 frames its clock skipped at 102400, the one at 103168 late and
     * reading the buffer of the next (its events are those the run recorded at 103328, a copy of
     * 103584's), then, from JACK's buffer size change at 224000, cycles of 512.
     */
    @Test
    void theRunThatRecordedAStepTwiceAPeriodApartIsRecordedOnceAtTheNextCyclesFrames() throws Exception {
        RecordedRun run = RecordedRun.load("reread-a-period-apart");
        RecorderTake take = new RecorderTake(1000);
        int i = 0;
        for (long at = 0; at < 557824; ) {
            int n = at < 224000 ? 256 : 512;
            take.beginCycle(at, n);
            for (; i < run.recorded().size() && run.recorded().get(i).frame() < at + n; i++) {
                Event e = run.recorded().get(i);
                take.event((int) (e.frame() - at), new byte[] {(byte) e.status(), (byte) e.pitch(), (byte) e.velocity()});
            }
            take.endCycle(at == 103168);
            at = at == 102400 - 256 ? 103168 : at == 223744 - 256 ? 224000 : at + n;
        }
        List<String> expected = run.recorded().stream().filter(e -> e.frame() != 103328).map(RecorderTakeTest::line).toList();
        assertThat(lines(take)).containsExactlyElementsOf(expected).contains("103584 144 36 100", "103584 144 42 100", "103584 144 49 100");
        assertThat(take.rereads()).isEqualTo(3);
        assertThat(take.discontinuities()).containsExactly("gap 102400 768", "late 103168", "reread 103168 103424", "gap 223744 256");

        // What the stage checks of it: no note-on without its note-off, none recorded but not sent.
        List<Event> recorded = new ArrayList<>();
        for (String l : lines(take)) {
            String[] f = l.split(" ");
            recorded.add(new Event(Long.parseLong(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3])));
        }
        List<String> info = new ArrayList<>(run.info());
        info.add("reread 103168 103424");
        List<NoteOnComparison.Window> windows = StandaloneJackCheck.discontinuityWindows(info);
        assertThat(NoteOffCheck.check(recorded, windows, 3000, 1).unended()).isEmpty();
        NoteOnComparison.Result compared = NoteOnComparison.compare(run.dumped(), RecordedRun.noteOns(recorded), windows, 6000);
        assertThat(compared.unexcused()).isEmpty();
        assertThat(compared.excused()).isEmpty();
        assertThat(compared.matched()).isEqualTo(89);
    }

    @Test
    void aLateCycleThatReadTheNextCyclesBufferIsRecordedAtTheNextCyclesFrames() {
        RecorderTake take = new RecorderTake(100);
        take.beginCycle(768, 256);
        take.event(160, KICK_ON.clone());
        take.event(160, HAT_ON.clone());
        take.endCycle(true);
        take.beginCycle(1024, 256);
        take.event(160, KICK_ON.clone());
        take.event(160, HAT_ON.clone());
        take.endCycle(false);
        assertThat(lines(take)).containsExactly("1184 144 36 100", "1184 144 42 100");
        assertThat(take.rereads()).isEqualTo(2);
        assertThat(take.discontinuities()).containsExactly("late 768", "reread 768 1024");
    }

    @Test
    void afterALateCycleOnlyExactlyItsEventsAreARead() {
        // other offsets, another pitch, one event more, or frames between: all kept, as read
        byte[][][] nexts = {{KICK_ON}, {HAT_ON}, {KICK_ON, HAT_ON}};
        int[] offsets = {161, 160, 160};
        for (int k = 0; k < nexts.length; k++) {
            RecorderTake take = new RecorderTake(100);
            take.beginCycle(768, 256);
            take.event(160, KICK_ON.clone());
            take.endCycle(true);
            take.beginCycle(1024, 256);
            for (byte[] e : nexts[k]) take.event(offsets[k], e.clone());
            take.endCycle(false);
            assertThat(take.count()).isEqualTo(1 + nexts[k].length);
            assertThat(take.rereads()).isZero();
            assertThat(take.discontinuities()).containsExactly("late 768");
        }
        RecorderTake afterAGap = new RecorderTake(100);
        afterAGap.beginCycle(768, 256);
        afterAGap.event(160, KICK_ON.clone());
        afterAGap.endCycle(true);
        afterAGap.beginCycle(1280, 256);
        afterAGap.event(160, KICK_ON.clone());
        afterAGap.endCycle(false);
        assertThat(lines(afterAGap)).containsExactly("928 144 36 100", "1440 144 36 100");
    }

    @Test
    void aDoubleHitInTwoOnTimeCyclesStaysTwo() {
        // The app sending a step again in its next cycle: no cycle was late, nothing is merged.
        RecorderTake take = new RecorderTake(100);
        take.beginCycle(768, 256);
        take.event(160, KICK_ON.clone());
        take.endCycle(false);
        take.beginCycle(1024, 256);
        take.event(160, KICK_ON.clone());
        take.endCycle(false);
        take.beginCycle(1280, 256); // and a late cycle after them takes nothing back
        take.endCycle(true);
        assertThat(lines(take)).containsExactly("928 144 36 100", "1184 144 36 100");
        assertThat(take.rereads()).isZero();
    }
}
