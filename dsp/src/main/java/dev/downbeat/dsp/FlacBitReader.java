package dev.downbeat.dsp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads a FLAC stream bit by bit, most significant bit first, from a byte array. A 64-bit window
 * holds the next bits so that most reads touch no array at all. Owned by the decoding thread.
 */
final class FlacBitReader {
    private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] data;
    /** Index of the next byte to move into the window. */
    private int next;
    /** The unread bits, left-aligned; the bits below the {@code available} ones are always zero. */
    private long window;
    private int available;

    FlacBitReader(byte[] data, int start) {
        this.data = data;
        this.next = start;
    }

    /** The index of the next unread byte; only meaningful on a byte boundary. */
    int bytePosition() {
        return next - available / 8;
    }

    /** How many bits are left before the next byte boundary (FLAC pads a frame's end with zeros to one). */
    int bitsToByteBoundary() {
        return available % 8;
    }

    boolean atEnd() {
        return available == 0 && next >= data.length;
    }

    private void refill() {
        int take = (64 - available) >> 3;
        if (take > 0 && next + 8 <= data.length) {
            // whole bytes only: the bits of a byte that does not fit stay out of the window
            long chunk = (long) BIG_ENDIAN_LONG.get(data, next);
            window |= (chunk >>> available) & (-1L << (64 - available - 8 * take));
            next += take;
            available += 8 * take;
            return;
        }
        while (available <= 56 && next < data.length) {
            window |= (data[next++] & 0xffL) << (56 - available);
            available += 8;
        }
    }

    /** The next {@code n} bits (0..57) as an unsigned number. */
    long bits(int n) throws FlacFormatException {
        if (n == 0) {
            return 0;
        }
        if (available < n) {
            refill();
            if (available < n) {
                throw endOfData();
            }
        }
        long value = window >>> (64 - n);
        window <<= n;
        available -= n;
        return value;
    }

    int bit() throws FlacFormatException {
        return (int) bits(1);
    }

    /** The next {@code n} bits (0..57) as a two's-complement number. */
    long signed(int n) throws FlacFormatException {
        if (n == 0) {
            return 0;
        }
        long value = bits(n);
        return (value << (64 - n)) >> (64 - n);
    }

    /** Counts zero bits up to and including the next one bit; returns the count of zeros. */
    long unary() throws FlacFormatException {
        long zeros = 0;
        while (true) {
            if (available == 0) {
                refill();
                if (available == 0) {
                    throw endOfData();
                }
            }
            int leading = Long.numberOfLeadingZeros(window);
            if (leading < available) {
                // two shifts: a shift by 64 would be a shift by 0 in Java
                window = window << leading << 1;
                available -= leading + 1;
                return zeros + leading;
            }
            zeros += available;
            window = 0;
            available = 0;
        }
    }

    /**
     * Reads {@code count} Rice-coded residuals with parameter {@code parameter} (0..30) into
     * {@code out[from ..]}, zigzag-decoded to signed values. The hot loop of decoding: a code that
     * lies wholly in the window is taken in one step.
     */
    void rice(long[] out, int from, int count, int parameter) throws FlacFormatException {
        // the window in locals for the loop: the fields are written back around the slow path
        long bits = window;
        int have = available;
        int at = next;
        int safeEnd = data.length - 8;
        for (int i = from, end = from + count; i < end; i++) {
            if (have < 40 && at <= safeEnd) { // most codes are shorter: refill once every few codes
                int take = (64 - have) >> 3;
                bits |= ((long) BIG_ENDIAN_LONG.get(data, at) >>> have) & (-1L << (64 - have - 8 * take));
                at += take;
                have += 8 * take;
            }
            int leading = Long.numberOfLeadingZeros(bits);
            long folded;
            if (leading + 1 + parameter <= have) {
                long rest = bits << leading << 1;
                // (rest >>> 1) >>> (63 - p) is rest >>> (64 - p), and 0 for p = 0
                folded = ((long) leading << parameter) | ((rest >>> 1) >>> (63 - parameter));
                bits = rest << parameter;
                have -= leading + 1 + parameter;
            } else {
                window = bits;
                available = have;
                next = at;
                folded = (unary() << parameter) | bits(parameter);
                bits = window;
                have = available;
                at = next;
            }
            out[i] = (folded >>> 1) ^ -(folded & 1);
        }
        window = bits;
        available = have;
        next = at;
    }

    private FlacFormatException endOfData() {
        return new FlacFormatException("the file ends in the middle of a frame (truncated)");
    }
}
