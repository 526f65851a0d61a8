package dev.downbeat.plugin.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downbeat.plugin.AudioThreadAllocation;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The plugin playing the learned groove: Humanize, Dynamics, early hits, zero latency, no allocation. */
class GroovePlayingTest {
    static final double RATE = 48000, TEMPO = 120, FRAMES_PER_STEP = RATE * 60 / TEMPO / 4; // 6000
    private DownbeatInstrument instrument;

    @AfterEach
    void close() {
        if (instrument != null) instrument.close();
    }

    /** A note-on sent by the plugin. */
    record NoteOn(long frame, int pitch, int velocity, double framesPerStep) {
        long nearestStep() {
            return Math.round(frame / framesPerStep);
        }

        double offsetSteps() {
            return frame / framesPerStep - nearestStep();
        }
    }

    /** Plays {@code bars} bars offline from the start and returns every note-on. */
    List<NoteOn> play(float humanize, float dynamics, int bars, int block) {
        return play(RATE, humanize, dynamics, bars, block);
    }

    List<NoteOn> play(double rate, float humanize, float dynamics, int bars, int block) {
        instrument = new DownbeatInstrument(FakeStepModel::new, new RecordingVoices());
        instrument.params().set(Param.TEMPERATURE, 1.2f);
        instrument.params().set(Param.HUMANIZE, humanize);
        instrument.params().set(Param.DYNAMICS, dynamics);
        HostSimulator host = new HostSimulator(instrument, rate, block);
        host.tempo = TEMPO;
        host.offline = true;
        assertThat(instrument.grooveError()).isNull();
        double framesPerStep = rate * 60 / TEMPO / 4;
        List<NoteOn> ons = new ArrayList<>();
        while (host.quarters < bars * 4 - 1e-9) {
            long start = host.frame;
            host.run(block);
            for (int i = 0; i < host.block.midiOutCount; i++) {
                if ((host.block.midiOutStatus[i] & 0xF0) == 0x90) {
                    ons.add(new NoteOn(start + host.block.midiOutFrame[i], host.block.midiOutData1[i], host.block.midiOutData2[i],
                            framesPerStep));
                }
            }
        }
        assertThat(host.doubleOn).isFalse();
        assertThat(host.strayOff).isFalse();
        instrument.close();
        instrument = null;
        return ons;
    }

    /** Pitches per grid step. */
    static TreeMap<Long, List<Integer>> pattern(List<NoteOn> ons) {
        TreeMap<Long, List<Integer>> steps = new TreeMap<>();
        for (NoteOn n : ons) steps.computeIfAbsent(n.nearestStep(), k -> new ArrayList<>()).add(n.pitch());
        steps.values().forEach(list -> list.sort(Integer::compare));
        return steps;
    }

    @Test
    void humanizeZeroPlaysEveryHitOnItsGridFrameAtVelocity100() {
        List<NoteOn> ons = play(0, 150, 6, 333);
        assertThat(ons).hasSizeGreaterThan(30);
        assertThat(ons).allSatisfy(n -> {
            assertThat(n.velocity()).isEqualTo(100);
            assertThat(n.frame() % (long) FRAMES_PER_STEP).isZero();
        });
    }

    @Test
    void humanizeHundredPlaysTheSameStepsWithLearnedVelocitiesPushedAndPulledIncludingBeforeTheDownbeat() {
        List<NoteOn> quantized = play(0, 100, 8, 333);
        List<NoteOn> played = play(100, 100, 8, 333);
        // Trim the last step: a hit pulled early from the step after the end may have been sent.
        long last = quantized.get(quantized.size() - 1).nearestStep();
        played.removeIf(n -> n.nearestStep() > last);
        assertThat(pattern(played)).isEqualTo(pattern(quantized));
        assertThat(played.stream().mapToInt(NoteOn::velocity).distinct().count()).as("distinct velocities").isGreaterThan(8);
        assertThat(played).allSatisfy(n -> assertThat(Math.abs(n.offsetSteps())).isLessThan(0.5));
        long early = played.stream().filter(n -> n.offsetSteps() < -0.01).count();
        long late = played.stream().filter(n -> n.offsetSteps() > 0.01).count();
        assertThat(early).as("hits ahead of the grid").isPositive();
        assertThat(late).as("hits behind the grid").isPositive();
        // Bars after the first: a downbeat hit may sound before the bar line, scheduled from the lookahead.
        assertThat(played).anySatisfy(n -> {
            assertThat(n.nearestStep() % 16).isZero();
            assertThat(n.nearestStep()).isPositive();
            assertThat(n.offsetSteps()).isNegative();
        });
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(doubles = {22050, 44100, 96000, 192000})
    void atAnyRateTheGrooveKeepsTheStepsAndStaysWithinHalfAStep(double rate) {
        List<NoteOn> quantized = play(rate, 0, 100, 4, 1000), played = play(rate, 100, 100, 4, 1000);
        long last = quantized.get(quantized.size() - 1).nearestStep();
        played.removeIf(n -> n.nearestStep() > last);
        assertThat(pattern(played)).isEqualTo(pattern(quantized));
        assertThat(played).allSatisfy(n -> assertThat(Math.abs(n.offsetSteps())).isLessThan(0.5));
        assertThat(played.stream().filter(n -> Math.abs(n.offsetSteps()) > 0.01).count()).isGreaterThan(played.size() / 3);
    }

    @Test
    void theBlockSizeDoesNotMoveAnyHit() {
        List<NoteOn> small = play(100, 130, 4, 37), large = play(100, 130, 4, 4096);
        long last = Math.min(small.get(small.size() - 1).nearestStep(), large.get(large.size() - 1).nearestStep()) - 1;
        small.removeIf(n -> n.nearestStep() > last);
        large.removeIf(n -> n.nearestStep() > last);
        assertThat(small).isEqualTo(large);
    }

    @Test
    void dynamicsWidensTheVelocitySpread() {
        List<NoteOn> flat = play(100, 0, 6, 512), learned = play(100, 100, 6, 512), wide = play(100, 200, 6, 512);
        // Dynamics 0: every hit of a bar at that bar's mean velocity (hits pulled across a bar line excepted).
        for (long bar = 0; bar < 6; bar++) {
            long b = bar;
            List<NoteOn> inBar = flat.stream().filter(n -> n.nearestStep() / 16 == b && n.nearestStep() % 16 != 0).toList();
            if (inBar.size() > 1) assertThat(spread(inBar)).as("bar " + bar).isLessThanOrEqualTo(1);
        }
        assertThat(spread(wide)).isGreaterThan(spread(learned)).isGreaterThan(spread(flat));
    }

    static int spread(List<NoteOn> ons) {
        int max = ons.stream().mapToInt(NoteOn::velocity).max().orElseThrow();
        int min = ons.stream().mapToInt(NoteOn::velocity).min().orElseThrow();
        return max - min;
    }

    @Test
    void withoutAGrooveModelDownbeatSaysWhyAndPlaysQuantized() {
        instrument = new DownbeatInstrument(FakeStepModel::new, new RecordingVoices());
        instrument.setGrooveSource(() -> {
            throw new dev.downbeat.model.ModelLoadException("groove model file /nowhere/groove.onnx is missing");
        });
        instrument.params().set(Param.HUMANIZE, 100);
        HostSimulator host = new HostSimulator(instrument, RATE, 500);
        host.offline = true;
        assertThat(instrument.grooveError()).contains("Humanize has no effect").contains("velocity 100")
                .contains("groove model file /nowhere/groove.onnx is missing");
        int notes = 0;
        for (int i = 0; i < 400; i++) {
            long start = host.frame;
            host.run(500);
            for (int k = 0; k < host.block.midiOutCount; k++) {
                if ((host.block.midiOutStatus[k] & 0xF0) != 0x90) continue;
                notes++;
                assertThat(host.block.midiOutData2[k]).isEqualTo((byte) 100);
                assertThat((start + host.block.midiOutFrame[k]) % (long) FRAMES_PER_STEP).isZero();
            }
        }
        assertThat(notes).isGreaterThan(20);
    }

    @Test
    void humanizeAndDynamicsAreSavedWithTheProject() {
        instrument = new DownbeatInstrument(FakeStepModel::new, new RecordingVoices());
        instrument.params().set(Param.HUMANIZE, 73);
        instrument.params().set(Param.DYNAMICS, 160);
        byte[] saved = instrument.saveState();
        instrument.close();
        instrument = new DownbeatInstrument(FakeStepModel::new, new RecordingVoices());
        assertThat(instrument.params().get(Param.HUMANIZE)).isZero();
        assertThat(instrument.loadState(saved)).isTrue();
        assertThat(instrument.params().get(Param.HUMANIZE)).isEqualTo(73f);
        assertThat(instrument.params().get(Param.DYNAMICS)).isEqualTo(160f);
    }

    @Test
    void playingTheGrooveAllocatesNothingOnTheAudioThread() {
        instrument = new DownbeatInstrument(FakeStepModel::new, new RecordingVoices());
        instrument.params().set(Param.HUMANIZE, 100);
        HostSimulator host = new HostSimulator(instrument, RATE, 256);
        host.offline = true;
        for (int i = 0; i < 3000; i++) host.run(256);   // warm-up: JIT, class loading
        AudioThreadAllocation.assertAllocatesNothing("3000 process() calls", () -> host.processAllocated, () -> {
            for (int i = 0; i < 3000; i++) {
                host.instrument.setParameter(Param.HUMANIZE.index, (i / 400) % 2 == 0 ? 1f : 0.5f);
                host.instrument.setParameter(Param.SWING.index, (i / 700) % 2 == 0 ? 0f : 0.4f);
                host.run(256);
            }
        });
    }
    /**
     * A meter change arriving early in a grooved bar: the fourth 7/8 bar (14 steps, from quarter
     * 10.5) becomes 4/4 at quarter 10.8, where the 4/4 grid counts step 12 of its bar, so the 7/8
     * bar plays on through steps 12, 13, 14... That used to throw on the audio thread (its groove
     * indexed past its 14 steps) and silence the block; now the bar plays on, then come 4/4 bars.
     */
    @Test
    void aMeterChangeInsideAGroovedBarPlaysOn() {
        instrument = new DownbeatInstrument(FakeStepModel::new, new RecordingVoices());
        instrument.params().set(Param.HUMANIZE, 100);
        instrument.params().set(Param.TEMPERATURE, 1.2f);
        HostSimulator host = new HostSimulator(instrument, RATE, 256);
        host.offline = true;
        host.numerator = 7;
        host.denominator = 8;
        while (host.quarters < 3 * 3.5 + 0.3) host.run(256); // two steps into the fourth 7/8 bar
        host.numerator = 4;
        host.denominator = 4;
        int before = host.noteOns;
        while (host.quarters < 3 * 3.5 + 3 * 4) host.run(256);
        assertThat(instrument.audioError()).as("an error on the audio thread silences its block").isNull();
        assertThat(host.noteOns).as("notes after the meter change").isGreaterThan(before);
    }
}
