package dev.downbeat.app.play;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stage 45's recorder, cycle by cycle, replaying what JACK did in the CI runs where it counted a
 * note twice (a late callback and the next both ran at the same frame time) or lost one.
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
}
