package dev.downbeat.dsp;

/** The two checksums of FLAC frames: CRC-8 (polynomial 0x07) on headers and CRC-16 (0x8005) on whole frames. */
final class FlacCrc {
    private static final int[] CRC8 = table(0x07, 8);
    private static final int[] CRC16 = table(0x8005, 16);

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
        for (int i = from; i < to; i++) {
            crc = ((crc << 8) ^ CRC16[((crc >>> 8) ^ data[i]) & 0xff]) & 0xffff;
        }
        return crc;
    }
}
