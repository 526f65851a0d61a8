package dev.downbeat.plugin.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The real composition: bundled DrumRNN, bundled kit and room, rendered offline as a host exports. */
class EndToEndTest {
    static final float[] AUTOMATION = {0f, 0f, 0f, 0f, 1.5f, 1.5f, 1.5f, 1.5f};

    record Render(int[][] bars, double rms, HostSimulator host, long late) { }

    static Render render(int randomSeed) {
        DownbeatInstrument inst = new DownbeatInstrument();
        try {
            inst.params().set(Param.RANDOM_SEED, randomSeed);
            HostSimulator host = new HostSimulator(inst, 48000, 512);
            assertThat(inst.modelError()).isNull();
            host.offline = true;
            double sum = 0;
            long n = 0;
            while (host.quarters < AUTOMATION.length * 4 - 1e-9) {
                int bar = (int) Math.floor(host.quarters / 4 + 1e-9);
                double end = host.quarters + 512 * 120 / 60.0 / 48000;
                int barAtEnd = (int) Math.floor(end / 4 - 1e-9);
                // Automation as Ardour delivers it: the block holding a downbeat carries the new value.
                inst.params().set(Param.TEMPERATURE, AUTOMATION[Math.min(AUTOMATION.length - 1, Math.max(bar, barAtEnd))]);
                host.run(512);
                for (int i = 0; i < 512; i++) {
                    sum += host.block.left[i] * host.block.left[i] + host.block.right[i] * host.block.right[i];
                    n += 2;
                }
            }
            return new Render(PerformanceTest.barsOf(host), Math.sqrt(sum / n), host, inst.lateSteps());
        } finally {
            inst.close();
        }
    }

    @Test
    void temperatureZeroBarsAgreeAcrossRandomSeedsAndHotBarsDiffer() {
        Render a = render(1), b = render(2);
        for (int bar = 0; bar < 4; bar++) assertThat(a.bars[bar]).as("bar %d at T=0", bar).containsExactly(b.bars[bar]);
        int differing = 0;
        for (int bar = 4; bar < 8; bar++) if (!java.util.Arrays.equals(a.bars[bar], b.bars[bar])) differing++;
        assertThat(differing).as("bars at T=1.5 that differ between random seeds").isGreaterThanOrEqualTo(3);
        assertThat(a.late).isZero();
        assertThat(b.late).isZero();
    }

    @Test
    void theSameRandomSeedRendersTheSameNotesAgainAndTheKitSoundsOnTheGrid() {
        Render a = render(5), b = render(5);
        assertThat(a.bars).isDeepEqualTo(b.bars);
        assertThat(a.rms).as("audio is present").isGreaterThan(0.005);
        HostSimulator host = a.host;
        assertThat(host.noteOns).isGreaterThan(16);
        for (int i = 0; i < host.noteOns; i++) {
            long frame = host.noteOnFrame[i];
            assertThat(frame % 6000).as("note-on at frame %d is on a 16th (6000 frames)", frame).isZero();
        }
    }
}
