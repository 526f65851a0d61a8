package dev.downbeat.app.play;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downbeat.plugin.core.HostCallbacks;
import dev.downbeat.plugin.core.Param;
import dev.downbeat.plugin.editor.BarState;
import dev.downbeat.plugin.editor.BarView;
import dev.downbeat.plugin.editor.BarsMidi;
import dev.downbeat.plugin.editor.EditorSession;
import dev.downbeat.plugin.editor.GridView;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MidiSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The standalone app with no sound device, on the real instrument and model: it says so, and
 * still plays (silently, in real time), generates, takes seed edits and exports MIDI.
 */
class StandaloneAppTest {
    private final List<String> log = new ArrayList<>();
    private StandaloneApp app;

    private HostCallbacks recorder() {
        return new HostCallbacks() {
            @Override public void beginEdit(int index) { log.add("begin " + index); }
            @Override public void performEdit(int index, float normalized) { log.add("perform " + index); }
            @Override public void endEdit(int index) { log.add("end " + index); }
            @Override public void log(String message) { log.add(message); }
        };
    }

    @AfterEach
    void close() {
        if (app != null) app.close();
    }

    private static GridView waitFor(EditorSession s, java.util.function.Predicate<GridView> done, long millis) throws Exception {
        long end = System.currentTimeMillis() + millis;
        GridView v = s.view();
        while (!done.test(v) && System.currentTimeMillis() < end) {
            Thread.sleep(50);
            v = s.view();
        }
        return v;
    }

    @Test
    void withoutSoundItSaysSoAndStillPlaysGeneratesEditsAndExports() throws Exception {
        app = StandaloneApp.start(StandaloneApp.Audio.NONE, 240, recorder());
        assertThat(app.audible()).isFalse();
        EditorSession session = app.session();
        assertThat(session.status()).contains("sound off").contains("MIDI export work");

        // The product's seed, ten steps, before anything plays.
        GridView stopped = session.view();
        assertThat(stopped.seedLength()).isEqualTo(10);
        assertThat(stopped.activeSeed()[0]).isEqualTo(0b101);
        assertThat(stopped.playheadBar()).isEqualTo(-1);

        EditorSession.Transport transport = session.transport().orElseThrow();
        transport.play();
        // At 240 bpm a bar lasts one second: within a few, bars are played and more written ahead.
        GridView rolling = waitFor(session, v -> v.playheadBar() >= 1
                && v.bars().stream().anyMatch(b -> b.state() == BarState.PLAYED)
                && v.bars().stream().anyMatch(b -> b.state() == BarState.UPCOMING), 20_000);
        assertThat(rolling.playheadBar()).isGreaterThanOrEqualTo(1);
        assertThat(rolling.bars()).extracting(BarView::state).contains(BarState.PLAYED, BarState.PLAYING, BarState.UPCOMING);
        assertThat(rolling.bars()).allSatisfy(b -> assertThat(b.temperature()).isEqualTo(1.0f));
        int hits = 0;
        for (BarView b : rolling.bars()) for (int s : b.steps()) hits += Integer.bitCount(s);
        assertThat(hits).as("the model writes drums, not silence").isGreaterThan(0);

        // An edit of the seed reaches the instrument, and the seed length goes to the host as a gesture.
        int[] seed = stopped.seed();
        seed[3] |= 1 << 1;
        session.editSeed(seed, 12);
        GridView edited = session.view();
        assertThat(edited.seedLength()).isEqualTo(12);
        assertThat(edited.seed()[3] & 2).isEqualTo(2);
        assertThat(log).containsSubsequence("begin " + Param.SEED_LENGTH.index, "perform " + Param.SEED_LENGTH.index,
                "end " + Param.SEED_LENGTH.index);

        // The bars in view export as MIDI that parses back with their hits.
        byte[] midi = BarsMidi.write(rolling.bars(), rolling.tempoBpm(), 4, session.outputNotes());
        javax.sound.midi.Sequence sequence = MidiSystem.getSequence(new ByteArrayInputStream(midi));
        int noteOns = 0;
        for (javax.sound.midi.Track t : sequence.getTracks())
            for (int i = 0; i < t.size(); i++)
                if (t.get(i).getMessage() instanceof javax.sound.midi.ShortMessage m
                        && m.getCommand() == javax.sound.midi.ShortMessage.NOTE_ON) noteOns++;
        assertThat(noteOns).isEqualTo(hits);

        transport.stop();
        assertThat(waitFor(session, v -> v.playheadBar() < 0, 5_000).playheadBar()).isEqualTo(-1);
    }

    @Test
    void everyPressOfPlayStartsANewPatternFromTheTop() throws Exception {
        app = StandaloneApp.start(StandaloneApp.Audio.NONE, 240, recorder());
        EditorSession session = app.session();
        EditorSession.Transport transport = session.transport().orElseThrow();
        List<int[]> firstBars = new ArrayList<>();
        for (int take = 0; take < 2; take++) {
            // Stopped, the opening bar is written ahead (after a stop: a new one).
            Thread.sleep(take == 0 ? 0 : 3000);
            assertThat(waitFor(session, g -> !g.bars().isEmpty(), 20_000).bars()).as("opening bar ready").isNotEmpty();
            transport.play();
            GridView v = waitFor(session, g -> g.playheadBar() >= 0 && g.bars().stream().anyMatch(b -> b.number() == 0), 20_000);
            assertThat(v.playheadBar()).as("plays from the first bar").isZero();
            firstBars.add(v.bars().stream().filter(b -> b.number() == 0).findFirst().orElseThrow().steps());
            transport.stop();
            waitFor(session, g -> g.playheadBar() < 0, 5_000);
        }
        assertThat(firstBars.get(1)).as("a new pattern each time").isNotEqualTo(firstBars.get(0));
    }

    @Test
    void auditioningVariationsMovesTheRandomSeedAndKeepLocksIt() throws Exception {
        app = StandaloneApp.start(StandaloneApp.Audio.NONE, 120, recorder());
        EditorSession session = app.session();
        session.audition(2);
        assertThat(session.auditioned()).isEqualTo(2);
        session.audition(0);
        assertThat(session.auditioned()).isZero();
        session.pick();
        assertThat(session.parameter(Param.LOCK.index)).isEqualTo(1f);
        assertThat(log).contains("begin " + Param.RANDOM_SEED.index, "begin " + Param.LOCK.index);
    }
}
