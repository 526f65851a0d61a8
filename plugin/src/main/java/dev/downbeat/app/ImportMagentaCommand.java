package dev.downbeat.app;

import dev.downbeat.model.magenta.ContinuationComparison;
import dev.downbeat.model.magenta.ImportException;
import dev.downbeat.model.magenta.MagentaImporter;
import dev.downbeat.model.magenta.MagentaImporter.AttentionBias;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code downbeat import-magenta}: converts a Magenta.js drum_kit_rnn checkpoint folder into a
 * Downbeat model folder, and optionally checks it against what Magenta.js computed. Main thread.
 */
@Command(name = "import-magenta", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Convert a Magenta.js DrumRNN checkpoint (drum_kit_rnn: a folder with config.json, weights_manifest.json",
            "and weight shards) into a Downbeat model folder for the plugin and for 'downbeat generate --model DIR'.",
            "The new model is checked against Magenta's equations before it is moved into place;",
            "on any problem nothing is written.",
            "  downbeat import-magenta ~/Downloads/drum_kit_rnn --out ~/drum-models/magenta",
            ""})
final class ImportMagentaCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CHECKPOINT_DIR", description = "The Magenta.js checkpoint folder.")
    Path checkpoint;

    @Option(names = {"-o", "--out"}, paramLabel = "MODEL_DIR", required = true,
            description = "The model folder to create.")
    Path out;

    @Option(names = "--force", description = "Replace MODEL_DIR if it exists (only once the new model has been verified).")
    boolean force;

    @Option(names = "--attention-bias", paramLabel = "tensorflow|magenta-js", defaultValue = "tensorflow",
            description = {"How to compute the attention query. tensorflow (default): with the checkpoint's attention bias,",
                "as the model was trained. magenta-js: without it, as Magenta.js runs the model in the browser,",
                "so that Downbeat plays exactly what a Magenta.js app would."})
    String attentionBias;

    @Option(names = "--compare", paramLabel = "MAGENTA.json",
            description = {"After converting, compare with Magenta.js's output for the same checkpoint:",
                "{\"seed\": [events], \"continuation\": [events], \"probabilities\": [[512 values] per step]}.",
                "Fails unless every probability is within 1e-4 and the argmax continuation is the same."})
    Path compare;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        AttentionBias bias = switch (attentionBias.toLowerCase(Locale.ROOT)) {
            case "tensorflow" -> AttentionBias.AS_TENSORFLOW;
            case "magenta-js" -> AttentionBias.AS_MAGENTA_JS;
            default -> throw new BadInputException("--attention-bias " + attentionBias + " must be tensorflow or magenta-js");
        };
        PrintWriter printer = spec.commandLine().getOut();
        try {
            MagentaImporter.Result result = MagentaImporter.importCheckpoint(checkpoint, out, bias, force);
            printer.printf(Locale.ROOT, "imported %s into %s (logits within %.1e of Magenta's equations)%n", checkpoint,
                    result.model(), result.maxLogitDifference());
            if (!result.attentionBiasZero()) {
                printer.println(bias == AttentionBias.AS_TENSORFLOW
                        ? "attention bias: applied as in TensorFlow (Magenta.js leaves it out; --attention-bias magenta-js to match it)"
                        : "attention bias: left out as in Magenta.js (TensorFlow, which trained it, adds it)");
            }
            if (compare != null) {
                return compare(result.model(), printer);
            }
            return 0;
        } catch (ImportException refused) {
            throw new BadInputException("cannot import " + checkpoint + ": " + refused.getMessage(), refused);
        }
    }

    private int compare(Path model, PrintWriter printer) throws ImportException {
        ContinuationComparison.Outcome outcome = ContinuationComparison.compare(model, compare);
        printer.printf(Locale.ROOT, "compared with %s: %d steps, largest probability difference %.2e (step %d)%n", compare,
                outcome.magentaContinuation().size(), outcome.maxProbabilityDifference(), outcome.worstStep());
        printer.println("  magenta.js: " + join(outcome.magentaContinuation()));
        printer.println("  downbeat:   " + join(outcome.downbeatContinuation()));
        if (outcome.agrees(MagentaImporter.TOLERANCE)) {
            printer.println("same argmax continuation; probabilities agree within 1e-4");
            return 0;
        }
        spec.commandLine().getErr().println(outcome.firstDifferentStep() >= 0
                ? "downbeat: the continuations differ from step " + outcome.firstDifferentStep()
                : String.format(Locale.ROOT, "downbeat: probabilities differ by %.2e, more than 1e-4",
                        outcome.maxProbabilityDifference()));
        return DownbeatCli.EXIT_FAILURE;
    }

    private static String join(java.util.List<Integer> events) {
        StringBuilder s = new StringBuilder();
        for (int e : events) {
            s.append(s.length() == 0 ? "" : " ").append(e);
        }
        return s.toString();
    }
}
