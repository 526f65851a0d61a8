package dev.downbeat.app.play;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downbeat.plugin.core.DownbeatInstrument;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The standalone app's block loop: real-time safe and sample-exact about the transport. */
class TransportDriverTest {

    @Test
    void renderingAllocatesNothingOnTheAudioThreadWhilePlaying() throws Exception {
        try (DownbeatInstrument instrument = new DownbeatInstrument()) {
            instrument.prepare(48000, 256);
            TransportDriver driver = new TransportDriver(instrument, 48000, 256, 120);
            float[] sink = new float[1024];
            TransportDriver.AudioSink copy = (l, r, offset, frames) -> System.arraycopy(l, 0, sink, offset, frames);
            driver.play();
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long[] allocated = new long[2]; // renders that allocated, bytes in total
            Thread audio = new Thread(() -> {
                for (int i = 0; i < 2000; i++) driver.render(1000, copy); // warm up: ~40 s of music
                for (int i = 0; i < 2000; i++) { // 1000 frames: four blocks each
                    long before = threads.getCurrentThreadAllocatedBytes();
                    driver.render(1000, copy);
                    long bytes = threads.getCurrentThreadAllocatedBytes() - before;
                    if (bytes > 0) {
                        allocated[0]++;
                        allocated[1] += bytes;
                    }
                }
            }, "test audio");
            audio.start();
            audio.join();
            // As the core's NoAllocationTest explains: the JVM itself is seen to count a few hundred
            // bytes in one block of thousands now and then; code that allocated would do so in every render.
            assertThat(allocated[0]).as("renders (of 2000) that allocated").isLessThanOrEqualTo(1);
            assertThat(allocated[1]).as("bytes allocated").isLessThan(1024);
        }
    }

    @Test
    void theTransportAdvancesByTheFramesRenderedAndPlayRewindsToTheTop() {
        try (DownbeatInstrument instrument = new DownbeatInstrument()) {
            instrument.prepare(44100, 512);
            TransportDriver driver = new TransportDriver(instrument, 44100, 512, 100);
            TransportDriver.AudioSink none = (l, r, offset, frames) -> { };
            driver.render(4410, none);
            assertThat(driver.positionQuarters()).as("stopped: the transport stands").isZero();
            driver.play();
            driver.render(44100 * 3, none); // 3 s at 100 bpm: 5 quarters, in blocks of at most 512
            assertThat(driver.positionQuarters()).isCloseTo(5.0, org.assertj.core.api.Assertions.within(1e-9));
            driver.stop();
            driver.render(4410, none);
            assertThat(driver.positionQuarters()).as("stop holds the position").isCloseTo(5.0, org.assertj.core.api.Assertions.within(1e-9));
            driver.play();
            driver.render(441, none); // 10 ms from the top
            assertThat(driver.positionQuarters()).isCloseTo(441 / 44100.0 * 100 / 60, org.assertj.core.api.Assertions.within(1e-9));
            driver.setTempoBpm(1000);
            assertThat(driver.tempoBpm()).isEqualTo(300);
        }
    }
}
