package dev.downbeat.model.onnx;

/**
 * Walks the fields of one protobuf message inside a byte array, without copying: just enough of
 * the wire format to find ONNX initializers (varints, fixed 32/64-bit and length-delimited
 * fields; the long-deprecated groups are refused). Owned by the thread that made it.
 */
final class ProtoReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final byte[] buffer;
    private final int end;
    private int position;
    private int fieldNumber;
    private int wireType;
    private long varintValue;
    private int valueStart;
    private int valueLength;

    /** Reads the message in {@code buffer[start, end)}. */
    ProtoReader(byte[] buffer, int start, int end) {
        this.buffer = buffer;
        this.position = start;
        this.end = end;
    }

    /**
     * Moves to the next field; its number, wire type and value are then available.
     *
     * @return false at the end of the message
     * @throws IllegalArgumentException if the bytes are not a well-formed message
     */
    boolean next() {
        if (position >= end) {
            return false;
        }
        long tag = readVarint();
        fieldNumber = (int) (tag >>> 3);
        wireType = (int) (tag & 7);
        if (fieldNumber <= 0) {
            throw malformed("field number " + fieldNumber);
        }
        switch (wireType) {
            case VARINT:
                valueStart = position;
                varintValue = readVarint();
                valueLength = position - valueStart;
                break;
            case FIXED64:
                skipValue(8);
                break;
            case LENGTH_DELIMITED:
                long length = readVarint();
                if (length < 0 || length > end - position) {
                    throw malformed("field " + fieldNumber + " claims " + length + " bytes but " + (end - position) + " remain");
                }
                skipValue((int) length);
                break;
            case FIXED32:
                skipValue(4);
                break;
            default:
                throw malformed("wire type " + wireType + " of field " + fieldNumber);
        }
        return true;
    }

    int fieldNumber() {
        return fieldNumber;
    }

    int wireType() {
        return wireType;
    }

    /** The value of a varint field. */
    long varint() {
        return varintValue;
    }

    /** Offset of the current field's value (for length-delimited fields: after the length). */
    int valueStart() {
        return valueStart;
    }

    /** Byte length of the current field's value. */
    int valueLength() {
        return valueLength;
    }

    /** A reader over the bytes of the current length-delimited field (an embedded message or packed list). */
    ProtoReader embedded() {
        return new ProtoReader(buffer, valueStart, valueStart + valueLength);
    }

    /** The bytes of the current length-delimited field as UTF-8 text. */
    String text() {
        return new String(buffer, valueStart, valueLength, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Reads a varint at the current position of this reader (for packed lists). */
    long readVarint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= end) {
                throw malformed("a number runs past the end of the message");
            }
            byte b = buffer[position++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw malformed("a number is longer than 10 bytes");
    }

    boolean atEnd() {
        return position >= end;
    }

    private void skipValue(int length) {
        if (length > end - position) {
            throw malformed("field " + fieldNumber + " runs past the end of the message");
        }
        valueStart = position;
        valueLength = length;
        position += length;
    }

    private IllegalArgumentException malformed(String what) {
        return new IllegalArgumentException("not a well-formed protobuf message at byte " + position + ": " + what);
    }
}
