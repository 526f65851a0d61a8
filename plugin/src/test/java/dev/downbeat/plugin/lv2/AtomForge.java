package dev.downbeat.plugin.lv2;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds atom:Sequence bytes the way an LV2 host's forge does, for tests. */
final class AtomForge {
    final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.nativeOrder());
    private int at = 16;

    AtomForge() {
        buffer.putInt(4, TestUrids.of(Lv2Uri.ATOM_SEQUENCE));
    }

    AtomForge midi(long frame, int... bytes) {
        event(frame, bytes.length, TestUrids.of(Lv2Uri.MIDI_EVENT));
        for (int i = 0; i < bytes.length; i++) buffer.put(at + i, (byte) bytes[i]);
        at += pad(bytes.length);
        return this;
    }

    /** A time:Position object; pass key/value pairs as Lv2Uri key, Number value (Long→atom:Long, Float→atom:Float, Double→atom:Double, Integer→atom:Int). */
    AtomForge position(long frame, Object... keyValues) {
        int start = at;
        event(frame, 0, TestUrids.of(Lv2Uri.ATOM_OBJECT));
        int body = at;
        buffer.putInt(at, 0); // id
        buffer.putInt(at + 4, TestUrids.of(Lv2Uri.TIME_POSITION));
        at += 8;
        for (int i = 0; i < keyValues.length; i += 2) {
            buffer.putInt(at, TestUrids.of((Lv2Uri) keyValues[i]));
            buffer.putInt(at + 4, 0);
            Object v = keyValues[i + 1];
            if (v instanceof Long l) { buffer.putInt(at + 8, 8); buffer.putInt(at + 12, TestUrids.of(Lv2Uri.ATOM_LONG)); buffer.putLong(at + 16, l); at += 24; }
            else if (v instanceof Double d) { buffer.putInt(at + 8, 8); buffer.putInt(at + 12, TestUrids.of(Lv2Uri.ATOM_DOUBLE)); buffer.putDouble(at + 16, d); at += 24; }
            else if (v instanceof Float f) { buffer.putInt(at + 8, 4); buffer.putInt(at + 12, TestUrids.of(Lv2Uri.ATOM_FLOAT)); buffer.putFloat(at + 16, f); at += 24; }
            else if (v instanceof Integer n) { buffer.putInt(at + 8, 4); buffer.putInt(at + 12, TestUrids.of(Lv2Uri.ATOM_INT)); buffer.putInt(at + 16, n); at += 24; }
            else throw new IllegalArgumentException("value " + v);
        }
        buffer.putInt(start + 8, at - body);
        return this;
    }

    /** A time:Position as jalv sends it with a JACK timebase master. */
    AtomForge transport(long frame, float speed, long bar, float barBeat, float bpm) {
        return position(frame, Lv2Uri.TIME_FRAME, frame, Lv2Uri.TIME_SPEED, speed, Lv2Uri.TIME_BAR, bar,
                Lv2Uri.TIME_BAR_BEAT, barBeat, Lv2Uri.TIME_BEAT_UNIT, 4, Lv2Uri.TIME_BEATS_PER_BAR, 4f,
                Lv2Uri.TIME_BEATS_PER_MINUTE, bpm);
    }

    AtomForge raw(long frame, int type, int size) {
        event(frame, size, type);
        at += pad(size);
        return this;
    }

    private void event(long frame, int size, int type) {
        buffer.putLong(at, frame);
        buffer.putInt(at + 8, size);
        buffer.putInt(at + 12, type);
        at += 16;
    }

    private static int pad(int n) {
        return (n + 7) & ~7;
    }

    /** Finishes the header; returns the byte length the bridge would pass. */
    int length() {
        buffer.putInt(0, at - 8);
        return at;
    }
}
