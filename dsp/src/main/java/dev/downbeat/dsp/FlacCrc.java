package dev.downbeat.dsp;

/** The two checksums of FLAC frames: CRC-8 (polynomial 0x07) on headers and CRC-16 (0x8005) on whole frames. */
final class FlacCrc {
    private static final int[] CRC8 = table(0x07, 8);
    private static final int[] CRC16 = table(0x8005, 16);
    /** The CRC-16 of byte x followed by a zero byte. */
    private static final int[] CRC16_TWO_BYTES = new int[256];

    static {
        for (int x = 0; x < 256; x++) {
            CRC16_TWO_BYTES[x] = ((CRC16[x] & 0xff) << 8) ^ CRC16[CRC16[x] >>> 8];
        }
    }

    private FlacCrc() {
    }

    private static int[] table(int polynomial, int width) {
        int top = 1 << (width - 1);
        int mask = (1 << width) - 1;
        int[] table = new int[256];
        for (int b = 0; b < 256; b++) {
            int crc = b << (width - 8);
            for (int i = 0; i < 8; i++) {
                crc = (crc & top) != 0 ? (crc << 1) ^ polynomial : crc << 1;
            }
            table[b] = crc & mask;
        }
        return table;
    }

    static int crc8(byte[] data, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc = CRC8[(crc ^ data[i]) & 0xff];
        }
        return crc;
    }

    static int crc16(byte[] data, int from, int to) {
        int crc = 0;
        int i = from;
        // two bytes a step, two independent look-ups: the CRC is linear, so the high byte's share
        // (its table entry pushed through one more zero byte) and the low byte's simply add
        for (; i + 1 < to; i += 2) {
            crc = CRC16_TWO_BYTES[((crc >>> 8) ^ data[i]) & 0xff] ^ CRC16[(crc ^ data[i + 1]) & 0xff];
        }
        for (; i < to; i++) {
            crc = ((crc << 8) ^ CRC16[((crc >>> 8) ^ data[i]) & 0xff]) & 0xffff;
        }
        return crc;
    }
}
