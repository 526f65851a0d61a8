package dev.downbeat.plugin.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MidiTest {
    private DownbeatInstrument instrument;
    private final RecordingVoices voices = new RecordingVoices();

    @AfterEach
    void close() {
        if (instrument != null) instrument.close();
    }

    private static void noteIn(ProcessBlock b, int frame, int pitch, int velocity) {
        int i = b.midiInCount++;
        b.midiInFrame[i] = frame;
        b.midiInStatus[i] = (byte) 0x99;
        b.midiInData1[i] = (byte) pitch;
        b.midiInData2[i] = (byte) velocity;
    }

    @Test
    void incomingNotesPlayTheirVoiceAtTheirFrameEvenWithTheTransportStopped() {
        instrument = new DownbeatInstrument(FakeStepModel::new, voices);
        HostSimulator host = new HostSimulator(instrument, 48000, 1024);
        host.playing = false;
        noteIn(host.block, 100, 38, 90);  // snare
        noteIn(host.block, 300, 44, 90);  // pedal hat: closed hat in the table
        noteIn(host.block, 500, 60, 90);  // hi bongo: mid tom in the table
        noteIn(host.block, 700, 100, 90); // not a drum: ignored
        host.run(1024);
        assertThat(voices.count).isEqualTo(3);
        assertThat(voices.frames[0]).isEqualTo(100);
        assertThat(voices.voices[0]).isEqualTo(1);
        assertThat(voices.voices[1]).isEqualTo(2);
        assertThat(voices.voices[2]).isEqualTo(5);
        assertThat(host.noteOns).as("live notes are not generated notes").isZero();
    }

    @Test
    void everyGeneratedNoteGoesOutOnTheNoteMapWithItsNoteOff() {
        instrument = new DownbeatInstrument(FakeStepModel::new, voices);
        instrument.params().set(Param.TEMPERATURE, 1.5f);
        HostSimulator host = new HostSimulator(instrument, 48000, 1024);
        host.offline = true;
        host.runUntil(8, 333);
        host.playing = false;
        host.run(64);
        assertThat(host.noteOns).isPositive().isEqualTo(host.noteOffs).isEqualTo(voices.count);
        for (int i = 0; i < host.noteOns; i++) {
            assertThat(host.noteOnFrame[i]).isEqualTo(voices.frames[i]);
            assertThat(host.noteOnPitch[i]).isEqualTo(PerformanceTest.PITCHES[voices.voices[i]]);
        }
        assertThat(host.strayOff).isFalse();
        assertThat(host.doubleOn).isFalse();
    }

    @Test
    void notesPlayedWhileCaptureIsOnBecomeTheSeed() throws Exception {
        instrument = new DownbeatInstrument(FakeStepModel::new, voices);
        instrument.params().set(Param.CAPTURE, 1);
        instrument.params().set(Param.SEED_LENGTH, 8);
        HostSimulator host = new HostSimulator(instrument, 48000, 6000);
        host.playing = false;
        int framesPerStep = 48000 * 60 / 120 / 4; // 6000
        // A little late and early against the grid: quantized to the nearest 16th from the first note.
        int[][] played = {{0, 36}, {2 * framesPerStep + 300, 38}, {4 * framesPerStep - 250, 36}, {6 * framesPerStep, 38},
            {6 * framesPerStep + 10, 42}};
        int next = 0;
        for (int block = 0; block < 10; block++) {
            while (next < played.length && played[next][0] < (block + 1) * framesPerStep) {
                noteIn(host.block, played[next][0] - block * framesPerStep, played[next][1], 100);
                next++;
            }
            host.run(framesPerStep);
        }
        Seed expected = new Seed(new int[] {1, 0, 2, 0, 1, 0, 2 | 4, 0});
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (!instrument.seed().equals(expected) && System.nanoTime() < deadline) Thread.sleep(5);
        assertThat(instrument.seed()).isEqualTo(expected);
        assertThat(instrument.saveState()).isEqualTo(instrument.saveState());
        assertThat(StateChunk.decode(instrument.saveState()).seed()).isEqualTo(expected);
    }
}
