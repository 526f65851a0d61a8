package dev.downbeat.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The bit reader against the plainest possible one (a bit index into the array): random mixes of
 * reads of every width, unary runs longer than the 64-bit window, Rice codes on the fast and the
 * slow path, up to the last bit of the data.
 */
class FlacBitReaderTest {
    /** Reads one bit at a time: obviously right, and slow. */
    private static final class PlainReader {
        final byte[] data;
        long bit;

        PlainReader(byte[] data) {
            this.data = data;
        }

        long bits(int n) {
            long v = 0;
            for (int i = 0; i < n; i++) {
                v = (v << 1) | ((data[(int) (bit >> 3)] >> (7 - (bit & 7))) & 1);
                bit++;
            }
            return v;
        }

        long unary() {
            long zeros = 0;
            while (bits(1) == 0) {
                zeros++;
            }
            return zeros;
        }
    }

    @Test
    void matchesABitByBitReaderOverRandomReads() throws Exception {
        Random random = new Random(17);
        for (int trial = 0; trial < 200; trial++) {
            byte[] data = new byte[1 + random.nextInt(300)];
            random.nextBytes(data);
            // long runs of zero bits, so unary codes cross the window
            for (int z = random.nextInt(3); z > 0; z--) {
                int from = random.nextInt(data.length);
                for (int i = from; i < Math.min(data.length, from + 1 + random.nextInt(20)); i++) {
                    data[i] = 0;
                }
            }
            FlacBitReader reader = new FlacBitReader(data, 0);
            PlainReader plain = new PlainReader(data);
            long total = 8L * data.length;
            while (true) {
                int op = random.nextInt(3);
                long left = total - plain.bit;
                if (op == 0) {
                    int n = random.nextInt(58);
                    if (n > left) {
                        break;
                    }
                    assertThat(reader.bits(n)).as("trial %d, %d bits at %d", trial, n, plain.bit).isEqualTo(plain.bits(n));
                } else if (op == 1) {
                    if (!hasOneBit(data, plain.bit)) {
                        break;
                    }
                    assertThat(reader.unary()).as("trial %d, unary at %d", trial, plain.bit).isEqualTo(plain.unary());
                } else {
                    int parameter = random.nextInt(31);
                    int count = 1 + random.nextInt(8);
                    long[] expected = new long[count];
                    long at = plain.bit;
                    boolean fits = true;
                    for (int i = 0; i < count && fits; i++) {
                        if (!hasOneBit(data, plain.bit)) {
                            fits = false;
                            break;
                        }
                        long q = plain.unary();
                        if (total - plain.bit < parameter) {
                            fits = false;
                            break;
                        }
                        long folded = (q << parameter) | plain.bits(parameter);
                        expected[i] = (folded >>> 1) ^ -(folded & 1);
                    }
                    if (!fits) {
                        break;
                    }
                    long[] actual = new long[count];
                    reader.rice(actual, 0, count, parameter);
                    assertThat(actual).as("trial %d, %d Rice codes (parameter %d) at %d", trial, count, parameter, at).containsExactly(expected);
                }
            }
        }
    }

    @Test
    void readingPastTheEndSaysTruncated() throws Exception {
        FlacBitReader reader = new FlacBitReader(new byte[] {(byte) 0xff, 0}, 0);
        assertThat(reader.bits(12)).isEqualTo(0xff0);
        assertThatThrownBy(() -> reader.bits(5)).isInstanceOf(FlacFormatException.class).hasMessageContaining("truncated");
        FlacBitReader zeros = new FlacBitReader(new byte[20], 0);
        assertThatThrownBy(zeros::unary).hasMessageContaining("truncated");
        FlacBitReader rice = new FlacBitReader(new byte[] {0, 0, 0, 1}, 0);
        assertThatThrownBy(() -> rice.rice(new long[2], 0, 2, 3)).hasMessageContaining("truncated");
    }

    private static boolean hasOneBit(byte[] data, long from) {
        for (long b = from; b < 8L * data.length; b++) {
            if (((data[(int) (b >> 3)] >> (7 - (b & 7))) & 1) != 0) {
                return true;
            }
        }
        return false;
    }
}
