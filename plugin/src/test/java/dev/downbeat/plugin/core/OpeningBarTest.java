package dev.downbeat.plugin.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pressing play plays the downbeat of bar 1: {@code prepare} waits for the worker's opening bar
 * (the seed's continuation), so a transport that starts the moment it returns — as {@code downbeat
 * play --no-window} does — finds it; when the opening cannot be there in time, that is said, and
 * the steps without a bar are counted late. Stage 45 once counted 87 note-ons
 * instead of 89: the first step (kick + high tom) was a rest because the worker had not published
 * the opening yet when JACK's first rolling cycle came.
 */
class OpeningBarTest {
    private static final int RANDOM_SEED = 3;
    private final LoggedInstruments instruments = new LoggedInstruments();
    private DownbeatInstrument instrument;

    @AfterEach
    void close() {
        instruments.closeAll();
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
        instrument = instruments.make(() -> new SlowStepModel(10));
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
        instrument = instruments.make(() -> new SlowStepModel(0) {
            @Override
            public void logits(float[] out, int offset) {
                throw new IllegalStateException("the model's output has the wrong shape");
            }
        });
        HostSimulator host = new HostSimulator(instrument, 48000, 256); // prepares: must not throw
        host.runUntil(1.0, 256);

        assertThat(instruments.log).anyMatch(m -> m.contains("failed writing the first bar")
                && m.contains("the model's output has the wrong shape"));
        assertThat(instrument.modelError()).contains("the model's output has the wrong shape");
        assertThat(host.noteOns).isZero();
        assertThat(instrument.lateSteps()).as("the first beat's steps, and the one the last block reached")
                .isEqualTo(5);
    }

    @Test
    void aModelTooSlowForTheOpeningIsSaidAtPrepareAndItsMissingStepsAreCountedLate() {
        // 26 steps of 100 ms: 2.6 s, more than prepare waits.
        instrument = instruments.make(() -> new SlowStepModel(100));
        instrument.params().set(Param.RANDOM_SEED, RANDOM_SEED);
        long start = System.nanoTime();
        HostSimulator host = new HostSimulator(instrument, 48000, 256);
        long waited = System.nanoTime() - start;
        host.run(256); // step 0, before the opening

        assertThat(waited).as("prepare waited for the opening, then gave up").isBetween(
                DownbeatInstrument.OPENING_WAIT_NANOS, DownbeatInstrument.OPENING_WAIT_NANOS + 2_000_000_000L);
        assertThat(instruments.log).anyMatch(m -> m.contains("first bar was not written within 2 s"));
        assertThat(instrument.lateSteps()).isOne();
        assertThat(host.noteOns).isZero();
    }
}
