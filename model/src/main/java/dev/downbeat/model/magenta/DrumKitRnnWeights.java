package dev.downbeat.model.magenta;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of Magenta's {@code drum_kit_rnn} (3 BasicLSTMCells of 256 units in an
 * AttentionCellWrapper over 32 steps, then a dense layer to 512 events), checked by name and shape,
 * in TensorFlow's layout, and their mapping onto Downbeat's graph.
 *
 * <p>The mapping, tensor by tensor (TensorFlow kernels are {@code [in, out]}, Downbeat's graph
 * keeps PyTorch's {@code [out, in]}, so every kernel is transposed):
 * <ul>
 * <li>{@code attention_cell_wrapper/kernel, bias} (input projection of {@code [inputs, attns]}) →
 *     {@code linear1};</li>
 * <li>{@code multi_rnn_cell/cell_l/basic_lstm_cell/kernel, bias} → {@code cells.l}; both order the
 *     gates i, j, f, o and add the forget bias 1.0 outside the weights, so gates map as they are;</li>
 * <li>{@code attention/attn_w} is a 1×1 convolution {@code [1, 1, 256, 256]} (HWIO), that is a
 *     matrix applied as {@code h @ W}, which is how the graph computes its keys: reshaped, not
 *     transposed;</li>
 * <li>{@code attention/attn_v} → {@code attn_v};</li>
 * <li>{@code attention/kernel, bias} (the query from {@code concat(c0, h0, c1, h1, c2, h2)}, the
 *     same order in TensorFlow, Magenta.js and the graph) → {@code linear3};</li>
 * <li>{@code attention_output_projection/kernel, bias} (on {@code [cell output, attns]}) →
 *     {@code linear2};</li>
 * <li>{@code fully_connected/weights, biases} → {@code dense}.</li>
 * </ul>
 * Magenta.js computes the attention query without {@code attention/bias} (it loads it and never
 * adds it); TensorFlow, which trained the checkpoint, adds it. {@link #toDownbeat} follows either.
 * Immutable; any thread.
 */
public final class DrumKitRnnWeights {
    static final int UNITS = 256;
    static final int LAYERS = 3;
    static final int INPUT_SIZE = 518;
    static final int NUM_CLASSES = 512;
    static final int ATTENTION_LENGTH = 32;

    static final String WRAPPER = "rnn/attention_cell_wrapper/";
    static final String INPUT_KERNEL = WRAPPER + "kernel";
    static final String INPUT_BIAS = WRAPPER + "bias";
    static final String ATTN_W = WRAPPER + "attention/attn_w";
    static final String ATTN_V = WRAPPER + "attention/attn_v";
    static final String ATTN_KERNEL = WRAPPER + "attention/kernel";
    static final String ATTN_BIAS = WRAPPER + "attention/bias";
    static final String OUTPUT_KERNEL = WRAPPER + "attention_output_projection/kernel";
    static final String OUTPUT_BIAS = WRAPPER + "attention_output_projection/bias";
    static final String DENSE_WEIGHTS = "fully_connected/weights";
    static final String DENSE_BIASES = "fully_connected/biases";

    /** The kernel of LSTM layer {@code l}. */
    static String cellKernel(int l) {
        return WRAPPER + "multi_rnn_cell/cell_" + l + "/basic_lstm_cell/kernel";
    }

    /** The bias of LSTM layer {@code l}. */
    static String cellBias(int l) {
        return WRAPPER + "multi_rnn_cell/cell_" + l + "/basic_lstm_cell/bias";
    }

    /** Every tensor drum_kit_rnn needs, with its TensorFlow shape, in the order a checkpoint lists them. */
    static Map<String, int[]> expectedShapes() {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        shapes.put(INPUT_KERNEL, new int[] {INPUT_SIZE + UNITS, INPUT_SIZE});
        shapes.put(INPUT_BIAS, new int[] {INPUT_SIZE});
        for (int l = 0; l < LAYERS; l++) {
            shapes.put(cellKernel(l), new int[] {(l == 0 ? INPUT_SIZE : UNITS) + UNITS, 4 * UNITS});
            shapes.put(cellBias(l), new int[] {4 * UNITS});
        }
        shapes.put(ATTN_W, new int[] {1, 1, UNITS, UNITS});
        shapes.put(ATTN_V, new int[] {UNITS});
        shapes.put(ATTN_KERNEL, new int[] {2 * LAYERS * UNITS, UNITS});
        shapes.put(ATTN_BIAS, new int[] {UNITS});
        shapes.put(OUTPUT_KERNEL, new int[] {2 * UNITS, UNITS});
        shapes.put(OUTPUT_BIAS, new int[] {UNITS});
        shapes.put(DENSE_WEIGHTS, new int[] {UNITS, NUM_CLASSES});
        shapes.put(DENSE_BIASES, new int[] {NUM_CLASSES});
        return shapes;
    }

    private final Map<String, CheckpointTensor> tensors;

    private DrumKitRnnWeights(Map<String, CheckpointTensor> tensors) {
        this.tensors = tensors;
    }

    /**
     * Picks and checks drum_kit_rnn's tensors; other tensors in the checkpoint are ignored.
     *
     * @throws ImportException listing every missing tensor, every wrong shape, and any
     *                         non-finite value, or saying how the network differs from drum_kit_rnn
     */
    public static DrumKitRnnWeights from(Map<String, CheckpointTensor> checkpoint) throws ImportException {
        if (!checkpoint.containsKey(INPUT_KERNEL) && checkpoint.containsKey("rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel")) {
            throw new ImportException("the checkpoint has no attention wrapper (its LSTM weights sit under rnn/multi_rnn_cell/), "
                    + "but Downbeat's graph is drum_kit_rnn with attention over " + ATTENTION_LENGTH + " steps");
        }
        if (checkpoint.containsKey(cellKernel(LAYERS))) {
            int layers = LAYERS;
            while (checkpoint.containsKey(cellKernel(layers))) {
                layers++;
            }
            throw new ImportException("the checkpoint has " + layers + " LSTM layers, but drum_kit_rnn (and Downbeat's graph) has "
                    + LAYERS);
        }
        List<String> missing = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        Map<String, CheckpointTensor> picked = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> expected : expectedShapes().entrySet()) {
            CheckpointTensor tensor = checkpoint.get(expected.getKey());
            if (tensor == null) {
                missing.add(expected.getKey() + " " + Arrays.toString(expected.getValue()));
            } else if (!Arrays.equals(tensor.shape(), expected.getValue())) {
                wrong.add(expected.getKey() + " is " + Arrays.toString(tensor.shape()) + ", expected "
                        + Arrays.toString(expected.getValue()));
            } else {
                picked.put(expected.getKey(), tensor);
            }
        }
        if (!missing.isEmpty() || !wrong.isEmpty()) {
            StringBuilder message = new StringBuilder("the checkpoint is not a complete drum_kit_rnn:");
            if (!missing.isEmpty()) {
                message.append(" missing ").append(String.join(", ", missing)).append(';');
            }
            if (!wrong.isEmpty()) {
                message.append(" wrong shape: ").append(String.join("; ", wrong)).append(';');
            }
            message.setLength(message.length() - 1);
            throw new ImportException(message.toString());
        }
        for (CheckpointTensor tensor : picked.values()) {
            for (int i = 0; i < CheckpointTensor.elementCount(tensor.shape()); i++) {
                if (!Float.isFinite(tensor.at(i))) {
                    throw new ImportException("the checkpoint's " + tensor.name() + " holds " + tensor.at(i) + " at element " + i
                            + ": the weights are corrupt");
                }
            }
        }
        return new DrumKitRnnWeights(picked);
    }

    /** A checked tensor by its Magenta name. */
    CheckpointTensor tensor(String name) {
        CheckpointTensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException("not a drum_kit_rnn tensor: " + name);
        }
        return tensor;
    }

    /**
     * The values of every initializer of Downbeat's graph, named as in {@code drum_rnn.onnx}.
     *
     * @param attentionBias true to add {@code attention/bias} to the query as TensorFlow does;
     *                      false to leave it out as Magenta.js does
     */
    public Map<String, float[]> toDownbeat(boolean attentionBias) {
        Map<String, float[]> out = new LinkedHashMap<>();
        out.put("model.attn_w", tensor(ATTN_W).values());
        out.put("model.attn_v", tensor(ATTN_V).values());
        out.put("model.linear1.weight", transposed(tensor(INPUT_KERNEL)));
        out.put("model.linear1.bias", tensor(INPUT_BIAS).values());
        for (int l = 0; l < LAYERS; l++) {
            out.put("model.cells." + l + ".weight", transposed(tensor(cellKernel(l))));
            out.put("model.cells." + l + ".bias", tensor(cellBias(l)).values());
        }
        out.put("model.linear3.weight", transposed(tensor(ATTN_KERNEL)));
        out.put("model.linear3.bias", attentionBias ? tensor(ATTN_BIAS).values() : new float[UNITS]);
        out.put("model.linear2.weight", transposed(tensor(OUTPUT_KERNEL)));
        out.put("model.linear2.bias", tensor(OUTPUT_BIAS).values());
        out.put("model.dense.weight", transposed(tensor(DENSE_WEIGHTS)));
        out.put("model.dense.bias", tensor(DENSE_BIASES).values());
        return out;
    }

    /** Whether the checkpoint's attention bias is all zeros (then both conventions agree). */
    public boolean attentionBiasIsZero() {
        CheckpointTensor bias = tensor(ATTN_BIAS);
        for (int i = 0; i < UNITS; i++) {
            if (bias.at(i) != 0f) {
                return false;
            }
        }
        return true;
    }

    /** A TensorFlow kernel {@code [in, out]} as a PyTorch weight {@code [out, in]}, row-major. */
    private static float[] transposed(CheckpointTensor kernel) {
        int[] shape = kernel.shape();
        int in = shape[0];
        int out = shape[1];
        float[] t = new float[in * out];
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                t[o * in + i] = kernel.at(i, o);
            }
        }
        return t;
    }
}
