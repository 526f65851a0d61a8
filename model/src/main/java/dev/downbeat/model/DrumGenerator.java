package dev.downbeat.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Runs the drum model step by step: feed an event, read the logits of the next step, sample,
 * feed the sample, and so on. Logits are kept apart from sampling so a caller can re-sample
 * the same step at another temperature without running the network again.
 *
 * <p>All buffers and ONNX tensors are made once in the constructor. Each step writes the input
 * in place and lets ONNX Runtime write logits and the new state straight into pinned output
 * tensors; the state ping-pongs between two buffers. What remains per step is ONNX Runtime's
 * own small bookkeeping (measured in {@code DrumGeneratorTest} and {@code docs/benchmarks.md}).
 *
 * <p>Owned by one thread at a time (a worker, never the audio thread: a step takes about a
 * millisecond). Not thread-safe.
 */
public final class DrumGenerator implements AutoCloseable {
    private final OrtSession session;
    private final int stateSize;
    private final FloatBuffer input;
    private final FloatBuffer logitsOut;
    private final FloatBuffer[] states = new FloatBuffer[2];
    private final OnnxTensor inputTensor;
    private final OnnxTensor logitsTensor;
    private final OnnxTensor[] stateTensors = new OnnxTensor[2];
    // runInputs[k] reads state k, runOutputs[k] writes state 1-k.
    private final Map<String, OnnxTensor>[] runInputs;
    private final Map<String, OnnxTensor>[] runOutputs;
    private final float[] logits = new float[DrumEncoding.EVENT_COUNT];
    private final float[] zeros;
    private int current;
    private int position;
    private int hotIndex;
    private boolean primed;

    @SuppressWarnings("unchecked")
    DrumGenerator(OrtEnvironment environment, OrtSession session, ModelSpec spec) throws OrtException {
        this.session = session;
        this.stateSize = spec.stateSize();
        this.zeros = new float[stateSize];
        input = direct(DrumEncoding.INPUT_SIZE);
        logitsOut = direct(DrumEncoding.EVENT_COUNT);
        states[0] = direct(stateSize);
        states[1] = direct(stateSize);
        inputTensor = OnnxTensor.createTensor(environment, input, new long[] {1, DrumEncoding.INPUT_SIZE});
        logitsTensor = OnnxTensor.createTensor(environment, logitsOut, new long[] {1, DrumEncoding.EVENT_COUNT});
        stateTensors[0] = OnnxTensor.createTensor(environment, states[0], new long[] {1, stateSize});
        stateTensors[1] = OnnxTensor.createTensor(environment, states[1], new long[] {1, stateSize});
        runInputs = new Map[2];
        runOutputs = new Map[2];
        for (int k = 0; k < 2; k++) {
            runInputs[k] = Map.of(spec.inputName(), inputTensor, spec.stateName(), stateTensors[k]);
            runOutputs[k] = Map.of(spec.logitsName(), logitsTensor, spec.stateOutName(), stateTensors[1 - k]);
        }
        reset();
    }

    private static FloatBuffer direct(int floats) {
        // Direct and in native order: ONNX Runtime then reads and writes this memory in place.
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Back to the start of a sequence: zero state, position 0, no logits yet. */
    public void reset() {
        states[0].put(0, zeros);
        current = 0;
        position = 0;
        primed = false;
    }

    /**
     * Feeds the event of the current step and runs the network once; afterwards
     * {@link #logits} predict the following step.
     *
     * @throws IllegalArgumentException for an event outside 0..511
     * @throws IllegalStateException if ONNX Runtime fails (message says on which step)
     */
    public void feed(int event) {
        DrumEncoding.checkEvent(event);
        input.put(hotIndex, 0f);
        input.put(event, 1f);
        hotIndex = event;
        int next = position + 1;
        for (int b = 0; b < DrumEncoding.COUNTER_BITS; b++) {
            input.put(DrumEncoding.EVENT_COUNT + b, ((next >> b) & 1) == 1 ? 1f : -1f);
        }
        try (OrtSession.Result ignored = session.run(runInputs[current], runOutputs[current])) {
            current = 1 - current;
        } catch (OrtException failed) {
            throw new IllegalStateException("the drum model failed on step " + position + ": " + failed.getMessage(), failed);
        }
        logitsOut.get(0, logits);
        position++;
        primed = true;
    }

    /** Feeds every event of a pattern in order (typically the seed, after {@link #reset}). */
    public void feedAll(DrumPattern pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            feed(pattern.event(i));
        }
    }

    /**
     * Copies the logits of the next step (512 unnormalized log-probabilities) into {@code out}.
     *
     * @throws IllegalStateException before the first {@link #feed}
     */
    public void logits(float[] out) {
        logits(out, 0);
    }

    /**
     * Copies the logits of the next step into {@code out[offset .. offset+512)}, e.g. one row of
     * a caller's per-step cache for re-sampling at another temperature later.
     *
     * @throws IllegalStateException before the first {@link #feed}
     */
    public void logits(float[] out, int offset) {
        requirePrimed();
        System.arraycopy(logits, 0, out, offset, logits.length);
    }

    /**
     * Samples the next step from the current logits, feeds it, and returns it.
     *
     * @throws IllegalStateException before the first {@link #feed}
     */
    public int sampleAndFeed(StepSampler sampler) {
        requirePrimed();
        int event = sampler.sample(logits);
        feed(event);
        return event;
    }

    /**
     * Starts over, feeds {@code seed}, and samples {@code steps} further steps.
     *
     * @return the seed followed by the continuation ({@code seedLength} = the seed's length)
     * @throws IllegalArgumentException for an empty seed or negative steps
     */
    public DrumPattern continueSeed(DrumPattern seed, int steps, StepSampler sampler) {
        if (seed.length() == 0) {
            throw new IllegalArgumentException("the seed needs at least one step");
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be 0 or more, got " + steps);
        }
        reset();
        feedAll(seed);
        int[] continuation = new int[steps];
        for (int i = 0; i < steps; i++) {
            continuation[i] = sampleAndFeed(sampler);
        }
        return seed.asSeed().append(continuation);
    }

    /** Steps fed since the last {@link #reset}. */
    public int position() {
        return position;
    }

    /** Copies the current position (state, step index, logits) so it can be {@link #restore}d. */
    public GeneratorSnapshot snapshot() {
        float[] state = new float[stateSize];
        states[current].get(0, state);
        return new GeneratorSnapshot(state, logits.clone(), position, primed);
    }

    /**
     * Returns to a position taken by {@link #snapshot} of a generator of the same model.
     *
     * @throws IllegalArgumentException for a snapshot of a different state size
     */
    public void restore(GeneratorSnapshot snapshot) {
        if (snapshot.stateView().length != stateSize) {
            throw new IllegalArgumentException("snapshot of a model with state size " + snapshot.stateView().length
                    + ", this model has " + stateSize);
        }
        states[current].put(0, snapshot.stateView());
        System.arraycopy(snapshot.logitsView(), 0, logits, 0, logits.length);
        position = snapshot.position();
        primed = snapshot.primed();
    }

    private void requirePrimed() {
        if (!primed) {
            throw new IllegalStateException("no logits yet: feed at least one step first");
        }
    }

    /** Releases the step tensors. */
    @Override
    public void close() {
        inputTensor.close();
        logitsTensor.close();
        stateTensors[0].close();
        stateTensors[1].close();
    }
}
