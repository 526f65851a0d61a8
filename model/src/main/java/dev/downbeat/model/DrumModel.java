package dev.downbeat.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A loaded drum model: the single-step DrumRNN graph on ONNX Runtime plus its checked
 * {@link ModelSpec}. Loading validates everything a later step would trip over, so that a bad
 * model folder fails here with one clear message instead of deep inside a run.
 *
 * <p>Any thread may load, create generators and close; never the audio thread (loading reads
 * files and allocates megabytes). The session is shared by the generators, each of which owns
 * its own state and buffers. Close the model after its generators.
 */
public final class DrumModel implements AutoCloseable {
    /** The model folder's files. */
    public static final String ONNX_FILE = "drum_rnn.onnx";
    /** See {@link #ONNX_FILE}. */
    public static final String SPEC_FILE = "spec.json";
    /** Class-path folder of the model that ships inside Downbeat. */
    public static final String BUNDLED_RESOURCE = ModelFiles.BUNDLED_RESOURCE;

    private final OnnxGraph graph;
    private final ModelSpec spec;
    private final String description;

    private DrumModel(OnnxGraph graph, ModelSpec spec, String description) {
        this.graph = graph;
        this.spec = spec;
        this.description = description;
    }

    /**
     * Loads the model bundled with Downbeat.
     *
     * @throws ModelLoadException if the bundled files are missing or invalid (a broken build)
     */
    public static DrumModel loadBundled() throws ModelLoadException {
        return create(ModelFiles.bundled(ONNX_FILE, SPEC_FILE, "model"), "bundled model");
    }

    /**
     * Loads a model folder holding {@code drum_rnn.onnx} and {@code spec.json}.
     *
     * @throws ModelLoadException naming the missing or invalid file
     */
    public static DrumModel load(Path folder) throws ModelLoadException {
        return create(ModelFiles.inFolder(folder, ONNX_FILE, SPEC_FILE, "model"), folder.toString());
    }

    private static DrumModel create(ModelFiles files, String description) throws ModelLoadException {
        String onnxName = files.onnxName(), specName = files.specName();
        ModelSpec spec = ModelSpec.parse(files.specJson(), specName);
        OnnxGraph graph = OnnxGraph.open(files);
        graph.check(() -> {
            OrtSession session = graph.session();
            checkTensor(graph.input(spec.inputName(), specName), spec.inputName(), spec.inputSize(), "input", onnxName, specName);
            checkTensor(graph.input(spec.stateName(), specName), spec.stateName(), spec.stateSize(), "input", onnxName, specName);
            checkTensor(graph.output(spec.logitsName(), specName), spec.logitsName(), spec.numClasses(), "output", onnxName, specName);
            checkTensor(graph.output(spec.stateOutName(), specName), spec.stateOutName(), spec.stateSize(), "output", onnxName, specName);
            if (session.getNumInputs() != 2) {
                throw new ModelLoadException(onnxName + " has " + session.getNumInputs() + " inputs " + session.getInputNames()
                        + ", but a Downbeat step model has exactly 2: " + spec.inputName() + " and " + spec.stateName());
            }
            probe(graph.environment(), session, spec, onnxName, specName);
        }, "cannot be inspected");
        return new DrumModel(graph, spec, description);
    }

    private static void checkTensor(TensorInfo tensor, String name, int width, String kind, String onnxName, String specName)
            throws ModelLoadException {
        long[] shape = tensor.getShape();
        // -1 is a symbolic size (the batch, or a width the exporter could not infer); the probe
        // run in probe() checks what the graph really produces.
        boolean batchOk = shape.length == 2 && (shape[0] == -1 || shape[0] == 1);
        if (tensor.type != OnnxJavaType.FLOAT || !batchOk || (shape[1] != width && shape[1] != -1)) {
            throw new ModelLoadException(onnxName + ": " + kind + " \"" + name + "\" is " + tensor.type + Arrays.toString(shape)
                    + ", but " + specName + " needs FLOAT[batch, " + width + "]");
        }
    }

    /** Runs one step from zero state and checks the sizes the graph really returns. */
    private static void probe(OrtEnvironment environment, OrtSession session, ModelSpec spec, String onnxName,
                              String specName) throws OrtException, ModelLoadException {
        float[][] input = new float[1][spec.inputSize()];
        DrumEncoding.encodeInput(0, 0, input[0], 0);
        try (OnnxTensor inputs = OnnxTensor.createTensor(environment, input);
             OnnxTensor state = OnnxTensor.createTensor(environment, new float[1][spec.stateSize()]);
             OrtSession.Result result = session.run(Map.of(spec.inputName(), inputs, spec.stateName(), state))) {
            checkProduced(result, spec.logitsName(), spec.numClasses(), onnxName, specName);
            checkProduced(result, spec.stateOutName(), spec.stateSize(), onnxName, specName);
        }
    }

    private static void checkProduced(OrtSession.Result result, String name, int width, String onnxName, String specName)
            throws ModelLoadException {
        long[] shape = ((TensorInfo) result.get(name).orElseThrow().getInfo()).getShape();
        if (shape.length != 2 || shape[0] != 1 || shape[1] != width) {
            throw new ModelLoadException(onnxName + ": output \"" + name + "\" comes out as " + Arrays.toString(shape)
                    + " for one step, but " + specName + " needs [1, " + width + "]");
        }
    }

    /** The checked spec. */
    public ModelSpec spec() {
        return spec;
    }

    /** Where the model came from, for messages ("bundled model" or the folder). */
    public String description() {
        return description;
    }

    /**
     * A new generator at the start of a sequence (zero state). Allocates its buffers here, once.
     * The generator belongs to the thread that uses it.
     *
     * @throws ModelLoadException if ONNX Runtime cannot create the step tensors
     */
    public DrumGenerator newGenerator() throws ModelLoadException {
        try {
            return new DrumGenerator(graph.environment(), graph.session(), spec);
        } catch (OrtException failed) {
            throw new ModelLoadException("cannot prepare " + description + " for generation (" + ModelFiles.firstLine(failed.getMessage())
                    + ")", failed);
        }
    }

    OrtEnvironment environment() {
        return graph.environment();
    }

    OrtSession session() {
        return graph.session();
    }

    /** Releases the ONNX Runtime session. Generators of this model must not be used afterwards. */
    @Override
    public void close() {
        graph.close();
    }
}
