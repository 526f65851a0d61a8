package dev.downbeat.plugin.vst2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.downbeat.plugin.core.ProcessBlock;
import org.junit.jupiter.api.Test;

class HostTimeTest {
    private static final double RATE = 48_000;
    private final FakeHost host = new FakeHost();
    private final SharedBlock shared = new SharedBlock(host.buffer);
    private final HostTime time = new HostTime();
    private final ProcessBlock block = new ProcessBlock(8192, 16);

    /** Ardour 7 reports ppqPos in whole 1/1920 ticks. */
    private static double ticks(double quarters) {
        return Math.floor(quarters * 1920) / 1920;
    }

    private void hostBlock(long samplePos, double reportedPpq, int frames, boolean playing) {
        host.time(samplePos, reportedPpq, 120, Math.floor(reportedPpq / 4) * 4, playing);
        time.beginHostBlock(shared, frames, RATE, block.tempoBpm);
        time.apply(shared, 0, RATE, block);
    }

    @Test
    void positionsRoundedToTicksByTheHostAreCarriedExactly() {
        for (long pos = 0; pos < RATE * 20; pos += 1024) {
            double exact = pos / RATE * 2; // 120 bpm: two quarters per second
            hostBlock(pos, ticks(exact), 1024, true);
            assertThat(block.positionQuarters).as("frame %d", pos).isCloseTo(exact, within(1e-9));
        }
    }

    @Test
    void aRelocationIsFollowedAtOnce() {
        hostBlock(0, 0, 1024, true);
        hostBlock(1024, ticks(1024 / RATE * 2), 1024, true);
        hostBlock(480_000, 20.0, 1024, true); // the user clicked bar 6
        assertThat(block.positionQuarters).isEqualTo(20.0);
        // a loop jump back to the start: sample position and ppq both go back
        hostBlock(0, 0, 1024, true);
        assertThat(block.positionQuarters).isEqualTo(0.0);
    }

    @Test
    void aSmallJumpBeyondRoundingIsNotSmoothedAway() {
        hostBlock(0, 0, 1024, true);
        // same sample position follows on, but the host says the music moved by a 32nd note
        hostBlock(1024, 1024 / RATE * 2 + 0.125, 1024, true);
        assertThat(block.positionQuarters).isCloseTo(1024 / RATE * 2 + 0.125, within(1e-12));
    }

    @Test
    void stoppedTransportIsNotPlayingAndRestartTakesTheHostPosition() {
        hostBlock(0, 0, 1024, true);
        hostBlock(1024, 0.0426, 1024, false);
        assertThat(block.playing).isFalse();
        hostBlock(96_000, 4.0, 1024, true);
        assertThat(block.playing).isTrue();
        assertThat(block.positionQuarters).isEqualTo(4.0);
    }

    @Test
    void theBarStartMovesWithTheBlockAcrossBarLines() {
        host.time(0, 3.5, 120, 0, true);
        time.beginHostBlock(shared, 8192, RATE, 120);
        time.apply(shared, 6000, RATE, block); // 0.25 quarters later: 3.75, still bar 1
        assertThat(block.barStartQuarters).isEqualTo(0.0);
        time.apply(shared, 12000, RATE, block); // 4.0: bar 2 starts here
        assertThat(block.positionQuarters).isEqualTo(4.0);
        assertThat(block.barStartQuarters).isEqualTo(4.0);
    }

    @Test
    void missingTempoAndMeterKeepTheLastKnown() {
        host.time(0, 0, 93, 0, true);
        host.buffer.putInt(SharedBlock.TIME_SIG_NUMERATOR, 7);
        host.buffer.putInt(SharedBlock.TIME_SIG_DENOMINATOR, 8);
        time.beginHostBlock(shared, 512, RATE, 120);
        time.apply(shared, 0, RATE, block);
        assertThat(block.tempoBpm).isEqualTo(93.0);
        assertThat(block.meterNumerator).isEqualTo(7);
        host.buffer.putInt(SharedBlock.TIME_FLAGS, SharedBlock.PPQ_POS_VALID | SharedBlock.TRANSPORT_PLAYING);
        host.buffer.putDouble(SharedBlock.TEMPO, 0);
        time.beginHostBlock(shared, 512, RATE, block.tempoBpm);
        time.apply(shared, 0, RATE, block);
        assertThat(block.tempoBpm).isEqualTo(93.0);
        assertThat(block.meterNumerator).isEqualTo(7);
        assertThat(block.meterDenominator).isEqualTo(8);
    }

    @Test
    void aHostWithoutTimeInfoMeansStopped() {
        host.noTime();
        time.beginHostBlock(shared, 512, RATE, 120);
        time.apply(shared, 0, RATE, block);
        assertThat(block.playing).isFalse();
        assertThat(block.positionValid).isFalse();
    }

    @Test
    void offlineProcessLevelReachesTheBlock() {
        host.time(0, 0, 120, 0, true);
        host.processLevel(SharedBlock.PROCESS_LEVEL_OFFLINE);
        time.beginHostBlock(shared, 512, RATE, 120);
        time.apply(shared, 0, RATE, block);
        assertThat(block.offline).isTrue();
        host.processLevel(2);
        time.apply(shared, 0, RATE, block);
        assertThat(block.offline).isFalse();
    }
}
