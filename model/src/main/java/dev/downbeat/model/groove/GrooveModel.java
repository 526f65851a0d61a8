package dev.downbeat.model.groove;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.downbeat.model.DrumEncoding;
import dev.downbeat.model.ModelFiles;
import dev.downbeat.model.ModelLoadException;
import dev.downbeat.model.OnnxGraph;
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

    private final OnnxGraph graph;
    private final GrooveSpec spec;
    private final String description;

    private GrooveModel(OnnxGraph graph, GrooveSpec spec, String description) {
        this.graph = graph;
        this.spec = spec;
        this.description = description;
    }

    /**
     * Loads the groove model bundled with Downbeat.
     *
     * @throws ModelLoadException if the bundled files are missing or invalid (a broken build)
     */
    public static GrooveModel loadBundled() throws ModelLoadException {
        return create(ModelFiles.bundled(ONNX_FILE, SPEC_FILE, "groove model"), "bundled groove model");
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
        OnnxGraph graph = OnnxGraph.open(files);
        GrooveModel model = new GrooveModel(graph, spec, description);
        graph.check(() -> {
            OrtSession session = graph.session();
            if (session.getNumInputs() != 1) {
                throw new ModelLoadException(onnxName + " has " + session.getNumInputs() + " inputs " + session.getInputNames()
                        + ", but a groove model has exactly one: " + spec.inputName());
            }
            checkTensor(graph.input(spec.inputName(), specName), spec.inputName(), GrooveSpec.FEATURES, "input", onnxName, specName);
            checkTensor(graph.output(spec.outputName(), specName), spec.outputName(), GrooveSpec.OUTPUTS, "output", onnxName, specName);
            // A probe over two bars: the sizes the graph really produces, and values in range.
            float[][] out = model.run(features(new int[32], 120));
            if (out.length != 32 || out[0].length != GrooveSpec.OUTPUTS) {
                throw new ModelLoadException(onnxName + ": output \"" + spec.outputName() + "\" comes out as [" + out.length + ", "
                        + out[0].length + "] for 32 steps, but " + specName + " needs [32, " + GrooveSpec.OUTPUTS + "]");
            }
        }, "cannot be run as a groove model");
        return model;
    }

    private static void checkTensor(TensorInfo tensor, String name, int width, String kind, String onnxName, String specName)
            throws ModelLoadException {
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
        try (OnnxTensor input = OnnxTensor.createTensor(graph.environment(), batch);
             OrtSession.Result result = graph.session().run(Map.of(spec.inputName(), input))) {
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
        graph.close();
    }
}
