package dev.downbeat.dsp;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;

/**
 * Writes FLAC streams by hand for what libFLAC's encoder never produces: residual partitions in
 * escape code (raw bits, including zero-bit partitions) with both Rice parameter sizes, and
 * frames with reserved codes. Mono, 16-bit, 44.1 kHz, FIXED order-2 subframes. The CRCs here are
 * computed bit by bit, independently of the decoder's tables; {@code flac -t} checks the result.
 */
final class HandmadeFlac {
    /** A subframe type the format reserves (0b000010). */
    static final int RESERVED_SUBFRAME_TYPE = 2;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private long bitBuffer;
    private int bitCount;

    private HandmadeFlac() {
    }

    /**
     * The stream of {@code signal} (16-bit values) in blocks of {@code blockSize} (a multiple of 4).
     * Even frames use 4-bit Rice parameters, odd frames 5-bit; in each, partitions 0 and 2 of 4 are
     * escape coded, 1 and 3 Rice coded. {@code badFrame}, if not -1, gets subframe type
     * {@code badType} instead of FIXED.
     */
    static byte[] fixedOrder2(int[] signal, int blockSize, int badFrame, int badType) throws Exception {
        HandmadeFlac w = new HandmadeFlac();
        w.bits(0x664c6143L, 32); // fLaC
        w.bits(1, 1);
        w.bits(0, 7);
        w.bits(34, 24);
        w.bits(blockSize, 16);
        w.bits(blockSize, 16);
        w.bits(0, 24);
        w.bits(0, 24);
        w.bits(44100, 20);
        w.bits(0, 3);
        w.bits(15, 5);
        w.bits(signal.length, 36);
        w.flush();
        w.bytes.write(MessageDigest.getInstance("MD5").digest(FlacTools.pcm(new int[][] {signal}, 16)));
        for (int frame = 0; frame * blockSize < signal.length; frame++) {
            w.frame(signal, frame, blockSize, frame == badFrame ? badType : -1);
        }
        return w.bytes.toByteArray();
    }

    private void frame(int[] signal, int index, int blockSize, int badType) {
        int start = bytes.size();
        bits(0x7ffc, 15);
        bits(0, 1);         // fixed block size
        bits(7, 4);         // block size - 1 follows in 16 bits
        bits(9, 4);         // 44.1 kHz
        bits(0, 4);         // mono
        bits(4, 3);         // 16 bits
        bits(0, 1);
        bits(index, 8);     // frame number (< 128: one byte)
        bits(blockSize - 1, 16);
        flush();
        bits(crc8(bytes.toByteArray(), start), 8);
        int offset = index * blockSize;
        bits(0, 1);
        bits(badType >= 0 ? badType : 8 + 2, 6);
        bits(0, 1);
        bits(signal[offset], 16);
        bits(signal[offset + 1], 16);
        boolean fiveBit = index % 2 == 1;
        bits(fiveBit ? 1 : 0, 2);
        bits(2, 4);         // partition order 2: four partitions
        int partition = blockSize / 4;
        for (int p = 0; p < 4; p++) {
            int from = offset + Math.max(2, p * partition);
            int to = offset + (p + 1) * partition;
            long[] residual = new long[to - from];
            for (int i = from; i < to; i++) {
                residual[i - from] = (long) signal[i] - 2L * signal[i - 1] + signal[i - 2];
            }
            if (p % 2 == 0) {
                int width = signedWidth(residual);
                bits(fiveBit ? 31 : 15, fiveBit ? 5 : 4);
                bits(width, 5);
                for (long r : residual) {
                    bits(r, width);
                }
            } else {
                int k = riceParameter(residual, fiveBit ? 30 : 14);
                bits(k, fiveBit ? 5 : 4);
                for (long r : residual) {
                    long folded = r >= 0 ? 2 * r : -2 * r - 1;
                    for (long q = folded >> k; q > 0; q--) {
                        bits(0, 1);
                    }
                    bits(1, 1);
                    bits(folded, k);
                }
            }
        }
        flush();
        bits(crc16(bytes.toByteArray(), start), 16);
        flush();
    }

    private static int signedWidth(long[] values) {
        int width = 0;
        for (long v : values) {
            if (v != 0) {
                width = Math.max(width, 65 - Long.numberOfLeadingZeros(v < 0 ? ~v : v));
            }
        }
        return width;
    }

    private static int riceParameter(long[] values, int max) {
        long sum = 0;
        for (long v : values) {
            sum += Math.abs(v);
        }
        long mean = Math.max(1, sum / Math.max(1, values.length));
        return Math.min(max, 63 - Long.numberOfLeadingZeros(mean));
    }

    private void bits(long value, int n) {
        for (int i = n - 1; i >= 0; i--) {
            bitBuffer = (bitBuffer << 1) | ((value >>> i) & 1);
            if (++bitCount == 8) {
                bytes.write((int) bitBuffer);
                bitBuffer = 0;
                bitCount = 0;
            }
        }
    }

    /** Pads with zero bits to the next byte boundary. */
    private void flush() {
        while (bitCount != 0) {
            bits(0, 1);
        }
    }

    private static int crc8(byte[] data, int from) {
        int crc = 0;
        for (int i = from; i < data.length; i++) {
            crc ^= data[i] & 0xff;
            for (int b = 0; b < 8; b++) {
                crc = ((crc & 0x80) != 0 ? (crc << 1) ^ 0x07 : crc << 1) & 0xff;
            }
        }
        return crc;
    }

    private static int crc16(byte[] data, int from) {
        int crc = 0;
        for (int i = from; i < data.length; i++) {
            crc ^= (data[i] & 0xff) << 8;
            for (int b = 0; b < 8; b++) {
                crc = ((crc & 0x8000) != 0 ? (crc << 1) ^ 0x8005 : crc << 1) & 0xffff;
            }
        }
        return crc;
    }
}
