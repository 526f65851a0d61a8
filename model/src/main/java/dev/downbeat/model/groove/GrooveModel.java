package dev.downbeat.model.groove;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.downbeat.model.DrumEncoding;
import dev.downbeat.model.ModelFiles;
import dev.downbeat.model.ModelLoadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The groove network on ONNX Runtime: for every hit of a drum pattern, the velocity and the
 * timing offset a drummer of the Groove MIDI Dataset would play, given the pattern around it
 * (a dilated 1-D convolution over the steps, trained by {@code model/training/groove.py}).
 *
 * <p>Loading validates the spec against the graph and runs a probe, so a wrong or corrupt model
 * fails here with one message naming the file. Any thread but the audio thread may load, run
 * and close (runs allocate); ONNX Runtime sessions are safe to run from several threads.
 */
public final class GrooveModel implements AutoCloseable {
    /** The files of a groove model, in a model folder or the bundled class-path folder. */
    public static final String ONNX_FILE = "groove.onnx", SPEC_FILE = "groove_spec.json";
    /** Class-path folder of the groove model shipped inside Downbeat. */
    public static final String BUNDLED_RESOURCE = ModelFiles.BUNDLED_RESOURCE;

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final GrooveSpec spec;
    private final String description;

    private GrooveModel(OrtEnvironment environment, OrtSession session, GrooveSpec spec, String description) {
        this.environment = environment;
        this.session = session;
        this.spec = spec;
        this.description = description;
    }

    /**
     * Loads the groove model bundled with Downbeat.
     *
     * @throws ModelLoadException if the bundled files are missing or invalid (a broken build)
     */
    public static GrooveModel loadBundled() throws ModelLoadException {
        String where = "the bundled groove model (class path " + BUNDLED_RESOURCE + ")";
        return create(ModelFiles.bundled(ONNX_FILE, SPEC_FILE, where), "bundled groove model");
    }

    /**
     * Loads {@code groove.onnx} and {@code groove_spec.json} from a folder.
     *
     * @throws ModelLoadException naming the missing or invalid file
     */
    public static GrooveModel load(Path folder) throws ModelLoadException {
        return create(ModelFiles.inFolder(folder, ONNX_FILE, SPEC_FILE, "groove model"), "groove model in " + folder);
    }

    private static GrooveModel create(ModelFiles files, String description) throws ModelLoadException {
        String onnxName = files.onnxName(), specName = files.specName();
        GrooveSpec spec = GrooveSpec.parse(files.specJson(), specName);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // One thread: the plugin shares the machine with the host's audio threads, and one
            // thread makes every run repeatable.
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            session = environment.createSession(files.onnx(), options);
        } catch (OrtException corrupt) {
            throw new ModelLoadException(onnxName + " is not a readable ONNX model (" + ModelFiles.firstLine(corrupt.getMessage()) + ")",
                    corrupt);
        }
        GrooveModel model = new GrooveModel(environment, session, spec, description);
        try {
            if (session.getNumInputs() != 1) {
                throw new ModelLoadException(onnxName + " has " + session.getNumInputs() + " inputs " + session.getInputNames()
                        + ", but a groove model has exactly one: " + spec.inputName());
            }
            checkTensor(session.getInputInfo(), spec.inputName(), GrooveSpec.FEATURES, "input", onnxName, specName);
            checkTensor(session.getOutputInfo(), spec.outputName(), GrooveSpec.OUTPUTS, "output", onnxName, specName);
            // A probe over two bars: the sizes the graph really produces, and values in range.
            float[][] out = model.run(features(new int[32], 120));
            if (out.length != 32 || out[0].length != GrooveSpec.OUTPUTS) {
                throw new ModelLoadException(onnxName + ": output \"" + spec.outputName() + "\" comes out as [" + out.length + ", "
                        + out[0].length + "] for 32 steps, but " + specName + " needs [32, " + GrooveSpec.OUTPUTS + "]");
            }
        } catch (ModelLoadException | OrtException | RuntimeException mismatch) {
            model.close();
            if (mismatch instanceof ModelLoadException known) {
                throw known;
            }
            throw new ModelLoadException(onnxName + " cannot be run as a groove model (" + ModelFiles.firstLine(mismatch.getMessage()) + ")",
                    mismatch);
        }
        return model;
    }

    private static void checkTensor(Map<String, NodeInfo> infos, String name, int width, String kind, String onnxName,
                                    String specName) throws ModelLoadException {
        NodeInfo info = infos.get(name);
        if (info == null) {
            throw new ModelLoadException(specName + " names the " + kind + " \"" + name + "\", but " + onnxName + " has only "
                    + infos.keySet());
        }
        if (!(info.getInfo() instanceof TensorInfo tensor)) {
            throw new ModelLoadException(onnxName + ": " + kind + " \"" + name + "\" is not a tensor");
        }
        long[] shape = tensor.getShape();
        if (tensor.type != OnnxJavaType.FLOAT || shape.length != 3 || (shape[2] != width && shape[2] != -1)) {
            throw new ModelLoadException(onnxName + ": " + kind + " \"" + name + "\" is " + tensor.type + Arrays.toString(shape)
                    + ", but " + specName + " needs FLOAT[batch, steps, " + width + "]");
        }
    }

    /** The checked spec. */
    public GrooveSpec spec() {
        return spec;
    }

    /** Where the model came from, for messages. */
    public String description() {
        return description;
    }

    /**
     * The network's input for a pattern: per step the hit bits, the position in the bar and the
     * tempo. Step 0 of {@code events} is taken to be a bar's downbeat.
     *
     * @param tempo quarter notes per minute
     */
    public static float[][] features(int[] events, double tempo) {
        float[][] features = new float[events.length][GrooveSpec.FEATURES];
        for (int step = 0; step < events.length; step++) {
            DrumEncoding.checkEvent(events[step]);
            for (int drum = 0; drum < GrooveSpec.CLASSES; drum++) {
                features[step][drum] = (events[step] >> drum & 1) == 1 ? 1f : 0f;
            }
            features[step][GrooveSpec.CLASSES + step % GrooveSpec.POSITIONS] = 1f;
            features[step][GrooveSpec.FEATURES - 1] = (float) (tempo / GrooveSpec.TEMPO_SCALE);
        }
        return features;
    }

    /**
     * Runs the network on one sequence of feature rows ({@link #features}), returning per step the
     * 9 velocities then the 9 offsets.
     *
     * @throws OrtException if ONNX Runtime fails
     */
    public float[][] run(float[][] features) throws OrtException {
        return run(new float[][][] {features})[0];
    }

    /** As {@link #run(float[][])} for a batch of equally long sequences. */
    public float[][][] run(float[][][] batch) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(environment, batch);
             OrtSession.Result result = session.run(Map.of(spec.inputName(), input))) {
            return (float[][][]) result.get(spec.outputName()).orElseThrow().getValue();
        }
    }

    /**
     * How a drummer would play {@code events[from..]}: velocity and offset for every hit, with
     * {@code events[0..from)} the bars already played as context. {@code events[0]} must be a
     * downbeat (the network knows each step's place in the bar).
     *
     * @param tempo quarter notes per minute, 20..400
     * @throws GrooveException if ONNX Runtime fails
     */
    public Groove groove(int[] events, int from, double tempo) throws GrooveException {
        if (from < 0 || from > events.length) {
            throw new IllegalArgumentException("from " + from + " is outside 0.." + events.length);
        }
        if (!(tempo >= 20 && tempo <= 400)) {
            throw new IllegalArgumentException("tempo " + tempo + " is outside 20..400 quarter notes per minute");
        }
        float[][] out;
        try {
            out = events.length == 0 ? new float[0][] : run(features(events, tempo));
        } catch (OrtException failed) {
            throw new GrooveException(description + " failed to run (" + ModelFiles.firstLine(failed.getMessage()) + ")", failed);
        }
        List<GroovedHit> hits = new ArrayList<>();
        for (int step = from; step < events.length; step++) {
            for (int drum = 0; drum < GrooveSpec.CLASSES; drum++) {
                if ((events[step] >> drum & 1) == 1) {
                    hits.add(new GroovedHit(step - from, drum, clamp(out[step][drum], 0, 1),
                            clamp(out[step][GrooveSpec.CLASSES + drum], -GrooveSpec.MAX_OFFSET, GrooveSpec.MAX_OFFSET)));
                }
            }
        }
        return new Groove(events.length - from, hits);
    }

    private static float clamp(float value, float low, float high) {
        return Float.isNaN(value) ? (low + high) / 2 : Math.max(low, Math.min(high, value));
    }

    /** Releases the ONNX Runtime session; the model must not be run afterwards. */
    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException ignored) {
            // Closing after a failure or at shutdown: nothing left to report to.
        }
    }
}
