package dev.downbeat.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Scores many windows at once: up to {@code batch} windows run side by side through the
 * batch dimension of the step graph, which turns the weight-bound matrix-vector products of
 * one step into matrix products. Same arithmetic as {@link DrumGenerator} one window at a time.
 * Owned by the calling thread.
 */
final class BatchScorer {
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final ModelSpec spec;
    private final int batch;

    BatchScorer(DrumModel model, int batch) {
        this.environment = model.environment();
        this.session = model.session();
        this.spec = model.spec();
        this.batch = batch;
    }

    /** Mean NLL (nats/step) of every prediction in the windows. */
    double nll(List<int[]> windows, IntConsumer progress) {
        // Longest first, so each batch pads little; ties keep file order (deterministic).
        List<int[]> order = new ArrayList<>(windows);
        order.sort(Comparator.comparingInt((int[] w) -> -w.length));
        double sum = 0;
        long count = 0;
        for (int from = 0; from < order.size(); from += batch) {
            List<int[]> group = order.subList(from, Math.min(order.size(), from + batch));
            double[] groupSum = new double[1];
            count += score(group, groupSum);
            sum += groupSum[0];
            progress.accept(from + group.size());
        }
        return sum / count;
    }

    private long score(List<int[]> group, double[] sum) {
        int rows = group.size();
        int steps = group.get(0).length - 1;
        int in = DrumEncoding.INPUT_SIZE;
        int classes = DrumEncoding.EVENT_COUNT;
        FloatBuffer input = direct(rows * in);
        FloatBuffer logits = direct(rows * classes);
        FloatBuffer[] states = {direct(rows * spec.stateSize()), direct(rows * spec.stateSize())};
        float[] row = new float[classes];
        float[] encoded = new float[in];
        long count = 0;
        try (OnnxTensor inputTensor = OnnxTensor.createTensor(environment, input, new long[] {rows, in});
             OnnxTensor logitsTensor = OnnxTensor.createTensor(environment, logits, new long[] {rows, classes});
             OnnxTensor state0 = OnnxTensor.createTensor(environment, states[0], new long[] {rows, spec.stateSize()});
             OnnxTensor state1 = OnnxTensor.createTensor(environment, states[1], new long[] {rows, spec.stateSize()})) {
            OnnxTensor[] stateTensors = {state0, state1};
            int current = 0;
            for (int t = 0; t < steps; t++) {
                for (int r = 0; r < rows; r++) {
                    int[] w = group.get(r);
                    // Finished windows are fed rests; their outputs are ignored.
                    DrumEncoding.encodeInput(t + 1 < w.length ? w[t] : 0, t, encoded, 0);
                    input.put(r * in, encoded);
                }
                try (OrtSession.Result ignored = session.run(
                        Map.of(spec.inputName(), inputTensor, spec.stateName(), stateTensors[current]),
                        Map.of(spec.logitsName(), logitsTensor, spec.stateOutName(), stateTensors[1 - current]))) {
                    current = 1 - current;
                }
                for (int r = 0; r < rows; r++) {
                    int[] w = group.get(r);
                    if (t + 1 < w.length) {
                        logits.get(r * classes, row);
                        sum[0] -= StepSampler.logProbability(row, w[t + 1]);
                        count++;
                    }
                }
            }
        } catch (OrtException failed) {
            throw new IllegalStateException("the drum model failed while scoring: " + failed.getMessage(), failed);
        }
        return count;
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
