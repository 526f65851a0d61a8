package dev.downbeat.plugin.vst2;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The memory one VST2 instance shares with its C bridge ({@code plugin/native/vst2_shared.h}): the
 * host's time info, the block's MIDI in and out, and the audio the instrument rendered. The C side
 * only copies bytes; this class gives them meaning.
 *
 * <p>Owned by the audio thread (processReplacing and effProcessEvents); nothing here allocates.
 */
final class SharedBlock {
    // Offsets, equal to vst2_shared.h; the VstTimeInfo copy starts at 0.
    static final int SAMPLE_POS = 0, SAMPLE_RATE = 8, PPQ_POS = 24, TEMPO = 32, BAR_START = 40;
    static final int TIME_SIG_NUMERATOR = 64, TIME_SIG_DENOMINATOR = 68, TIME_FLAGS = 84;
    static final int TIME_PRESENT = 88, PROCESS_LEVEL = 92, MIDI_IN_COUNT = 96;
    static final int MIDI_CAPACITY = 512;
    static final int MIDI_IN = 128, MIDI_OUT = MIDI_IN + 8 * MIDI_CAPACITY;
    static final int AUDIO_CAPACITY = 8192;
    static final int LEFT = MIDI_OUT + 8 * MIDI_CAPACITY, RIGHT = LEFT + 4 * AUDIO_CAPACITY;
    static final int SIZE = RIGHT + 4 * AUDIO_CAPACITY;

    // VstTimeInfo.flags bits.
    static final int TRANSPORT_PLAYING = 1 << 1, PPQ_POS_VALID = 1 << 9, TEMPO_VALID = 1 << 10;
    static final int BARS_VALID = 1 << 11, TIME_SIG_VALID = 1 << 13;
    /** The flags Downbeat asks for in audioMasterGetTime's request mask. */
    static final int TIME_REQUEST = PPQ_POS_VALID | TEMPO_VALID | BARS_VALID | TIME_SIG_VALID;
    static final int PROCESS_LEVEL_OFFLINE = 4;

    private final ByteBuffer bytes;

    /** Wraps the bridge's buffer; refuses one of the wrong size, which means a mismatched build. */
    SharedBlock(ByteBuffer buffer) {
        requireValid(buffer);
        bytes = buffer.order(ByteOrder.nativeOrder());
    }

    /** Refuses a buffer of the wrong size or kind, which means Downbeat.so and the jars do not match. */
    static void requireValid(ByteBuffer buffer) {
        if (buffer == null || !buffer.isDirect() || buffer.capacity() != SIZE) {
            throw new IllegalArgumentException("shared block from the native bridge is "
                    + (buffer == null ? "missing" : buffer.capacity() + " bytes") + ", expected a direct buffer of "
                    + SIZE + " bytes: Downbeat.so and its jars come from different builds");
        }
    }

    boolean timePresent() { return bytes.getInt(TIME_PRESENT) != 0; }
    int timeFlags() { return bytes.getInt(TIME_FLAGS); }
    double samplePosition() { return bytes.getDouble(SAMPLE_POS); }
    double ppqPosition() { return bytes.getDouble(PPQ_POS); }
    double tempo() { return bytes.getDouble(TEMPO); }
    double barStart() { return bytes.getDouble(BAR_START); }
    int timeSigNumerator() { return bytes.getInt(TIME_SIG_NUMERATOR); }
    int timeSigDenominator() { return bytes.getInt(TIME_SIG_DENOMINATOR); }
    boolean offline() { return bytes.getInt(PROCESS_LEVEL) == PROCESS_LEVEL_OFFLINE; }

    int midiInCount() { return Math.min(MIDI_CAPACITY, Math.max(0, bytes.getInt(MIDI_IN_COUNT))); }
    int midiInFrame(int i) { return bytes.getInt(MIDI_IN + 8 * i); }
    byte midiInStatus(int i) { return bytes.get(MIDI_IN + 8 * i + 4); }
    byte midiInData1(int i) { return bytes.get(MIDI_IN + 8 * i + 5); }
    byte midiInData2(int i) { return bytes.get(MIDI_IN + 8 * i + 6); }

    void putMidiOut(int i, int frame, byte status, byte data1, byte data2) {
        int at = MIDI_OUT + 8 * i;
        bytes.putInt(at, frame);
        bytes.put(at + 4, status);
        bytes.put(at + 5, data1);
        bytes.put(at + 6, data2);
        bytes.put(at + 7, (byte) 0);
    }

    /** Copies rendered frames to {@code [at, at + frames)} of the shared left and right channels. */
    void putAudio(int at, float[] left, float[] right, int frames) {
        for (int i = 0; i < frames; i++) {
            bytes.putFloat(LEFT + 4 * (at + i), left[i]);
            bytes.putFloat(RIGHT + 4 * (at + i), right[i]);
        }
    }

    /** Silence in {@code [at, at + frames)}. */
    void clearAudio(int at, int frames) {
        for (int i = at; i < at + frames; i++) {
            bytes.putFloat(LEFT + 4 * i, 0f);
            bytes.putFloat(RIGHT + 4 * i, 0f);
        }
    }

    /** The raw buffer, for tests that play the C side. */
    ByteBuffer bytes() {
        return bytes;
    }
}
