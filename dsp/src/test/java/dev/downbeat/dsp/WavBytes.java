package dev.downbeat.dsp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Hand-made WAV files, including broken ones, for the bad-input tests. */
final class WavBytes {
    private WavBytes() {
    }

    /** A WAV file: format tag 1 (PCM) or 3 (float), {@code data} already encoded. */
    static byte[] wav(int formatTag, int channels, int rate, int bits, byte[] data, int declaredDataBytes) {
        ByteBuffer b = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + declaredDataBytes).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) formatTag).putShort((short) channels).putInt(rate);
        int blockAlign = channels * bits / 8;
        b.putInt(rate * blockAlign).putShort((short) blockAlign).putShort((short) bits);
        b.put("data".getBytes()).putInt(declaredDataBytes).put(data);
        return b.array();
    }

    static byte[] floats(float... samples) {
        ByteBuffer b = ByteBuffer.allocate(4 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float s : samples) {
            b.putFloat(s);
        }
        return b.array();
    }

    static byte[] pcm16(short... samples) {
        ByteBuffer b = ByteBuffer.allocate(2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }
}
