package dev.downbeat.plugin.lv2;

import dev.downbeat.plugin.core.ProcessBlock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HostTransportTest {
    private final ProcessBlock block = new ProcessBlock(64, 8);

    private static TimePosition position(double speed, double bar, double barBeat, double bpm) {
        TimePosition p = new TimePosition();
        p.speed = speed;
        p.bar = bar;
        p.barBeat = barBeat;
        p.beatsPerMinute = bpm;
        p.beatsPerBar = 4;
        p.beatUnit = 4;
        return p;
    }

    @Test
    void barAndBeatBecomeQuartersFromTheProjectStart() {
        HostTransport t = new HostTransport(48_000);
        t.apply(position(1, 2, 1.5, 120));
        t.writeTo(block);
        assertThat(block.playing).isTrue();
        assertThat(block.positionValid).isTrue();
        assertThat(block.positionQuarters).isEqualTo(9.5);
        assertThat(block.barStartQuarters).isEqualTo(8);
        assertThat(block.tempoBpm).isEqualTo(120);
        assertThat(block.meterNumerator).isEqualTo(4);
    }

    @Test
    void movesOnBetweenUpdatesAndRollsIntoTheNextBar() {
        HostTransport t = new HostTransport(48_000);
        t.apply(position(1, 0, 3.75, 120));
        t.advance(12_000); // a quarter of a second at 120 bpm: half a beat
        t.writeTo(block);
        assertThat(t.bar()).isEqualTo(1);
        assertThat(block.positionQuarters).isCloseTo(4.25, within(1e-9));
        assertThat(block.barStartQuarters).isEqualTo(4);
    }

    @Test
    void stoppedTransportStaysPut() {
        HostTransport t = new HostTransport(44_100);
        t.apply(position(0, 5, 2, 90));
        t.advance(44_100);
        t.writeTo(block);
        assertThat(block.playing).isFalse();
        assertThat(block.positionQuarters).isEqualTo(22);
    }

    @Test
    void eighthNoteBeatsAreConvertedToQuarters() {
        HostTransport t = new HostTransport(48_000);
        TimePosition p = position(1, 1, 3, 180);
        p.beatsPerBar = 6;
        p.beatUnit = 8;
        t.apply(p);
        t.writeTo(block);
        assertThat(block.barStartQuarters).isEqualTo(3);
        assertThat(block.positionQuarters).isEqualTo(4.5);
        assertThat(block.tempoBpm).isEqualTo(90);
        assertThat(block.meterNumerator).isEqualTo(6);
        assertThat(block.meterDenominator).isEqualTo(8);
    }

    @Test
    void aHostWithoutMusicalTimeGivesFramesWhichBecomeBeatsAtTheTempo() {
        HostTransport t = new HostTransport(48_000);
        TimePosition p = new TimePosition();
        p.speed = 1;
        p.frame = 48_000 * 3; // 3 s at the default 120 bpm: 6 beats
        t.apply(p);
        t.writeTo(block);
        assertThat(block.positionValid).isTrue();
        assertThat(block.positionQuarters).isEqualTo(6);
        assertThat(block.barStartQuarters).isEqualTo(4);
    }

    @Test
    void noPositionYetMeansInvalid() {
        HostTransport t = new HostTransport(48_000);
        t.advance(1000);
        t.writeTo(block);
        assertThat(block.positionValid).isFalse();
        assertThat(block.playing).isFalse();
    }

    @Test
    void updatesRoundedToTheHostsTicksKeepTheExactCarriedPositionButJumpsAreTaken() {
        HostTransport t = new HostTransport(48_000);
        t.apply(position(1, 0, 0, 120));
        double quartersPerFrame = 120 / 60.0 / 48_000;
        for (int block = 1; block <= 400; block++) {
            t.advance(256);
            double exact = block * 256 * quartersPerFrame;
            double rounded = Math.round(exact * 1920) / 1920.0;   // Ardour's ticks, up to 6 frames off
            t.apply(position(1, Math.floor(rounded / 4), rounded % 4, 120));
            t.writeTo(this.block);
            assertThat(this.block.positionQuarters).isCloseTo(exact, within(1e-9));
        }
        t.apply(position(1, 3, 1, 120));   // a relocation: the host's position wins
        t.writeTo(block);
        assertThat(block.positionQuarters).isEqualTo(13);
    }
}
