package dev.downbeat.model.magenta;

import dev.downbeat.model.DrumEncoding;
import dev.downbeat.model.DrumGenerator;
import dev.downbeat.model.DrumModel;
import dev.downbeat.model.JsonText;
import dev.downbeat.model.ModelLoadException;
import dev.downbeat.model.StepSampler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Compares a Downbeat model with what Magenta.js computed for the same checkpoint: the step
 * probabilities and the most-likely (argmax) continuation of a seed. Magenta.js's side comes as
 * JSON {@code {"seed": [events], "continuation": [events], "probabilities": [[512 floats] per
 * continued step]}}, as {@code MusicRNN.continueSequenceAndReturnProbabilities} returns them
 * without a temperature. Any thread but the audio thread.
 */
public final class ContinuationComparison {
    /**
     * How far Downbeat is from Magenta.js.
     *
     * @param maxProbabilityDifference largest |p_downbeat − p_magenta| over every event of every step
     * @param worstStep                the continued step where it occurs
     * @param firstDifferentStep       first continued step whose argmax differs, -1 if none does
     * @param downbeatContinuation     Downbeat's argmax at each step (fed Magenta's events, so
     *                                 later steps stay comparable after a difference)
     * @param magentaContinuation      Magenta.js's continuation
     */
    public record Outcome(double maxProbabilityDifference, int worstStep, int firstDifferentStep,
                          List<Integer> downbeatContinuation, List<Integer> magentaContinuation) {
        /** Whether both agree within {@code tolerance} and on every argmax. */
        public boolean agrees(double tolerance) {
            return maxProbabilityDifference <= tolerance && firstDifferentStep < 0;
        }
    }

    private ContinuationComparison() {
    }

    /**
     * Runs the model over the seed and continuation in {@code magentaJson}.
     *
     * @throws ImportException if the JSON is unreadable or malformed, or the model does not load
     */
    public static Outcome compare(Path model, Path magentaJson) throws ImportException {
        Map<?, ?> json = read(magentaJson);
        int[] seed = events(json.get("seed"), magentaJson + " \"seed\"");
        int[] continuation = events(json.get("continuation"), magentaJson + " \"continuation\"");
        Object probabilities = json.get("probabilities");
        if (seed.length == 0 || !(probabilities instanceof List) || ((List<?>) probabilities).size() != continuation.length) {
            throw new ImportException(magentaJson + " needs a non-empty \"seed\" and one \"probabilities\" row per continued step");
        }
        List<?> rows = (List<?>) probabilities;
        float[] logits = new float[DrumEncoding.EVENT_COUNT];
        double worst = 0;
        int worstStep = 0;
        int firstDifferent = -1;
        Integer[] ours = new Integer[continuation.length];
        Integer[] theirs = new Integer[continuation.length];
        try (DrumModel drumModel = DrumModel.load(model); DrumGenerator generator = drumModel.newGenerator()) {
            for (int event : seed) {
                generator.feed(event);
            }
            for (int s = 0; s < continuation.length; s++) {
                generator.logits(logits);
                double[] p = softmax(logits);
                List<?> row = (List<?>) rows.get(s);
                if (row.size() != p.length) {
                    throw new ImportException(magentaJson + ": probabilities row " + s + " has " + row.size() + " values, not "
                            + p.length);
                }
                for (int e = 0; e < p.length; e++) {
                    double difference = Math.abs(p[e] - ((Number) row.get(e)).doubleValue());
                    if (!(difference <= worst)) {
                        worst = difference;
                        worstStep = s;
                    }
                }
                ours[s] = StepSampler.argmax(logits);
                theirs[s] = continuation[s];
                if (ours[s] != continuation[s] && firstDifferent < 0) {
                    firstDifferent = s;
                }
                generator.feed(continuation[s]);
            }
        } catch (ModelLoadException unusable) {
            throw new ImportException(unusable.getMessage(), unusable);
        } catch (ClassCastException | IllegalArgumentException malformed) {
            throw new ImportException(magentaJson + " holds something other than events and probabilities: "
                    + malformed.getMessage(), malformed);
        }
        return new Outcome(worst, worstStep, firstDifferent, List.of(ours), List.of(theirs));
    }

    private static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int e = 0; e < logits.length; e++) {
            p[e] = Math.exp(logits[e] - max);
            sum += p[e];
        }
        for (int e = 0; e < p.length; e++) {
            p[e] /= sum;
        }
        return p;
    }

    private static Map<?, ?> read(Path file) throws ImportException {
        try {
            Object json = JsonText.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!(json instanceof Map)) {
                throw new ImportException(file + " must hold a JSON object");
            }
            return (Map<?, ?>) json;
        } catch (IOException unreadable) {
            throw new ImportException(file + " cannot be read: " + unreadable.getMessage(), unreadable);
        } catch (IllegalArgumentException badJson) {
            throw new ImportException(file + " is not valid JSON: " + badJson.getMessage(), badJson);
        }
    }

    private static int[] events(Object value, String what) throws ImportException {
        if (!(value instanceof List)) {
            throw new ImportException(what + " must be a list of events 0..511");
        }
        List<?> list = (List<?>) value;
        int[] events = new int[list.size()];
        for (int i = 0; i < events.length; i++) {
            Object e = list.get(i);
            if (!(e instanceof Double) || (Double) e != Math.rint((Double) e) || (Double) e < 0
                    || (Double) e >= DrumEncoding.EVENT_COUNT) {
                throw new ImportException(what + " holds " + e + ", not an event 0..511");
            }
            events[i] = ((Double) e).intValue();
        }
        return events;
    }
}
