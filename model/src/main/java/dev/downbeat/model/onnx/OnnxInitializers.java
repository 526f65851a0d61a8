package dev.downbeat.model.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The weights (graph initializers) of an ONNX model, found by reading the protobuf directly, and
 * a way to write new values into them. Every other byte of the model is kept as it is, so a
 * template graph made by the training script keeps its operators, names and metadata exactly.
 *
 * <p>Only what the ONNX format needs for this is read: {@code ModelProto.graph} (field 7),
 * {@code GraphProto.initializer} (field 5) and in each {@code TensorProto} the dims (1), data type
 * (2), name (8), raw data (9) and data location (14). New values must have the same shape as the
 * old ones, so the raw data keeps its length and is overwritten in place: no enclosing length
 * changes. Pure functions; any thread.
 */
public final class OnnxInitializers {
    /** {@code TensorProto.DataType.FLOAT}. */
    public static final int FLOAT = 1;

    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int TENSOR_DATA_LOCATION = 14;
    private static final int DATA_LOCATION_EXTERNAL = 1;

    /**
     * One initializer as stored in the model bytes.
     *
     * @param rawDataOffset offset of the raw data in the model bytes, -1 if the tensor has none
     *                      (values stored in a typed field, or externally)
     */
    public record Initializer(String name, long[] dims, int dataType, int rawDataOffset, int rawDataLength) {
        public Initializer {
            dims = dims.clone();
        }

        @Override
        public long[] dims() {
            return dims.clone();
        }

        /** Number of elements the dims describe. */
        public long elementCount() {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            return n;
        }
    }

    private OnnxInitializers() {
    }

    /**
     * The initializers of a model, by name, in file order.
     *
     * @throws IllegalArgumentException if the bytes are not a well-formed ONNX model or it has no graph
     */
    public static Map<String, Initializer> read(byte[] model) {
        Map<String, Initializer> found = new LinkedHashMap<>();
        ProtoReader modelFields = new ProtoReader(model, 0, model.length);
        boolean sawGraph = false;
        while (modelFields.next()) {
            if (modelFields.fieldNumber() == MODEL_GRAPH && modelFields.wireType() == ProtoReader.LENGTH_DELIMITED) {
                sawGraph = true;
                ProtoReader graphFields = modelFields.embedded();
                while (graphFields.next()) {
                    if (graphFields.fieldNumber() == GRAPH_INITIALIZER
                            && graphFields.wireType() == ProtoReader.LENGTH_DELIMITED) {
                        Initializer tensor = tensor(graphFields.embedded());
                        found.put(tensor.name(), tensor);
                    }
                }
            }
        }
        if (!sawGraph) {
            throw new IllegalArgumentException("not an ONNX model: it has no graph");
        }
        return found;
    }

    private static Initializer tensor(ProtoReader fields) {
        long[] dims = new long[0];
        int dataType = 0;
        String name = "";
        int rawOffset = -1;
        int rawLength = 0;
        boolean external = false;
        while (fields.next()) {
            switch (fields.fieldNumber()) {
                case TENSOR_DIMS:
                    if (fields.wireType() == ProtoReader.VARINT) {
                        dims = append(dims, fields.varint());
                    } else if (fields.wireType() == ProtoReader.LENGTH_DELIMITED) {
                        ProtoReader packed = fields.embedded();
                        while (!packed.atEnd()) {
                            dims = append(dims, packed.readVarint());
                        }
                    }
                    break;
                case TENSOR_DATA_TYPE:
                    dataType = (int) fields.varint();
                    break;
                case TENSOR_NAME:
                    name = fields.text();
                    break;
                case TENSOR_RAW_DATA:
                    rawOffset = fields.valueStart();
                    rawLength = fields.valueLength();
                    break;
                case TENSOR_DATA_LOCATION:
                    external = fields.varint() == DATA_LOCATION_EXTERNAL;
                    break;
                default:
                    break;
            }
        }
        return new Initializer(name, dims, dataType, external ? -1 : rawOffset, external ? 0 : rawLength);
    }

    private static long[] append(long[] dims, long value) {
        long[] longer = Arrays.copyOf(dims, dims.length + 1);
        longer[dims.length] = value;
        return longer;
    }

    /**
     * A copy of {@code model} with new values for some float initializers.
     *
     * @param values by initializer name, each exactly as many floats as the initializer holds, in
     *               ONNX (row-major) order
     * @throws IllegalArgumentException naming the initializer that is missing, not float, not
     *                                  stored as raw data, or of another size
     */
    public static byte[] withFloats(byte[] model, Map<String, float[]> values) {
        Map<String, Initializer> initializers = read(model);
        byte[] out = model.clone();
        for (Map.Entry<String, float[]> entry : values.entrySet()) {
            Initializer target = initializers.get(entry.getKey());
            if (target == null) {
                throw new IllegalArgumentException("the ONNX template has no initializer \"" + entry.getKey() + "\"");
            }
            if (target.dataType() != FLOAT) {
                throw new IllegalArgumentException("initializer \"" + target.name() + "\" has data type " + target.dataType()
                        + ", not FLOAT");
            }
            if (target.rawDataOffset() < 0) {
                throw new IllegalArgumentException("initializer \"" + target.name() + "\" keeps its values outside raw_data");
            }
            float[] floats = entry.getValue();
            if ((long) floats.length != target.elementCount() || floats.length * 4L != target.rawDataLength()) {
                throw new IllegalArgumentException("initializer \"" + target.name() + "\" holds " + target.elementCount()
                        + " floats " + Arrays.toString(target.dims()) + ", not " + floats.length);
            }
            ByteBuffer.wrap(out, target.rawDataOffset(), target.rawDataLength()).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer().put(floats);
        }
        return out;
    }

    /** The values of a float initializer stored as raw data. */
    public static float[] floats(byte[] model, Initializer initializer) {
        if (initializer.dataType() != FLOAT || initializer.rawDataOffset() < 0) {
            throw new IllegalArgumentException("initializer \"" + initializer.name() + "\" is not a raw FLOAT tensor");
        }
        float[] values = new float[initializer.rawDataLength() / 4];
        ByteBuffer.wrap(model, initializer.rawDataOffset(), initializer.rawDataLength()).order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer().get(values);
        return values;
    }
}
