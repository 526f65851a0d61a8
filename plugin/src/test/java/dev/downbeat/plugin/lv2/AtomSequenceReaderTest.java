package dev.downbeat.plugin.lv2;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AtomSequenceReaderTest {
    private final AtomSequenceReader reader = new AtomSequenceReader(TestUrids.urids());

    @Test
    void readsMidiEventsAtTheirFrames() {
        AtomForge f = new AtomForge().midi(0, 0x99, 36, 100).midi(17, 0x89, 36, 0).midi(255, 0xC0, 5);
        reader.read(f.buffer, f.length(), 256);
        assertThat(reader.midiCount()).isEqualTo(3);
        assertThat(reader.midiFrame(0)).isZero();
        assertThat(reader.midiStatus(0)).isEqualTo((byte) 0x99);
        assertThat(reader.midiData1(0)).isEqualTo((byte) 36);
        assertThat(reader.midiData2(0)).isEqualTo((byte) 100);
        assertThat(reader.midiFrame(1)).isEqualTo(17);
        assertThat(reader.midiFrame(2)).isEqualTo(255);
        assertThat(reader.midiData1(2)).isEqualTo((byte) 5);
        assertThat(reader.midiData2(2)).isZero();
    }

    @Test
    void readsTimePositionOfEveryNumericType() {
        AtomForge f = new AtomForge().position(64, Lv2Uri.TIME_BAR, 3L, Lv2Uri.TIME_BAR_BEAT, 1.5f,
                Lv2Uri.TIME_BEATS_PER_MINUTE, 97.5, Lv2Uri.TIME_BEAT_UNIT, 4, Lv2Uri.TIME_SPEED, 1f);
        reader.read(f.buffer, f.length(), 128);
        assertThat(reader.positionCount()).isEqualTo(1);
        assertThat(reader.positionFrame(0)).isEqualTo(64);
        TimePosition p = reader.position(0);
        assertThat(p.bar).isEqualTo(3);
        assertThat(p.barBeat).isEqualTo(1.5);
        assertThat(p.beatsPerMinute).isEqualTo(97.5);
        assertThat(p.beatUnit).isEqualTo(4);
        assertThat(p.speed).isEqualTo(1);
        assertThat(p.beatsPerBar).isNaN(); // not sent: keeps the transport's last value
    }

    @Test
    void skipsSysexAndUnknownAtomsButKeepsWhatFollows() {
        AtomForge f = new AtomForge().midi(1, 0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7).raw(2, 12345, 13).midi(3, 0x90, 38, 90);
        reader.read(f.buffer, f.length(), 64);
        assertThat(reader.midiCount()).isEqualTo(1);
        assertThat(reader.midiFrame(0)).isEqualTo(3);
        assertThat(reader.midiData1(0)).isEqualTo((byte) 38);
    }

    @Test
    void clampsOutOfRangeAndUnsortedFramesIntoTheBlockInOrder() {
        AtomForge f = new AtomForge().midi(-5, 0x90, 36, 1).midi(40, 0x90, 38, 1).midi(10, 0x90, 42, 1).midi(9999, 0x90, 46, 1);
        reader.read(f.buffer, f.length(), 32);
        assertThat(reader.midiCount()).isEqualTo(4);
        assertThat(new int[] {reader.midiFrame(0), reader.midiFrame(1), reader.midiFrame(2), reader.midiFrame(3)})
                .containsExactly(0, 31, 31, 31);
    }

    @Test
    void stopsAtATruncatedEventInsteadOfReadingPastTheCopy() {
        AtomForge f = new AtomForge().midi(0, 0x90, 36, 1).midi(1, 0x90, 38, 1);
        int length = f.length();
        reader.read(f.buffer, length - 12, 64); // the bridge copied only part of the host's sequence
        assertThat(reader.midiCount()).isEqualTo(1);
    }

    @Test
    void ignoresAnythingThatIsNotASequence() {
        AtomForge f = new AtomForge().midi(0, 0x90, 36, 1);
        int length = f.length();
        f.buffer.putInt(4, TestUrids.of(Lv2Uri.ATOM_CHUNK));
        reader.read(f.buffer, length, 64);
        assertThat(reader.midiCount()).isZero();
        reader.read(f.buffer, 3, 64);
        assertThat(reader.midiCount()).isZero();
    }

    @Test
    void aHostileSizeFieldDoesNotThrow() {
        AtomForge f = new AtomForge().midi(0, 0x90, 36, 1);
        int length = f.length();
        f.buffer.putInt(16 + 8, Integer.MAX_VALUE);
        reader.read(f.buffer, length, 64);
        assertThat(reader.midiCount()).isZero();
        f.buffer.putInt(16 + 8, -8);
        reader.read(f.buffer, length, 64);
        assertThat(reader.midiCount()).isZero();
    }
}
