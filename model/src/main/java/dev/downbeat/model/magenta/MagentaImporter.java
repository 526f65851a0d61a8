package dev.downbeat.model.magenta;

import dev.downbeat.model.DrumEncoding;
import dev.downbeat.model.DrumGenerator;
import dev.downbeat.model.DrumModel;
import dev.downbeat.model.DrumPattern;
import dev.downbeat.model.JsonText;
import dev.downbeat.model.ModelLoadException;
import dev.downbeat.model.StagingFolder;
import dev.downbeat.model.onnx.OnnxInitializers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts a Magenta.js drum_kit_rnn checkpoint into a Downbeat model folder, without Python.
 *
 * <p>The bundled {@code drum_rnn.onnx} is the template: its graph is drum_kit_rnn's, so only its
 * initializers' raw data are rewritten with the checkpoint's tensors (see {@link DrumKitRnnWeights}
 * for the mapping). The folder gets {@code spec.json} (the bundled spec with the checkpoint's drum
 * classes and an import note instead of training metadata) and {@code reference.json}, whose
 * logits come from {@link MagentaDrumKitRnn}, an independent double-precision implementation of
 * Magenta's equations on the checkpoint itself.
 *
 * <p>Everything is written to a hidden temporary folder beside the destination, loaded there with
 * {@link DrumModel#load} and run over the reference events; only when ONNX Runtime reproduces the
 * reference logits within {@link #TOLERANCE} is the folder renamed into place. On any failure the
 * temporary folder is deleted and the destination is untouched. Any thread but the audio thread
 * (it reads and writes files and takes about a second).
 */
public final class MagentaImporter {
    /** Largest accepted difference between ONNX Runtime's and the reference's logits. */
    public static final double TOLERANCE = 1e-4;

    /** Events of {@code reference.json}: the default seed, then the training script's fixed continuation. */
    static final int[] REFERENCE_EVENTS = referenceEvents();

    private static final Set<String> GRAPH_INITIALIZERS = Set.of(
            "model.attn_w", "model.attn_v", "model.linear1.weight", "model.linear1.bias",
            "model.cells.0.weight", "model.cells.0.bias", "model.cells.1.weight", "model.cells.1.bias",
            "model.cells.2.weight", "model.cells.2.bias", "model.linear3.weight", "model.linear3.bias",
            "model.linear2.weight", "model.linear2.bias", "model.dense.weight", "model.dense.bias");

    /**
     * How the attention query is computed.
     */
    public enum AttentionBias {
        /** Add {@code attention/bias}, as TensorFlow did when the checkpoint was trained. */
        AS_TENSORFLOW,
        /** Leave it out, as Magenta.js does, to sound exactly like it in the browser. */
        AS_MAGENTA_JS
    }

    /**
     * What an import did.
     *
     * @param model              the model folder written
     * @param maxLogitDifference largest |ONNX Runtime − reference| over the reference steps
     * @param attentionBias      the convention used
     * @param attentionBiasZero  whether the checkpoint's attention bias is all zeros (then the
     *                           conventions agree)
     */
    public record Result(Path model, double maxLogitDifference, AttentionBias attentionBias, boolean attentionBiasZero) {
    }

    private MagentaImporter() {
    }

    /**
     * Imports a checkpoint folder into {@code destination}.
     *
     * @param replace allow replacing an existing destination folder (swapped in only after the
     *                new model is verified)
     * @throws ImportException naming what is missing or wrong; the destination is then untouched
     */
    public static Result importCheckpoint(Path checkpointFolder, Path destination, AttentionBias attentionBias,
                                          boolean replace) throws ImportException {
        MagentaCheckpoint checkpoint = MagentaCheckpoint.read(checkpointFolder);
        DrumKitRnnWeights weights = DrumKitRnnWeights.from(checkpoint.tensors());
        boolean withBias = attentionBias == AttentionBias.AS_TENSORFLOW;

        byte[] template = bundled(DrumModel.ONNX_FILE);
        checkTemplate(template);
        byte[] onnx;
        try {
            onnx = OnnxInitializers.withFloats(template, weights.toDownbeat(withBias));
        } catch (IllegalArgumentException mismatch) {
            throw new ImportException("the bundled graph does not take drum_kit_rnn's weights: " + mismatch.getMessage(), mismatch);
        }
        float[][] reference = referenceLogits(weights, withBias);
        String spec = spec(new String(bundled(DrumModel.SPEC_FILE), StandardCharsets.UTF_8), checkpoint, attentionBias);

        Path target = destination.toAbsolutePath().normalize();
        Path source = checkpointFolder.toAbsolutePath().normalize();
        if (source.startsWith(target)) {
            throw new ImportException(target + " holds the checkpoint itself; write the model to another folder");
        }
        if (Files.exists(target) && !replace) {
            throw new ImportException(target + " already exists; choose another folder or allow replacing it");
        }
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new ImportException(target + " exists and is not a folder");
        }
        try (StagingFolder staging = StagingFolder.beside(target, "importing")) {
            Files.write(staging.path().resolve(DrumModel.ONNX_FILE), onnx);
            Files.writeString(staging.path().resolve(DrumModel.SPEC_FILE), spec, StandardCharsets.UTF_8);
            Files.writeString(staging.path().resolve("reference.json"), referenceJson(reference), StandardCharsets.UTF_8);
            double difference = verify(staging.path(), reference);
            staging.moveIntoPlace();
            return new Result(target, difference, attentionBias, weights.attentionBiasIsZero());
        } catch (IOException | UncheckedIOException failed) {
            throw new ImportException("cannot write the model to " + target + ": " + failed.getMessage(), failed);
        }
    }

    private static byte[] bundled(String name) throws ImportException {
        try (InputStream in = DrumModel.class.getResourceAsStream(DrumModel.BUNDLED_RESOURCE + name)) {
            if (in == null) {
                throw new ImportException("this Downbeat build has no bundled " + name + " to use as the graph template");
            }
            return in.readAllBytes();
        } catch (IOException unreadable) {
            throw new ImportException("the bundled " + name + " cannot be read: " + unreadable.getMessage(), unreadable);
        }
    }

    /** The template must hold exactly drum_kit_rnn's initializers, or the mapping would be incomplete. */
    private static void checkTemplate(byte[] template) throws ImportException {
        Set<String> names;
        try {
            names = OnnxInitializers.read(template).keySet();
        } catch (IllegalArgumentException corrupt) {
            throw new ImportException("the bundled " + DrumModel.ONNX_FILE + " cannot be read as a template: "
                    + corrupt.getMessage(), corrupt);
        }
        if (!names.equals(GRAPH_INITIALIZERS)) {
            throw new ImportException("the bundled " + DrumModel.ONNX_FILE + " has the initializers " + names
                    + ", not drum_kit_rnn's " + GRAPH_INITIALIZERS + "; this importer does not match this build's graph");
        }
    }

    private static int[] referenceEvents() {
        int[] seed = DrumPattern.DEFAULT_SEED.events();
        int[] continuation = {1, 4, 0, 4, 2 + 1, 4, 0, 4};
        int[] events = new int[seed.length + continuation.length];
        System.arraycopy(seed, 0, events, 0, seed.length);
        System.arraycopy(continuation, 0, events, seed.length, continuation.length);
        return events;
    }

    /** Logits after feeding each reference event from zero state, by the independent implementation. */
    static float[][] referenceLogits(DrumKitRnnWeights weights, boolean attentionBias) {
        MagentaDrumKitRnn reference = new MagentaDrumKitRnn(weights, attentionBias);
        float[][] logits = new float[REFERENCE_EVENTS.length][];
        float[] input = new float[DrumEncoding.INPUT_SIZE];
        for (int t = 0; t < REFERENCE_EVENTS.length; t++) {
            DrumEncoding.encodeInput(REFERENCE_EVENTS[t], t, input, 0);
            logits[t] = reference.step(input);
        }
        return logits;
    }

    /** Loads the staged folder as the plugin would and checks its logits against the reference. */
    private static double verify(Path staging, float[][] reference) throws ImportException {
        double worst = 0;
        int worstStep = 0;
        int worstEvent = 0;
        float[] logits = new float[DrumEncoding.EVENT_COUNT];
        try (DrumModel model = DrumModel.load(staging); DrumGenerator generator = model.newGenerator()) {
            for (int t = 0; t < REFERENCE_EVENTS.length; t++) {
                generator.feed(REFERENCE_EVENTS[t]);
                generator.logits(logits);
                for (int e = 0; e < logits.length; e++) {
                    double difference = Math.abs(logits[e] - reference[t][e]);
                    if (!(difference <= worst)) {
                        worst = difference;
                        worstStep = t;
                        worstEvent = e;
                    }
                }
            }
        } catch (ModelLoadException | RuntimeException unusable) {
            throw new ImportException("the converted model does not load: " + unusable.getMessage(), unusable);
        }
        if (!(worst <= TOLERANCE)) {
            throw new ImportException(String.format("the converted model does not reproduce the checkpoint: on step %d the logit "
                    + "of event %d differs by %.3g from Magenta's equations (tolerance %.0e)", worstStep, worstEvent, worst,
                    TOLERANCE));
        }
        return worst;
    }

    private static String spec(String bundledSpec, MagentaCheckpoint checkpoint, AttentionBias attentionBias) {
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) JsonText.parse(bundledSpec));
        spec.put("classPitches", checkpoint.classPitches());
        Map<String, Object> imported = new LinkedHashMap<>();
        imported.put("data", "imported Magenta.js drum_kit_rnn checkpoint " + checkpoint.folder().toAbsolutePath().normalize());
        imported.put("importedFrom", checkpoint.folder().toAbsolutePath().normalize().toString());
        imported.put("attentionBias", attentionBias == AttentionBias.AS_TENSORFLOW
                ? "added to the attention query, as TensorFlow trained it"
                : "left out of the attention query, as Magenta.js runs it");
        imported.put("command", "downbeat import-magenta");
        spec.put("training", imported);
        return JsonOutput.write(spec);
    }

    private static String referenceJson(float[][] logits) {
        List<Object> events = new ArrayList<>();
        for (int e : REFERENCE_EVENTS) {
            events.add(e);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("events", events);
        json.put("logits", List.of((Object[]) logits));
        return JsonOutput.write(json);
    }}
