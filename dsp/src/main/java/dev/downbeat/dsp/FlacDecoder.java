package dev.downbeat.dsp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Decodes a whole FLAC stream (RFC 9639) held in memory into integer samples: STREAMINFO, frames
 * with their CRC-8 and CRC-16, CONSTANT, VERBATIM, FIXED and LPC subframes, Rice residuals with
 * 4- and 5-bit parameters and escape codes, wasted bits, left/side, side/right and mid/side
 * stereo, 4 to 32 bits per sample, any block size; the STREAMINFO MD5 of the audio is checked.
 * Every departure from the format is a {@link FlacFormatException} saying what and where.
 * One instance decodes one stream, on the calling thread.
 */
final class FlacDecoder {
    private static final int STREAMINFO = 0;
    private static final int INVALID_BLOCK_TYPE = 127;
    private static final int MAX_BLOCK_SIZE = 65535;

    private static final int INDEPENDENT = 0;
    private static final int LEFT_SIDE = 8;
    private static final int SIDE_RIGHT = 9;
    private static final int MID_SIDE = 10;

    private static final VarHandle LITTLE_ENDIAN_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int[] SAMPLE_RATES = {0, 88200, 176400, 192000, 8000, 16000, 22050, 24000, 32000, 44100, 48000, 96000};
    /** Bits per sample by the frame header's 3-bit code; 0 = from STREAMINFO, -1 = reserved. */
    private static final int[] SAMPLE_SIZES = {0, 8, 12, -1, 16, 20, 24, 32};

    private final byte[] data;
    private final int maxSeconds;
    /** {@code maxSeconds} at the stream's rate, known once STREAMINFO is read. */
    private long maxFrames;
    private FlacBitReader in;

    // from STREAMINFO
    private int sampleRate;
    private int channels;
    private int bitsPerSample;
    /** Samples per channel the stream declares; 0 = not known. */
    private long declaredFrames;
    private byte[] declaredMd5;

    private int[][] output;
    private int decodedFrames;
    /** Per channel the current block's subframe, in 64 bits: a side channel of 32-bit audio needs 33. */
    private long[][] subframes = new long[0][];
    private byte[] md5Bytes = new byte[0];
    private final MessageDigest md5;

    private int frameCount;
    private int constantSubframes;
    private int verbatimSubframes;
    private int fixedSubframes;
    private int lpcSubframes;
    private int independentFrames;
    private int leftSideFrames;
    private int sideRightFrames;
    private int midSideFrames;
    private int rice4Partitions;
    private int rice5Partitions;
    private int escapedPartitions;
    private int wastedBitsSubframes;

    private FlacDecoder(byte[] data, int maxSeconds) {
        this.data = data;
        this.maxSeconds = maxSeconds;
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    /**
     * Decodes {@code data}, a complete FLAC file. Streams longer than {@code maxSeconds} are
     * refused before their memory is allocated.
     */
    static FlacAudio decode(byte[] data, int maxSeconds) throws FlacFormatException {
        return new FlacDecoder(data, maxSeconds).decode();
    }

    private FlacAudio decode() throws FlacFormatException {
        int start = skipId3(data);
        if (data.length - start < 4 || data[start] != 'f' || data[start + 1] != 'L' || data[start + 2] != 'a' || data[start + 3] != 'C') {
            throw new FlacFormatException(data.length == 0 ? "is empty (0 bytes), not a FLAC file" : "not a FLAC file (no fLaC marker)");
        }
        int audioStart = readMetadata(start + 4);
        maxFrames = Math.min((long) maxSeconds * sampleRate, Integer.MAX_VALUE - 8);
        if (declaredFrames > maxFrames) {
            throw new FlacFormatException("STREAMINFO declares " + declaredFrames + " samples per channel (" + declaredFrames / sampleRate
                    + " s), longer than the " + maxSeconds + " s accepted");
        }
        output = new int[channels][(int) (declaredFrames > 0 ? declaredFrames : Math.min(maxFrames, 1 << 16))];
        in = new FlacBitReader(data, audioStart);
        while (declaredFrames > 0 ? decodedFrames < declaredFrames : !in.atEnd()) {
            if (in.atEnd()) {
                throw new FlacFormatException("is truncated: STREAMINFO declares " + declaredFrames
                        + " samples per channel, the frames hold " + decodedFrames);
            }
            int frameStart = in.bytePosition();
            try {
                decodeFrame(frameStart);
            } catch (FlacFormatException e) {
                throw new FlacFormatException("frame " + frameCount + " (byte " + frameStart + "): " + e.getMessage());
            }
            frameCount++;
        }
        if (decodedFrames == 0) {
            throw new FlacFormatException("holds no audio (zero samples)");
        }
        checkMd5();
        int[][] samples = output;
        if (samples[0].length != decodedFrames) {
            for (int c = 0; c < channels; c++) {
                samples[c] = Arrays.copyOf(samples[c], decodedFrames);
            }
        }
        return new FlacAudio(sampleRate, bitsPerSample, samples, counts());
    }

    /** Where the stream starts: after an ID3v2 tag, which some taggers put before the fLaC marker. */
    private static int skipId3(byte[] data) {
        if (data.length < 10 || data[0] != 'I' || data[1] != 'D' || data[2] != '3') {
            return 0;
        }
        int size = (data[6] & 0x7f) << 21 | (data[7] & 0x7f) << 14 | (data[8] & 0x7f) << 7 | (data[9] & 0x7f);
        boolean footer = (data[5] & 0x10) != 0;
        long end = 10L + size + (footer ? 10 : 0);
        return (int) Math.min(end, data.length);
    }

    /** Reads the metadata blocks from {@code at}; returns where the first frame starts. */
    private int readMetadata(int at) throws FlacFormatException {
        boolean last = false;
        boolean first = true;
        while (!last) {
            if (data.length - at < 4) {
                throw new FlacFormatException("is truncated inside its metadata (byte " + at + ")");
            }
            last = (data[at] & 0x80) != 0;
            int type = data[at] & 0x7f;
            int length = (data[at + 1] & 0xff) << 16 | (data[at + 2] & 0xff) << 8 | (data[at + 3] & 0xff);
            at += 4;
            if (data.length - at < length) {
                throw new FlacFormatException("is truncated: metadata block of type " + type + " at byte " + (at - 4)
                        + " declares " + length + " bytes, " + (data.length - at) + " remain");
            }
            if (first && type != STREAMINFO) {
                throw new FlacFormatException("the first metadata block is of type " + type + ", not STREAMINFO");
            }
            if (!first && type == STREAMINFO) {
                throw new FlacFormatException("has a second STREAMINFO block at byte " + (at - 4));
            }
            if (type == INVALID_BLOCK_TYPE) {
                throw new FlacFormatException("metadata block at byte " + (at - 4) + " has the invalid type 127");
            }
            if (type == STREAMINFO) {
                readStreamInfo(at, length);
            }
            first = false;
            at += length;
        }
        return at;
    }

    private void readStreamInfo(int at, int length) throws FlacFormatException {
        if (length != 34) {
            throw new FlacFormatException("STREAMINFO is " + length + " bytes long, not 34");
        }
        FlacBitReader info = new FlacBitReader(data, at);
        info.bits(16); // minimum block size: nothing depends on it
        info.bits(16); // maximum block size: each frame header gives its own
        info.bits(24); // minimum frame size
        info.bits(24); // maximum frame size
        sampleRate = (int) info.bits(20);
        channels = (int) info.bits(3) + 1;
        bitsPerSample = (int) info.bits(5) + 1;
        declaredFrames = info.bits(36);
        declaredMd5 = Arrays.copyOfRange(data, at + 18, at + 34);
        if (sampleRate == 0) {
            throw new FlacFormatException("STREAMINFO gives a sample rate of 0 Hz");
        }
        if (bitsPerSample < 4) {
            throw new FlacFormatException("STREAMINFO gives " + bitsPerSample + " bits per sample (the format needs 4 to 32)");
        }
    }

    private void decodeFrame(int frameStart) throws FlacFormatException {
        if (in.bits(15) != 0x7ffc) {
            throw new FlacFormatException("no frame sync code where a frame should start (corrupt or not FLAC audio)");
        }
        in.bit(); // blocking strategy: fixed or variable, the block size code says the size either way
        int blockSizeCode = (int) in.bits(4);
        int sampleRateCode = (int) in.bits(4);
        int channelCode = (int) in.bits(4);
        int sampleSizeCode = (int) in.bits(3);
        int reserved = in.bit();
        codedNumber();
        int blockSize = switch (blockSizeCode) {
            case 0 -> 0; // reserved: refused below, once the CRC-8 says the header is what the encoder wrote
            case 1 -> 192;
            case 2, 3, 4, 5 -> 576 << (blockSizeCode - 2);
            case 6 -> (int) in.bits(8) + 1;
            case 7 -> (int) in.bits(16) + 1;
            default -> 256 << (blockSizeCode - 8);
        };
        int frameRate = switch (sampleRateCode) {
            case 12 -> (int) in.bits(8) * 1000;
            case 13 -> (int) in.bits(16);
            case 14 -> (int) in.bits(16) * 10;
            case 15 -> -1; // invalid: refused below
            default -> sampleRateCode == 0 ? sampleRate : SAMPLE_RATES[sampleRateCode];
        };
        int headerEnd = in.bytePosition();
        int storedCrc8 = (int) in.bits(8);
        int crc8 = FlacCrc.crc8(data, frameStart, headerEnd);
        if (storedCrc8 != crc8) {
            throw new FlacFormatException(String.format("frame header CRC-8 mismatch (stored 0x%02x, computed 0x%02x): the file is corrupt", storedCrc8, crc8));
        }
        if (reserved != 0) {
            throw new FlacFormatException("the frame header's reserved bit is set");
        }
        if (blockSizeCode == 0) {
            throw new FlacFormatException("the frame header uses the reserved block size code 0");
        }
        if (blockSize > MAX_BLOCK_SIZE) {
            throw new FlacFormatException("block size " + blockSize + " exceeds the format's " + MAX_BLOCK_SIZE);
        }
        if (frameRate < 0) {
            throw new FlacFormatException("the frame header uses the invalid sample rate code 15");
        }
        if (frameRate != sampleRate) {
            throw new FlacFormatException("the frame is at " + frameRate + " Hz, STREAMINFO says " + sampleRate + " Hz");
        }
        int sampleSize = SAMPLE_SIZES[sampleSizeCode];
        if (sampleSize < 0) {
            throw new FlacFormatException("the frame header uses the reserved sample size code 3");
        }
        if (sampleSize != 0 && sampleSize != bitsPerSample) {
            throw new FlacFormatException("the frame has " + sampleSize + "-bit samples, STREAMINFO says " + bitsPerSample);
        }
        int assignment;
        int frameChannels;
        if (channelCode < 8) {
            assignment = INDEPENDENT;
            frameChannels = channelCode + 1;
        } else if (channelCode <= MID_SIDE) {
            assignment = channelCode;
            frameChannels = 2;
        } else {
            throw new FlacFormatException("the frame header uses the reserved channel assignment " + channelCode);
        }
        if (frameChannels != channels) {
            throw new FlacFormatException("the frame has " + frameChannels + " channels, STREAMINFO says " + channels);
        }

        ensureCapacity(blockSize);
        for (int c = 0; c < channels; c++) {
            boolean side = (assignment == LEFT_SIDE && c == 1) || (assignment == SIDE_RIGHT && c == 0) || (assignment == MID_SIDE && c == 1);
            try {
                decodeSubframe(subframes[c], blockSize, bitsPerSample + (side ? 1 : 0));
            } catch (FlacFormatException e) {
                throw new FlacFormatException("channel " + c + ": " + e.getMessage());
            }
        }
        if (in.bits(in.bitsToByteBoundary()) != 0) {
            throw new FlacFormatException("the padding after the last subframe is not zero");
        }
        int crcEnd = in.bytePosition();
        int storedCrc16 = (int) in.bits(16);
        int crc16 = FlacCrc.crc16(data, frameStart, crcEnd);
        if (storedCrc16 != crc16) {
            throw new FlacFormatException(String.format("frame CRC-16 mismatch (stored 0x%04x, computed 0x%04x): the file is corrupt", storedCrc16, crc16));
        }
        switch (assignment) {
            case LEFT_SIDE -> leftSideFrames++;
            case SIDE_RIGHT -> sideRightFrames++;
            case MID_SIDE -> midSideFrames++;
            default -> independentFrames++;
        }
        storeBlock(assignment, blockSize);
    }

    /** The frame or sample number, in FLAC's extended UTF-8 coding; only checked for well-formedness. */
    private void codedNumber() throws FlacFormatException {
        int first = (int) in.bits(8);
        int length = Integer.numberOfLeadingZeros(~first << 24);
        if (length == 0) {
            return;
        }
        if (length == 1 || length > 7) {
            throw new FlacFormatException(String.format("malformed frame number (first byte 0x%02x)", first));
        }
        for (int i = 1; i < length; i++) {
            if ((in.bits(8) & 0xc0) != 0x80) {
                throw new FlacFormatException("malformed frame number (a continuation byte is not 10xxxxxx)");
            }
        }
    }

    private void ensureCapacity(int blockSize) throws FlacFormatException {
        if (subframes.length != channels || subframes[0].length < blockSize) {
            subframes = new long[channels][blockSize];
            md5Bytes = new byte[blockSize * channels * ((bitsPerSample + 7) / 8) + 4];
        }
        long needed = (long) decodedFrames + blockSize;
        if (declaredFrames > 0 && needed > declaredFrames) {
            throw new FlacFormatException("the frames hold more than the " + declaredFrames + " samples per channel STREAMINFO declares");
        }
        if (needed > maxFrames) {
            throw new FlacFormatException("the stream is longer than the " + maxSeconds + " s accepted");
        }
        if (needed > output[0].length) {
            int grown = (int) Math.min(maxFrames, Math.max(needed, 2L * output[0].length));
            for (int c = 0; c < channels; c++) {
                output[c] = Arrays.copyOf(output[c], grown);
            }
        }
    }

    private void decodeSubframe(long[] out, int blockSize, int bits) throws FlacFormatException {
        if (in.bit() != 0) {
            throw new FlacFormatException("the subframe's zero bit is set");
        }
        int type = (int) in.bits(6);
        int wasted = 0;
        if (in.bit() == 1) {
            long run = in.unary() + 1;
            if (run >= bits) {
                throw new FlacFormatException(run + " wasted bits in a " + bits + "-bit subframe");
            }
            wasted = (int) run;
            wastedBitsSubframes++;
        }
        int width = bits - wasted;
        if (type == 0) {
            Arrays.fill(out, 0, blockSize, in.signed(width));
            constantSubframes++;
        } else if (type == 1) {
            for (int i = 0; i < blockSize; i++) {
                out[i] = in.signed(width);
            }
            verbatimSubframes++;
        } else if (type >= 8 && type <= 12) {
            decodeFixed(out, blockSize, width, type - 8);
            fixedSubframes++;
        } else if (type >= 32) {
            decodeLpc(out, blockSize, width, type - 31);
            lpcSubframes++;
        } else {
            throw new FlacFormatException("reserved subframe type " + type);
        }
        if (wasted > 0) {
            for (int i = 0; i < blockSize; i++) {
                out[i] <<= wasted;
            }
        }
    }

    private void decodeFixed(long[] out, int blockSize, int width, int order) throws FlacFormatException {
        readWarmUp(out, blockSize, width, order);
        readResidual(out, blockSize, order);
        switch (order) {
            case 1 -> {
                for (int i = 1; i < blockSize; i++) {
                    out[i] += out[i - 1];
                }
            }
            case 2 -> {
                for (int i = 2; i < blockSize; i++) {
                    out[i] += 2 * out[i - 1] - out[i - 2];
                }
            }
            case 3 -> {
                for (int i = 3; i < blockSize; i++) {
                    out[i] += 3 * out[i - 1] - 3 * out[i - 2] + out[i - 3];
                }
            }
            case 4 -> {
                for (int i = 4; i < blockSize; i++) {
                    out[i] += 4 * out[i - 1] - 6 * out[i - 2] + 4 * out[i - 3] - out[i - 4];
                }
            }
            default -> {
                // order 0: the residual is the signal
            }
        }
    }

    private void decodeLpc(long[] out, int blockSize, int width, int order) throws FlacFormatException {
        readWarmUp(out, blockSize, width, order);
        int precision = (int) in.bits(4) + 1;
        if (precision == 16) {
            throw new FlacFormatException("LPC coefficient precision code 15 is invalid");
        }
        int shift = (int) in.signed(5);
        if (shift < 0) {
            throw new FlacFormatException("negative LPC shift " + shift + " is invalid");
        }
        long[] coefficients = new long[order];
        for (int j = 0; j < order; j++) {
            coefficients[j] = in.signed(precision);
        }
        readResidual(out, blockSize, order);
        if (order <= 12) {
            restoreLpcUpTo12(out, blockSize, order, coefficients, shift);
            return;
        }
        for (int i = order; i < blockSize; i++) {
            long sum = 0;
            for (int j = 0; j < order; j++) {
                sum += coefficients[j] * out[i - 1 - j];
            }
            out[i] += sum >> shift;
        }
    }

    /**
     * The predictor for the orders encoders use (flac's levels go up to 12), unrolled like
     * libFLAC's: a fall-through switch instead of an inner loop of unknown length per sample.
     * {@code coefficients[k]} weighs the sample {@code k + 1} back.
     */
    @SuppressWarnings("fallthrough")
    private static void restoreLpcUpTo12(long[] out, int blockSize, int order, long[] coefficients, int shift) {
        long[] q = Arrays.copyOf(coefficients, 12);
        long q1 = q[0], q2 = q[1], q3 = q[2], q4 = q[3], q5 = q[4], q6 = q[5];
        long q7 = q[6], q8 = q[7], q9 = q[8], q10 = q[9], q11 = q[10], q12 = q[11];
        for (int i = order; i < blockSize; i++) {
            long sum = 0;
            switch (order) {
                case 12: sum += q12 * out[i - 12];
                case 11: sum += q11 * out[i - 11];
                case 10: sum += q10 * out[i - 10];
                case 9: sum += q9 * out[i - 9];
                case 8: sum += q8 * out[i - 8];
                case 7: sum += q7 * out[i - 7];
                case 6: sum += q6 * out[i - 6];
                case 5: sum += q5 * out[i - 5];
                case 4: sum += q4 * out[i - 4];
                case 3: sum += q3 * out[i - 3];
                case 2: sum += q2 * out[i - 2];
                default: sum += q1 * out[i - 1];
            }
            out[i] += sum >> shift;
        }
    }

    private void readWarmUp(long[] out, int blockSize, int width, int order) throws FlacFormatException {
        if (order > blockSize) {
            throw new FlacFormatException("predictor order " + order + " exceeds the block size " + blockSize);
        }
        for (int i = 0; i < order; i++) {
            out[i] = in.signed(width);
        }
    }

    private void readResidual(long[] out, int blockSize, int order) throws FlacFormatException {
        int method = (int) in.bits(2);
        if (method > 1) {
            throw new FlacFormatException("reserved residual coding method " + method);
        }
        int parameterBits = method == 0 ? 4 : 5;
        int escape = (1 << parameterBits) - 1;
        int partitionOrder = (int) in.bits(4);
        int partitionSize = blockSize >> partitionOrder;
        if (partitionSize << partitionOrder != blockSize || partitionSize < order) {
            throw new FlacFormatException("partition order " + partitionOrder + " does not fit block size " + blockSize
                    + " with predictor order " + order);
        }
        int at = order;
        for (int p = 0; p < 1 << partitionOrder; p++) {
            int count = p == 0 ? partitionSize - order : partitionSize;
            int parameter = (int) in.bits(parameterBits);
            if (parameter == escape) {
                int width = (int) in.bits(5);
                for (int i = 0; i < count; i++) {
                    out[at + i] = in.signed(width);
                }
                escapedPartitions++;
            } else {
                in.rice(out, at, count, parameter);
                if (method == 0) {
                    rice4Partitions++;
                } else {
                    rice5Partitions++;
                }
            }
            at += count;
        }
    }

    /** Undoes the stereo decorrelation, checks the range, appends the block and feeds the MD5. */
    private void storeBlock(int assignment, int blockSize) throws FlacFormatException {
        long[] first = subframes[0];
        long[] second = channels > 1 ? subframes[1] : first;
        switch (assignment) {
            case LEFT_SIDE -> {
                for (int i = 0; i < blockSize; i++) {
                    second[i] = first[i] - second[i];
                }
            }
            case SIDE_RIGHT -> {
                for (int i = 0; i < blockSize; i++) {
                    first[i] += second[i];
                }
            }
            case MID_SIDE -> {
                for (int i = 0; i < blockSize; i++) {
                    long side = second[i];
                    long mid = (first[i] << 1) | (side & 1);
                    first[i] = (mid + side) >> 1;
                    second[i] = (mid - side) >> 1;
                }
            }
            default -> {
                // independent channels are already the samples
            }
        }
        long min = -(1L << (bitsPerSample - 1));
        long max = (1L << (bitsPerSample - 1)) - 1;
        for (int c = 0; c < channels; c++) {
            long[] block = subframes[c];
            int[] out = output[c];
            for (int i = 0; i < blockSize; i++) {
                long value = block[i];
                if (value < min || value > max) {
                    throw new FlacFormatException("sample " + i + " of channel " + c + " is " + value
                            + ", outside the " + bitsPerSample + "-bit range (corrupt stream)");
                }
                out[decodedFrames + i] = (int) value;
            }
        }
        // the MD5 covers the samples interleaved, little-endian, in whole bytes: each sample is
        // written as 4 bytes and the next one overwrites what lies beyond its width
        int bytesPerSample = (bitsPerSample + 7) / 8;
        int b = 0;
        for (int i = 0; i < blockSize; i++) {
            for (int c = 0; c < channels; c++) {
                LITTLE_ENDIAN_INT.set(md5Bytes, b, (int) subframes[c][i]);
                b += bytesPerSample;
            }
        }
        md5.update(md5Bytes, 0, b);
        decodedFrames += blockSize;
    }

    private void checkMd5() throws FlacFormatException {
        byte[] computed = md5.digest();
        boolean unset = true;
        for (byte x : declaredMd5) {
            unset &= x == 0;
        }
        // an all-zero signature means the encoder did not compute one (RFC 9639, 8.2)
        if (!unset && !MessageDigest.isEqual(computed, declaredMd5)) {
            throw new FlacFormatException("MD5 mismatch: the decoded audio is " + HexFormat.of().formatHex(computed)
                    + ", STREAMINFO says " + HexFormat.of().formatHex(declaredMd5) + " (corrupt file)");
        }
    }

    private FlacCodingCounts counts() {
        return new FlacCodingCounts(frameCount, constantSubframes, verbatimSubframes, fixedSubframes, lpcSubframes,
                independentFrames, leftSideFrames, sideRightFrames, midSideFrames,
                rice4Partitions, rice5Partitions, escapedPartitions, wastedBitsSubframes);
    }
}
