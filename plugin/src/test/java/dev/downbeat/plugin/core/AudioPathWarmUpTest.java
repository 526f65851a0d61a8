package dev.downbeat.plugin.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The warm-up must go through every path a live session takes on the audio thread (else the JIT
 * meets it first in a live block), and leave nothing running behind it.
 */
class AudioPathWarmUpTest {

    @Test
    void itPlaysThroughBarLinesResamplesLateStepsStartsJumpsAndMidi() {
        DownbeatInstrument throwaway = new DownbeatInstrument(WarmUpModel::new, new EngineVoices());
        try {
            throwaway.prepare(48_000, 64);
            AudioPathWarmUp.Coverage c = AudioPathWarmUp.run(throwaway, 48_000, 64);
            assertThat(c.blocks()).isGreaterThan(1000);
            assertThat(c.notesOut()).as("generated notes sounded and went out as MIDI").isGreaterThan(50);
            assertThat(c.resampledBars()).as("bars re-sampled at their downbeat").isPositive();
            assertThat(c.midiIn()).isPositive();
            assertThat(throwaway.audioError()).isNull();
            if (c.blocks() > 4000) assertThat(c.starts()).isGreaterThan(1);
            if (c.blocks() > 2000) assertThat(c.jumps()).isPositive();
        } finally {
            throwaway.close();
        }
    }

    @Test
    void theFirstInstanceWarmsUpOnceInTheBackgroundAndNoThreadOutlivesIt() throws Exception {
        AudioPathWarmUp.awaitFinished(); // one an earlier test started
        int threadsBefore = Thread.activeCount();
        DownbeatInstrument a = new DownbeatInstrument(FakeStepModel::new, new RecordingVoices());
        DownbeatInstrument b = new DownbeatInstrument(FakeStepModel::new, new RecordingVoices());
        a.prepare(44_100, 512); // this VM's first (or a test before it already warmed up)
        b.prepare(44_100, 512);
        assertThat(AudioPathWarmUp.start(44_100, 512, HostCallbacks.NONE)).as("a second warm-up in one VM").isFalse();
        AudioPathWarmUp.awaitFinished();
        a.close();
        b.close();
        for (int i = 0; i < 50 && Thread.activeCount() > threadsBefore; i++) Thread.sleep(20);
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore);
    }
}
