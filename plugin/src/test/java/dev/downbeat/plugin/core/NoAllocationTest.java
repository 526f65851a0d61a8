package dev.downbeat.plugin.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The audio thread allocates nothing in {@code process}, over thousands of blocks with the worker
 * writing bars, temperature automation forcing re-samples, MIDI in, swing, a jump and a stop/start.
 */
class NoAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Bytes the calling thread allocated while running {@code blocks} blocks of a busy session. */
    static long allocatedDuring(HostSimulator host, int firstBlock, int blocks, int frames) {
        float[] temperatures = {1.0f, 0.2f, 1.6f, 0.0f, 1.1f};
        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = firstBlock; i < firstBlock + blocks; i++) {
            if (host.speed > 0) host.pace(); // automation lands just before its block: downbeats re-sample
            int bar = (int) ((host.quarters + frames * host.tempo / 60 / 48000) / 4); // the bar at the block's end
            host.instrument.setParameter(Param.TEMPERATURE.index, temperatures[bar % temperatures.length] / 2);
            host.instrument.setParameter(Param.SWING.index, (i / 500) % 2 == 0 ? 0f : 0.4f);
            if (i % 37 == 0) {
                ProcessBlock b = host.block;
                b.midiInCount = 1;
                b.midiInFrame[0] = i % frames;
                b.midiInStatus[0] = (byte) 0x90;
                b.midiInData1[0] = 38;
                b.midiInData2[0] = 100;
            }
            if (i % 2000 == 1000) host.quarters += 6.5; // a jump
            if (i % 2000 == 1500) host.playing = false;
            if (i % 2000 == 1520) host.playing = true;
            host.run(frames);
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void processAllocatesNothingWithTheStandInModel() {
        DownbeatInstrument inst = new DownbeatInstrument(FakeStepModel::new, new RecordingVoices());
        try {
            HostSimulator host = new HostSimulator(inst, 48000, 256);
            host.tempo = 240;
            host.speed = 8;
            allocatedDuring(host, 0, 4000, 256); // warm-up: JIT, class loading
            long before = host.processAllocated;
            allocatedDuring(host, 4000, 6000, 256);
            assertThat(host.processAllocated - before).as("bytes allocated inside process()").isZero();
            assertThat(inst.resampledBars()).isPositive();
            assertThat(inst.audioError()).isNull();
        } finally {
            inst.close();
        }
    }

    @Test
    void processAllocatesNothingWithTheBundledModelAndKit() {
        DownbeatInstrument inst = new DownbeatInstrument();
        try {
            HostSimulator host = new HostSimulator(inst, 48000, 256);
            assertThat(inst.modelError()).as("the bundled model loads").isNull();
            host.tempo = 180;
            host.speed = 2;
            allocatedDuring(host, 0, 3000, 256);
            long before = host.processAllocated;
            allocatedDuring(host, 3000, 3000, 256);
            assertThat(host.processAllocated - before).as("bytes allocated inside process()").isZero();
            assertThat(host.noteOns).as("the model played notes").isPositive();
            assertThat(inst.audioError()).isNull();
            assertThat(inst.takePeak()).as("the kit sounded").isPositive();
        } finally {
            inst.close();
        }
    }
}
