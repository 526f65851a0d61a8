package dev.downbeat.model.magenta;

import static dev.downbeat.model.magenta.DrumKitRnnWeights.ATTENTION_LENGTH;
import static dev.downbeat.model.magenta.DrumKitRnnWeights.INPUT_SIZE;
import static dev.downbeat.model.magenta.DrumKitRnnWeights.LAYERS;
import static dev.downbeat.model.magenta.DrumKitRnnWeights.NUM_CLASSES;
import static dev.downbeat.model.magenta.DrumKitRnnWeights.UNITS;

/**
 * Magenta's drum_kit_rnn step computed straight from the checkpoint tensors, in TensorFlow's
 * layout and in double precision, following {@code tf.contrib.rnn.AttentionCellWrapper} line by
 * line (keys recomputed from the stored outputs every step, as TensorFlow does). It shares no
 * code with the ONNX graph, so agreement between the two checks the weight mapping. Slow and
 * simple on purpose. Owned by one thread.
 */
final class MagentaDrumKitRnn {
    private static final double FORGET_BIAS = 1.0;

    private final DrumKitRnnWeights weights;
    private final boolean attentionBias;
    private final double[][] c = new double[LAYERS][UNITS];
    private final double[][] h = new double[LAYERS][UNITS];
    private double[] attns = new double[UNITS];
    private final double[][] window = new double[ATTENTION_LENGTH][UNITS];

    /** @param attentionBias add {@code attention/bias} to the query (TensorFlow) or not (Magenta.js) */
    MagentaDrumKitRnn(DrumKitRnnWeights weights, boolean attentionBias) {
        this.weights = weights;
        this.attentionBias = attentionBias;
    }

    /** Feeds one input vector (518 values) and returns the logits of the next event. */
    float[] step(float[] input) {
        double[] wrapperInput = new double[INPUT_SIZE + UNITS];
        for (int i = 0; i < INPUT_SIZE; i++) {
            wrapperInput[i] = input[i];
        }
        System.arraycopy(attns, 0, wrapperInput, INPUT_SIZE, UNITS);
        double[] layerInput = dense(wrapperInput, weights.tensor(DrumKitRnnWeights.INPUT_KERNEL),
                weights.tensor(DrumKitRnnWeights.INPUT_BIAS));

        for (int l = 0; l < LAYERS; l++) {
            double[] concat = concat(layerInput, h[l]);
            double[] gates = dense(concat, weights.tensor(DrumKitRnnWeights.cellKernel(l)),
                    weights.tensor(DrumKitRnnWeights.cellBias(l)));
            for (int u = 0; u < UNITS; u++) {
                double i = gates[u];
                double j = gates[UNITS + u];
                double f = gates[2 * UNITS + u];
                double o = gates[3 * UNITS + u];
                c[l][u] = c[l][u] * sigmoid(f + FORGET_BIAS) + sigmoid(i) * Math.tanh(j);
                h[l][u] = Math.tanh(c[l][u]) * sigmoid(o);
            }
            layerInput = h[l].clone();
        }

        double[] stateCat = new double[2 * LAYERS * UNITS];
        for (int l = 0; l < LAYERS; l++) {
            System.arraycopy(c[l], 0, stateCat, 2 * l * UNITS, UNITS);
            System.arraycopy(h[l], 0, stateCat, (2 * l + 1) * UNITS, UNITS);
        }
        double[] query = attentionBias
                ? dense(stateCat, weights.tensor(DrumKitRnnWeights.ATTN_KERNEL), weights.tensor(DrumKitRnnWeights.ATTN_BIAS))
                : dense(stateCat, weights.tensor(DrumKitRnnWeights.ATTN_KERNEL), null);
        attns = attend(query);

        double[] output = dense(concat(h[LAYERS - 1], attns), weights.tensor(DrumKitRnnWeights.OUTPUT_KERNEL),
                weights.tensor(DrumKitRnnWeights.OUTPUT_BIAS));
        for (int k = 0; k + 1 < ATTENTION_LENGTH; k++) {
            System.arraycopy(window[k + 1], 0, window[k], 0, UNITS);
        }
        System.arraycopy(output, 0, window[ATTENTION_LENGTH - 1], 0, UNITS);

        double[] logits = dense(output, weights.tensor(DrumKitRnnWeights.DENSE_WEIGHTS),
                weights.tensor(DrumKitRnnWeights.DENSE_BIASES));
        float[] out = new float[NUM_CLASSES];
        for (int e = 0; e < NUM_CLASSES; e++) {
            out[e] = (float) logits[e];
        }
        return out;
    }

    /** Bahdanau attention over the stored outputs: s_k = v · tanh(W h_k + query), softmax, weighted sum. */
    private double[] attend(double[] query) {
        CheckpointTensor attnW = weights.tensor(DrumKitRnnWeights.ATTN_W);
        CheckpointTensor attnV = weights.tensor(DrumKitRnnWeights.ATTN_V);
        double[] scores = new double[ATTENTION_LENGTH];
        for (int k = 0; k < ATTENTION_LENGTH; k++) {
            double s = 0;
            for (int j = 0; j < UNITS; j++) {
                double feature = 0;
                for (int i = 0; i < UNITS; i++) {
                    feature += window[k][i] * attnW.at(i * UNITS + j);   // [1, 1, in, out] flattened
                }
                s += attnV.at(j) * Math.tanh(feature + query[j]);
            }
            scores[k] = s;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int k = 0; k < ATTENTION_LENGTH; k++) {
            scores[k] = Math.exp(scores[k] - max);
            sum += scores[k];
        }
        double[] read = new double[UNITS];
        for (int k = 0; k < ATTENTION_LENGTH; k++) {
            double a = scores[k] / sum;
            for (int u = 0; u < UNITS; u++) {
                read[u] += a * window[k][u];
            }
        }
        return read;
    }

    /** {@code x @ kernel + bias} with a TensorFlow kernel {@code [in, out]}; no bias when null. */
    private static double[] dense(double[] x, CheckpointTensor kernel, CheckpointTensor bias) {
        int in = kernel.shape()[0];
        int out = kernel.shape()[1];
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            y[o] = bias == null ? 0 : bias.at(o);
        }
        for (int i = 0; i < in; i++) {
            double xi = x[i];
            if (xi == 0) {
                continue;
            }
            int row = i * out;
            for (int o = 0; o < out; o++) {
                y[o] += xi * kernel.at(row + o);
            }
        }
        return y;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] ab = new double[a.length + b.length];
        System.arraycopy(a, 0, ab, 0, a.length);
        System.arraycopy(b, 0, ab, a.length, b.length);
        return ab;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
