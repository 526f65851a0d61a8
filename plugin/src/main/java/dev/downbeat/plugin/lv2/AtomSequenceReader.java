package dev.downbeat.plugin.lv2;

import java.nio.ByteBuffer;

/**
 * Reads the host's input {@code atom:Sequence} (a byte copy, native byte order) into MIDI events and
 * {@code time:Position} updates, each with its frame within the block. Anything else in the sequence
 * (other atom types, SysEx, malformed or truncated events) is skipped; nothing here allocates.
 * Owned by the audio thread.
 */
final class AtomSequenceReader {
    static final int MIDI_CAPACITY = 512;
    static final int POSITION_CAPACITY = 32;
    private static final int ATOM_HEADER = 8, SEQUENCE_BODY_HEADER = 8, EVENT_HEADER = 16;

    private final int sequence, midiEvent, object, blank, position;
    private final int timeFrame, timeBar, timeBarBeat, timeBeat, timeBeatUnit, timeBeatsPerBar, timeBeatsPerMinute, timeSpeed;
    private final int atomInt, atomLong, atomFloat, atomDouble, atomBool;

    private int midiCount;
    private final int[] midiFrame = new int[MIDI_CAPACITY];
    private final byte[] midiStatus = new byte[MIDI_CAPACITY], midiData1 = new byte[MIDI_CAPACITY],
            midiData2 = new byte[MIDI_CAPACITY];

    private int positionCount;
    private final int[] positionFrame = new int[POSITION_CAPACITY];
    private final TimePosition[] positions = new TimePosition[POSITION_CAPACITY];

    AtomSequenceReader(Urids urids) {
        sequence = urids.of(Lv2Uri.ATOM_SEQUENCE);
        midiEvent = urids.of(Lv2Uri.MIDI_EVENT);
        object = urids.of(Lv2Uri.ATOM_OBJECT);
        blank = urids.of(Lv2Uri.ATOM_BLANK);
        position = urids.of(Lv2Uri.TIME_POSITION);
        timeFrame = urids.of(Lv2Uri.TIME_FRAME);
        timeBar = urids.of(Lv2Uri.TIME_BAR);
        timeBarBeat = urids.of(Lv2Uri.TIME_BAR_BEAT);
        timeBeat = urids.of(Lv2Uri.TIME_BEAT);
        timeBeatUnit = urids.of(Lv2Uri.TIME_BEAT_UNIT);
        timeBeatsPerBar = urids.of(Lv2Uri.TIME_BEATS_PER_BAR);
        timeBeatsPerMinute = urids.of(Lv2Uri.TIME_BEATS_PER_MINUTE);
        timeSpeed = urids.of(Lv2Uri.TIME_SPEED);
        atomInt = urids.of(Lv2Uri.ATOM_INT);
        atomLong = urids.of(Lv2Uri.ATOM_LONG);
        atomFloat = urids.of(Lv2Uri.ATOM_FLOAT);
        atomDouble = urids.of(Lv2Uri.ATOM_DOUBLE);
        atomBool = urids.of(Lv2Uri.ATOM_BOOL);
        for (int i = 0; i < POSITION_CAPACITY; i++) positions[i] = new TimePosition();
    }

    /**
     * Reads the sequence in {@code in[0..length)}. Frames are clamped into {@code 0..frames-1} and kept
     * in order, so a host that sends an out-of-range or unsorted stamp cannot make events vanish.
     */
    void read(ByteBuffer in, int length, int frames) {
        midiCount = 0;
        positionCount = 0;
        if (length < ATOM_HEADER + SEQUENCE_BODY_HEADER || in.capacity() < ATOM_HEADER + SEQUENCE_BODY_HEADER
                || in.getInt(4) != sequence) return;
        int end = (int) Math.min(Math.min(length, in.capacity()), ATOM_HEADER + (in.getInt(0) & 0xffffffffL));
        int lastFrame = 0;
        for (int at = ATOM_HEADER + SEQUENCE_BODY_HEADER; at + EVENT_HEADER <= end; ) {
            long stamp = in.getLong(at);
            int size = in.getInt(at + 8), type = in.getInt(at + 12);
            int body = at + EVENT_HEADER;
            if (size < 0 || size > end - body) return; // written so a hostile size cannot overflow
            int frame = (int) Math.max(lastFrame, Math.min(frames - 1, Math.max(0, stamp)));
            lastFrame = frame;
            if (type == midiEvent) readMidi(in, body, size, frame);
            else if ((type == object || type == blank) && size >= 8 && in.getInt(body + 4) == position) {
                readPosition(in, body, size, frame);
            }
            at = body + ((size + 7) & ~7);
        }
    }

    private void readMidi(ByteBuffer in, int body, int size, int frame) {
        int status = in.get(body) & 0xff;
        // Channel messages only; system messages (SysEx, clock) mean nothing to a drum machine.
        if (status < 0x80 || status >= 0xf0 || midiCount == MIDI_CAPACITY) return;
        int length = (status & 0xf0) == 0xc0 || (status & 0xf0) == 0xd0 ? 2 : 3;
        if (size < length) return;
        midiFrame[midiCount] = frame;
        midiStatus[midiCount] = (byte) status;
        midiData1[midiCount] = (byte) (in.get(body + 1) & 0x7f);
        midiData2[midiCount] = length == 3 ? (byte) (in.get(body + 2) & 0x7f) : 0;
        midiCount++;
    }

    private void readPosition(ByteBuffer in, int body, int size, int frame) {
        if (positionCount == POSITION_CAPACITY) return;
        TimePosition p = positions[positionCount];
        p.clear();
        int end = body + size;
        // Object body: id, otype, then properties (key, context, value atom), each padded to 8 bytes.
        for (int at = body + 8; at + 16 <= end; ) {
            int key = in.getInt(at), valueSize = in.getInt(at + 8), valueType = in.getInt(at + 12);
            int value = at + 16;
            if (valueSize < 0 || valueSize > end - value) break;
            double v = number(in, value, valueSize, valueType);
            if (key == timeBar) p.bar = v;
            else if (key == timeBarBeat) p.barBeat = v;
            else if (key == timeBeat) p.beat = v;
            else if (key == timeBeatUnit) p.beatUnit = v;
            else if (key == timeBeatsPerBar) p.beatsPerBar = v;
            else if (key == timeBeatsPerMinute) p.beatsPerMinute = v;
            else if (key == timeSpeed) p.speed = v;
            else if (key == timeFrame) p.frame = v;
            at = value + ((valueSize + 7) & ~7);
        }
        positionFrame[positionCount++] = frame;
    }

    private double number(ByteBuffer in, int at, int size, int type) {
        if ((type == atomInt || type == atomBool) && size >= 4) return in.getInt(at);
        if (type == atomLong && size >= 8) return in.getLong(at);
        if (type == atomFloat && size >= 4) return in.getFloat(at);
        if (type == atomDouble && size >= 8) return in.getDouble(at);
        return Double.NaN;
    }

    int midiCount() { return midiCount; }
    int midiFrame(int i) { return midiFrame[i]; }
    byte midiStatus(int i) { return midiStatus[i]; }
    byte midiData1(int i) { return midiData1[i]; }
    byte midiData2(int i) { return midiData2[i]; }

    int positionCount() { return positionCount; }
    int positionFrame(int i) { return positionFrame[i]; }
    TimePosition position(int i) { return positions[i]; }
}
