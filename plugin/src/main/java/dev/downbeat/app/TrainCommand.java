package dev.downbeat.app;

import dev.downbeat.model.DrumEncoding;
import dev.downbeat.model.DrumGenerator;
import dev.downbeat.model.DrumModel;
import dev.downbeat.model.JsonText;
import dev.downbeat.model.ModelLoadException;
import dev.downbeat.model.StagingFolder;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code downbeat train}: fine-tunes (or trains from scratch) the drum model on a folder of the
 * user's MIDI files with the training script that made the bundled model, shipped inside the model
 * jar and run with the system's Python and PyTorch. The result is trained into a hidden folder
 * beside {@code --out}, loaded and checked against its own reference logits, and only then renamed
 * into place. Main thread; the Python process's output is passed through as it comes.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Teach the drum model your style: fine-tune it on a folder of your own drum MIDI files (any .mid/.midi",
            "below the folder; a tenth of the files, chosen by --seed, are held out to measure progress).",
            "Training stops early once the held-out files stop improving, and keeps the best model it saw.",
            "The result is a model folder for the plugin and for 'downbeat generate --model DIR'.",
            "Needs Python 3 with PyTorch (Debian/Ubuntu: apt-get install python3-torch python3-mido libopenblas0-openmp).",
            "  downbeat train --data ~/my-drums --out ~/drum-models/mine",
            ""})
final class TrainCommand implements Callable<Integer> {
    static final String INSTALL_HINT = "apt-get install python3-torch python3-mido libopenblas0-openmp";
    private static final String SCRIPTS = "/dev/downbeat/model/training/";
    private static final List<String> SCRIPT_FILES = List.of("train.py", "drumrnn.py", "groove_data.py", "init_weights.py");
    private static final double REFERENCE_TOLERANCE = 1e-4;

    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = "Folder of your MIDI files (or a Groove MIDI Dataset folder with info.csv).")
    Path data;

    @Option(names = {"-o", "--out"}, paramLabel = "MODEL_DIR", required = true, description = "The model folder to create.")
    Path out;

    @Option(names = "--from-scratch", description = "Start from random weights instead of the model built into Downbeat.")
    boolean fromScratch;

    @Option(names = "--init", paramLabel = "MODEL_DIR",
            description = "Fine-tune this model folder (e.g. one from 'downbeat import-magenta') instead of the built-in model.")
    Path init;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "20", description = "At most N passes over your files. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--patience", paramLabel = "N", defaultValue = "3",
            description = "Stop after N passes without improvement on the held-out files. Default: ${DEFAULT-VALUE}.")
    int patience;

    @Option(names = "--lr", paramLabel = "RATE",
            description = "Learning rate. Default: 0.0005 when fine-tuning, 0.002 from scratch.")
    Double learningRate;

    @Option(names = "--max-batches", paramLabel = "N", defaultValue = "0",
            description = "Cut every pass to N batches (quick trials). Default: no limit.")
    int maxBatches;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Random seed of the split and the training order: the same seed gives the same model. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "CPU threads for PyTorch (more is faster, 1 is bit-for-bit repeatable). Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--work", paramLabel = "DIR",
            description = "Keep training checkpoints here; running again with the same folder resumes. Default: a temporary folder.")
    Path work;

    @Option(names = "--force", description = "Replace MODEL_DIR if it exists (only once the new model has been checked).")
    boolean force;

    @Option(names = "--python", paramLabel = "PATH", defaultValue = "/usr/bin/python3",
            description = "The Python 3 with PyTorch to use. Default: ${DEFAULT-VALUE} (Debian's python3-torch).")
    String python;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter printer = spec.commandLine().getOut();
        checkOptions();
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target) && !force) {
            throw new BadInputException(target + " already exists; choose another folder or add --force to replace it");
        }
        checkPython();
        Path scratch = Files.createTempDirectory("downbeat-train-");
        try {
            Path scripts = extractScripts(scratch);
            return train(scripts, scratch, target, printer);
        } finally {
            StagingFolder.deleteQuietly(scratch);
        }
    }

    private int train(Path scripts, Path scratch, Path target, PrintWriter printer) throws IOException, InterruptedException {
        try (StagingFolder staging = StagingFolder.beside(target, "training")) {
            List<String> command = command(scripts, scratch, staging.path());
            printer.println("training with " + python + " " + String.join(" ", command.subList(1, command.size())));
            printer.flush();
            int code = run(command, printer);
            if (code == DownbeatCli.EXIT_BAD_INPUT) {
                throw new BadInputException("training stopped: " + lastLine);
            }
            if (code != 0) {
                throw new IllegalStateException("the training script failed (exit " + code + "): " + lastLine);
            }
            String validNll = check(staging.path());
            staging.moveIntoPlace();
            printer.println("model ready in " + target + " (validation NLL " + validNll + " nats/step); try it:");
            printer.println("  downbeat generate --model " + target);
            return 0;
        }
    }

    private void checkOptions() {
        if (!Files.isDirectory(data)) {
            throw new BadInputException("--data " + data + " is not a folder");
        }
        if (fromScratch && init != null) {
            throw new BadInputException("give --from-scratch or --init, not both");
        }
        if (init != null && !Files.isRegularFile(init.resolve(DrumModel.ONNX_FILE))) {
            throw new BadInputException("--init " + init + " has no " + DrumModel.ONNX_FILE + " (give a model folder)");
        }
        if (epochs < 1 || patience < 1 || maxBatches < 0 || threads < 1) {
            throw new BadInputException("--epochs, --patience and --threads must be at least 1, --max-batches at least 0");
        }
        if (learningRate != null && !(learningRate > 0 && learningRate < 1)) {
            throw new BadInputException("--lr " + learningRate + " must be between 0 and 1");
        }
    }

    /** PyTorch and mido must import; otherwise say how to install them. */
    private void checkPython() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(python))) {
            throw new BadInputException("training needs Python 3 with PyTorch, and " + python + " does not exist; install it with: "
                    + INSTALL_HINT);
        }
        Process probe = new ProcessBuilder(python, "-c", "import torch, mido").redirectErrorStream(true).start();
        String said = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!probe.waitFor(120, TimeUnit.SECONDS)) {
            probe.destroyForcibly();
            throw new IllegalStateException(python + " did not finish importing torch within 2 minutes");
        }
        if (probe.exitValue() != 0) {
            String[] lines = said.split("\n");
            throw new BadInputException("training needs PyTorch and mido, which " + python + " cannot import ("
                    + lines[lines.length - 1].strip() + "); install them with: " + INSTALL_HINT);
        }
    }

    private static Path extractScripts(Path scratch) throws IOException {
        Path scripts = Files.createDirectories(scratch.resolve("training"));
        for (String name : SCRIPT_FILES) {
            try (InputStream in = DrumModel.class.getResourceAsStream(SCRIPTS + name)) {
                if (in == null) {
                    throw new IllegalStateException("this Downbeat build lacks its training script " + name);
                }
                Files.copy(in, scripts.resolve(name));
            }
        }
        return scripts;
    }

    private List<String> command(Path scripts, Path scratch, Path staging) throws IOException {
        List<String> command = new ArrayList<>(List.of(python, scripts.resolve("train.py").toString()));
        boolean groove = Files.isRegularFile(data.resolve("info.csv"));
        command.addAll(List.of(groove ? "--data" : "--midi-dir", data.toAbsolutePath().toString()));
        command.addAll(List.of("--work", (work != null ? work.toAbsolutePath() : scratch.resolve("work")).toString()));
        command.addAll(List.of("--out", staging.toString()));
        if (!fromScratch) {
            Path start = init != null ? init.toAbsolutePath() : bundledModel(scratch);
            command.addAll(List.of("--init", start.toString()));
        }
        double lr = learningRate != null ? learningRate : fromScratch ? 2e-3 : 5e-4;
        command.addAll(List.of("--epochs", Integer.toString(epochs), "--patience", Integer.toString(patience),
                "--lr", Double.toString(lr), "--seed", Long.toString(seed), "--threads", Integer.toString(threads),
                "--max-batches", Integer.toString(maxBatches)));
        return command;
    }

    private static Path bundledModel(Path scratch) throws IOException {
        Path folder = Files.createDirectories(scratch.resolve("bundled"));
        try (InputStream in = DrumModel.class.getResourceAsStream(DrumModel.BUNDLED_RESOURCE + DrumModel.ONNX_FILE)) {
            if (in == null) {
                throw new IllegalStateException("this Downbeat build has no bundled model to fine-tune");
            }
            Files.copy(in, folder.resolve(DrumModel.ONNX_FILE));
        }
        return folder;
    }

    // The last line the script printed: its error message when it fails. Main thread only.
    private String lastLine = "";

    /** Runs the script, passing its output through (progress lines end in \r) and remembering the last line. */
    private int run(List<String> command, PrintWriter printer) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PYTHONUNBUFFERED", "1");
        Process process = builder.start();
        Thread stopper = new Thread(process::destroy, "stop-training");
        Runtime.getRuntime().addShutdownHook(stopper);   // Ctrl-C on downbeat also stops Python
        try (Reader reader = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            char[] buffer = new char[512];
            for (int n; (n = reader.read(buffer)) > 0; ) {
                printer.write(buffer, 0, n);
                printer.flush();
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n' || buffer[i] == '\r') {
                        if (line.length() > 0) {
                            lastLine = line.toString().strip();
                        }
                        line.setLength(0);
                    } else {
                        line.append(buffer[i]);
                    }
                }
            }
            if (line.length() > 0) {
                lastLine = line.toString().strip();
            }
            return process.waitFor();
        } finally {
            process.destroy();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is exiting: the hook is running already.
            }
        }
    }

    /** Loads the new folder as the plugin would and checks ONNX Runtime against the script's reference logits. */
    private static String check(Path staging) {
        try {
            Map<?, ?> reference = (Map<?, ?>) JsonText.parse(Files.readString(staging.resolve("reference.json")));
            List<?> events = (List<?>) reference.get("events");
            List<?> logits = (List<?>) reference.get("logits");
            float[] ours = new float[DrumEncoding.EVENT_COUNT];
            double worst = 0;
            try (DrumModel model = DrumModel.load(staging); DrumGenerator generator = model.newGenerator()) {
                for (int t = 0; t < events.size(); t++) {
                    generator.feed(((Number) events.get(t)).intValue());
                    generator.logits(ours);
                    List<?> row = (List<?>) logits.get(t);
                    for (int e = 0; e < ours.length; e++) {
                        worst = Math.max(worst, Math.abs(ours[e] - ((Number) row.get(e)).doubleValue()));
                    }
                }
                if (!(worst <= REFERENCE_TOLERANCE)) {
                    throw new IllegalStateException(String.format(Locale.ROOT,
                            "the trained model runs differently in ONNX Runtime than in PyTorch (logits differ by %.3g)", worst));
                }
                double nll = model.spec().validNll();
                return Double.isNaN(nll) ? "unknown" : String.format(Locale.ROOT, "%.4f", nll);
            }
        } catch (ModelLoadException | IOException | RuntimeException unusable) {
            if (unusable instanceof IllegalStateException) {
                throw (IllegalStateException) unusable;
            }
            throw new IllegalStateException("the trained model does not load: " + unusable.getMessage(), unusable);
        }
    }
}
