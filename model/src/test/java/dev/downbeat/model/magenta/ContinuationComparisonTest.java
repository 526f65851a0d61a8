package dev.downbeat.model.magenta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.downbeat.model.DrumEncoding;
import dev.downbeat.model.DrumPattern;
import dev.downbeat.model.StepSampler;
import dev.downbeat.model.magenta.MagentaImporter.AttentionBias;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The --compare check against Magenta.js output, fed here with what Magenta's equations give
 * (the independent reference), then with that output spoiled in the ways a broken conversion
 * would spoil it.
 */
class ContinuationComparisonTest {
    private static final int STEPS = 16;

    @TempDir
    static Path temp;
    static Path model;
    static int[] continuation;
    static double[][] probabilities;

    @BeforeAll
    static void importAndComputeMagentasAnswer() throws Exception {
        CheckpointFixture fixture = new CheckpointFixture(9, true);
        fixture.write(temp.resolve("ckpt"));
        model = temp.resolve("model");
        MagentaImporter.importCheckpoint(temp.resolve("ckpt"), model, AttentionBias.AS_TENSORFLOW, false);

        DrumKitRnnWeights weights = DrumKitRnnWeights.from(MagentaCheckpoint.read(temp.resolve("ckpt")).tensors());
        MagentaDrumKitRnn reference = new MagentaDrumKitRnn(weights, true);
        int[] seed = DrumPattern.DEFAULT_SEED.events();
        float[] input = new float[DrumEncoding.INPUT_SIZE];
        float[] logits = null;
        for (int t = 0; t < seed.length; t++) {
            DrumEncoding.encodeInput(seed[t], t, input, 0);
            logits = reference.step(input);
        }
        continuation = new int[STEPS];
        probabilities = new double[STEPS][];
        for (int s = 0; s < STEPS; s++) {
            probabilities[s] = softmax(logits);
            continuation[s] = StepSampler.argmax(logits);
            DrumEncoding.encodeInput(continuation[s], seed.length + s, input, 0);
            logits = reference.step(input);
        }
    }

    private static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int e = 0; e < p.length; e++) {
            p[e] = Math.exp(logits[e] - max);
            sum += p[e];
        }
        for (int e = 0; e < p.length; e++) {
            p[e] /= sum;
        }
        return p;
    }

    private static Path magentaJson(String name, int[] events, double[][] probs) throws Exception {
        Map<String, Object> json = new LinkedHashMap<>();
        List<Object> seed = new ArrayList<>();
        for (int e : DrumPattern.DEFAULT_SEED.events()) {
            seed.add(e);
        }
        List<Object> cont = new ArrayList<>();
        for (int e : events) {
            cont.add(e);
        }
        List<Object> rows = new ArrayList<>();
        for (double[] row : probs) {
            List<Object> r = new ArrayList<>();
            for (double p : row) {
                r.add(p);
            }
            rows.add(r);
        }
        json.put("seed", seed);
        json.put("continuation", cont);
        json.put("probabilities", rows);
        Path file = temp.resolve(name);
        Files.writeString(file, JsonOutput.write(json));
        return file;
    }

    @Test
    void agreesWithMagentasEquations() throws Exception {
        ContinuationComparison.Outcome outcome = ContinuationComparison.compare(model, magentaJson("same.json", continuation,
                probabilities));
        assertThat(outcome.maxProbabilityDifference()).isLessThan(1e-5);
        assertThat(outcome.firstDifferentStep()).isEqualTo(-1);
        assertThat(outcome.agrees(1e-4)).isTrue();
        assertThat(outcome.downbeatContinuation()).isEqualTo(outcome.magentaContinuation());
    }

    @Test
    void aProbabilityOffBy1e3IsFoundOnItsStep() throws Exception {
        double[][] spoiled = new double[STEPS][];
        for (int s = 0; s < STEPS; s++) {
            spoiled[s] = probabilities[s].clone();
        }
        spoiled[7][100] += 1e-3;
        ContinuationComparison.Outcome outcome = ContinuationComparison.compare(model, magentaJson("off.json", continuation,
                spoiled));
        assertThat(outcome.worstStep()).isEqualTo(7);
        assertThat(outcome.maxProbabilityDifference()).isGreaterThan(9e-4);
        assertThat(outcome.agrees(1e-4)).isFalse();
    }

    @Test
    void aDifferentContinuationIsFoundOnItsStep() throws Exception {
        int[] other = continuation.clone();
        other[5] = (other[5] + 1) % 512;
        ContinuationComparison.Outcome outcome = ContinuationComparison.compare(model, magentaJson("other.json", other,
                probabilities));
        assertThat(outcome.firstDifferentStep()).isEqualTo(5);
        assertThat(outcome.agrees(1e-4)).isFalse();
    }

    @Test
    void malformedFileIsNamed() throws Exception {
        Path bad = temp.resolve("bad.json");
        Files.writeString(bad, "{\"seed\": [5, 1], \"continuation\": [600], \"probabilities\": [[]]}");
        assertThatThrownBy(() -> ContinuationComparison.compare(model, bad)).isInstanceOf(ImportException.class)
                .hasMessageContaining("bad.json").hasMessageContaining("600");
    }
}
