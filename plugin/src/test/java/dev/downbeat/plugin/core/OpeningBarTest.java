package dev.downbeat.plugin.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pressing play plays the downbeat of bar 1: the opening bar (the seed's continuation) is written
 * while the instrument is prepared, so a transport that starts the moment {@code prepare} returns
 * — as {@code downbeat play --no-window} does — finds it. Stage 45 once counted 87 note-ons
 * instead of 89: the first step (kick + high tom) was a rest because the worker had not published
 * the opening yet when JACK's first rolling cycle came.
 */
class OpeningBarTest {
    private static final int RANDOM_SEED = 3;
    private DownbeatInstrument instrument;

    @AfterEach
    void close() {
        if (instrument != null) instrument.close();
    }

    /**
     * {@link FakeStepModel} at the pace of a slow machine: every model step takes {@code millis}, so
     * the opening's 26 steps (10 of seed, 16 of bar) take far longer than a host's first block.
     */
    static class SlowStepModel implements StepModel {
        private final FakeStepModel model = new FakeStepModel();
        private final long millis;

        SlowStepModel(long millis) {
            this.millis = millis;
        }

        private void work() {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override public void reset() { model.reset(); }
        @Override public void feed(int event) { work(); model.feed(event); }
        @Override public void logits(float[] out, int offset) { work(); model.logits(out, offset); }
        @Override public int position() { return model.position(); }
        @Override public Object snapshot() { return model.snapshot(); }
        @Override public void restore(Object snapshot) { model.restore(snapshot); }
        @Override public void close() { }
    }

    private static int[] openingBar() {
        return FakeStepModel.referenceBars(Seed.DEFAULT, 10, RANDOM_SEED, new float[] {1.0f}, 16)[0];
    }

    @Test
    void theFirstStepPlaysWhenTheTransportStartsTheMomentTheInstrumentIsPrepared() {
        int[] opening = openingBar();
        assertThat(opening[0]).as("the reference opening starts with hits (else a rest proves nothing)").isNotZero();
        instrument = new DownbeatInstrument(() -> new SlowStepModel(10), new RecordingVoices());
        instrument.params().set(Param.RANDOM_SEED, RANDOM_SEED);
        HostSimulator host = new HostSimulator(instrument, 48000, 256); // prepares
        host.runUntil(1.0, 256); // the first beat, at once: no wait for the worker

        assertThat(instrument.lateSteps()).as("steps that found no bar ready").isZero();
        assertThat(host.eventsOfBar(0, PerformanceTest.PITCHES, 0)).as("the first beat's four steps")
                .startsWith(opening[0], opening[1], opening[2], opening[3]);
        assertThat(host.noteOns).isPositive();
        assertThat(host.noteOnFrame[0]).as("the first note-on's frame").isZero();
    }

    @Test
    void withNoOpeningWrittenYetTheFirstStepIsARestCountedLateAndTheBarWrittenForItPlaysOn() {
        ParamValues params = new ParamValues();
        params.set(Param.RANDOM_SEED, RANDOM_SEED);
        BarShelf shelf = new BarShelf();
        MessageRing toWorker = new MessageRing(64);
        // A writer whose worker has not run yet (its model still loading): the shelf has no opening.
        BarWriter writer = new BarWriter(new FakeStepModel(), params, shelf, toWorker);
        BarPlayer player = new BarPlayer(shelf, toWorker, writer);
        player.start();

        assertThat(player.eventAt(0, 16, 1.0f, false, 0)).as("step 0, no bar anywhere").isZero();
        assertThat(player.lateSteps()).isOne();

        writer.workOnce(); // takes the restart and writes bar 0 for this performance
        int[] opening = openingBar();
        for (int step = 1; step < 16; step++) {
            assertThat(player.eventAt(step, 16, 1.0f, false, 0)).as("step %d", step).isEqualTo(opening[step]);
        }
        assertThat(player.lateSteps()).as("only the step that found nothing").isOne();
    }

    @Test
    void aModelFailingOnTheOpeningIsReportedAndItsStepsAreCountedLateNotLostSilently() {
        instrument = new DownbeatInstrument(() -> new SlowStepModel(0) {
            @Override
            public void logits(float[] out, int offset) {
                throw new IllegalStateException("the model's output has the wrong shape");
            }
        }, new RecordingVoices());
        HostSimulator host = new HostSimulator(instrument, 48000, 256); // prepares: must not throw
        host.runUntil(1.0, 256);

        assertThat(instrument.modelError()).contains("the model's output has the wrong shape");
        assertThat(host.noteOns).isZero();
        assertThat(instrument.lateSteps()).as("the first beat's steps, and the one the last block reached")
                .isEqualTo(5);
    }
}
