package dev.downbeat.plugin.vst2;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Plays the C bridge in tests: writes time info and MIDI into a shared block as vst2_bridge.c does. */
final class FakeHost {
    final ByteBuffer buffer = ByteBuffer.allocateDirect(SharedBlock.SIZE).order(ByteOrder.nativeOrder());
    int midiIn;

    void time(double samplePos, double ppq, double tempo, double barStart, boolean playing) {
        buffer.putDouble(SharedBlock.SAMPLE_POS, samplePos);
        buffer.putDouble(SharedBlock.SAMPLE_RATE, 48_000);
        buffer.putDouble(SharedBlock.PPQ_POS, ppq);
        buffer.putDouble(SharedBlock.TEMPO, tempo);
        buffer.putDouble(SharedBlock.BAR_START, barStart);
        buffer.putInt(SharedBlock.TIME_SIG_NUMERATOR, 4);
        buffer.putInt(SharedBlock.TIME_SIG_DENOMINATOR, 4);
        int flags = SharedBlock.PPQ_POS_VALID | SharedBlock.TEMPO_VALID | SharedBlock.BARS_VALID
                | SharedBlock.TIME_SIG_VALID | (playing ? SharedBlock.TRANSPORT_PLAYING : 0);
        buffer.putInt(SharedBlock.TIME_FLAGS, flags);
        buffer.putInt(SharedBlock.TIME_PRESENT, 1);
    }

    void noTime() {
        buffer.putInt(SharedBlock.TIME_PRESENT, 0);
    }

    void processLevel(int level) {
        buffer.putInt(SharedBlock.PROCESS_LEVEL, level);
    }

    void midiIn(int frame, int status, int data1, int data2) {
        int at = SharedBlock.MIDI_IN + 8 * midiIn++;
        buffer.putInt(at, frame);
        buffer.put(at + 4, (byte) status);
        buffer.put(at + 5, (byte) data1);
        buffer.put(at + 6, (byte) data2);
        buffer.putInt(SharedBlock.MIDI_IN_COUNT, midiIn);
    }

    void clearMidiIn() {
        midiIn = 0;
        buffer.putInt(SharedBlock.MIDI_IN_COUNT, 0);
    }

    float left(int frame) { return buffer.getFloat(SharedBlock.LEFT + 4 * frame); }
    float right(int frame) { return buffer.getFloat(SharedBlock.RIGHT + 4 * frame); }
    int midiOutFrame(int i) { return buffer.getInt(SharedBlock.MIDI_OUT + 8 * i); }
    int midiOutStatus(int i) { return buffer.get(SharedBlock.MIDI_OUT + 8 * i + 4) & 0xFF; }
    int midiOutData1(int i) { return buffer.get(SharedBlock.MIDI_OUT + 8 * i + 5) & 0xFF; }
}
