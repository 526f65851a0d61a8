package dev.downbeat.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.Map;

/**
 * A model's ONNX graph open in ONNX Runtime, the one way Downbeat runs its graphs: one thread,
 * in sequence, every graph optimization. The drum model and the groove model open, check and
 * close their graphs here, so both fail with the same messages naming the graph file.
 *
 * <p>Any thread but the audio thread opens and checks (both read and allocate); ONNX Runtime
 * sessions may then be run from several threads. Close after the last run.
 */
public final class OnnxGraph implements AutoCloseable {
    /** A check of an open graph: throws what does not fit. */
    @FunctionalInterface
    public interface Check {
        void run() throws ModelLoadException, OrtException;
    }

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String name;

    private OnnxGraph(OrtEnvironment environment, OrtSession session, String name) {
        this.environment = environment;
        this.session = session;
        this.name = name;
    }

    /**
     * Opens the graph of {@code files}.
     *
     * @throws ModelLoadException naming the graph file if ONNX Runtime cannot read it
     */
    public static OnnxGraph open(ModelFiles files) throws ModelLoadException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // One thread: the plugin shares the machine with the host's audio threads, and a
            // single thread makes every run bit-for-bit repeatable.
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return new OnnxGraph(environment, environment.createSession(files.onnx(), options), files.onnxName());
        } catch (OrtException corrupt) {
            throw new ModelLoadException(files.onnxName() + " is not a readable ONNX model (" + ModelFiles.firstLine(corrupt.getMessage())
                    + ")", corrupt);
        }
    }

    /**
     * Runs {@code check} on the freshly opened graph. If it fails the graph is closed; a
     * {@link ModelLoadException} is passed on as it is, anything else becomes one that reads
     * "GRAPH {@code failure} (what ONNX Runtime or Java said)".
     */
    public void check(Check check, String failure) throws ModelLoadException {
        try {
            check.run();
        } catch (ModelLoadException mismatch) {
            close();
            throw mismatch;
        } catch (OrtException | RuntimeException unexpected) {
            close();
            throw new ModelLoadException(name + " " + failure + " (" + ModelFiles.firstLine(unexpected.getMessage()) + ")", unexpected);
        }
    }

    /**
     * The graph's input {@code tensorName}, which {@code specName} names.
     *
     * @throws ModelLoadException if the graph has no such input or it is not a tensor
     */
    public TensorInfo input(String tensorName, String specName) throws ModelLoadException, OrtException {
        return tensor(session.getInputInfo(), "input", tensorName, specName);
    }

    /** As {@link #input} for an output. */
    public TensorInfo output(String tensorName, String specName) throws ModelLoadException, OrtException {
        return tensor(session.getOutputInfo(), "output", tensorName, specName);
    }

    private TensorInfo tensor(Map<String, NodeInfo> infos, String kind, String tensorName, String specName) throws ModelLoadException {
        NodeInfo info = infos.get(tensorName);
        if (info == null) {
            throw new ModelLoadException(specName + " names the " + kind + " \"" + tensorName + "\", but " + name + " has only "
                    + infos.keySet());
        }
        if (!(info.getInfo() instanceof TensorInfo tensor)) {
            throw new ModelLoadException(name + ": " + kind + " \"" + tensorName + "\" is not a tensor");
        }
        return tensor;
    }

    public OrtEnvironment environment() {
        return environment;
    }

    public OrtSession session() {
        return session;
    }

    /** The graph file, for messages. */
    public String name() {
        return name;
    }

    /** Releases the session; nothing may run it afterwards. */
    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException ignored) {
            // Closing after a failed load or at shutdown: the load error, if any, is the one to report.
        }
    }
}
