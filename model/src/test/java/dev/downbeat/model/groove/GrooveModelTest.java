package dev.downbeat.model.groove;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.downbeat.model.JsonText;
import dev.downbeat.model.ModelLoadException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrooveModelTest {
    @TempDir
    Path folder;

    static byte[] bundled(String name) throws Exception {
        try (InputStream in = GrooveModel.class.getResourceAsStream(GrooveModel.BUNDLED_RESOURCE + name)) {
            assertThat(in).as("bundled " + name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void onnxRuntimeMatchesPyTorchOnTheReferenceWindow() throws Exception {
        Object reference = JsonText.parse(new String(bundled("groove_reference.json"), StandardCharsets.UTF_8));
        List<?> features = (List<?>) ((java.util.Map<?, ?>) reference).get("features");
        List<?> expected = (List<?>) ((java.util.Map<?, ?>) reference).get("groove");
        float[][] input = new float[features.size()][];
        for (int s = 0; s < input.length; s++) {
            List<?> row = (List<?>) features.get(s);
            input[s] = new float[row.size()];
            for (int f = 0; f < row.size(); f++) {
                input[s][f] = ((Double) row.get(f)).floatValue();
            }
        }
        try (GrooveModel model = GrooveModel.loadBundled()) {
            float[][] output = model.run(input);
            assertThat(output).hasNumberOfRows(expected.size());
            double worst = 0;
            for (int s = 0; s < output.length; s++) {
                List<?> row = (List<?>) expected.get(s);
                for (int o = 0; o < GrooveSpec.OUTPUTS; o++) {
                    worst = Math.max(worst, Math.abs(output[s][o] - (Double) row.get(o)));
                }
            }
            assertThat(worst).as("largest difference from PyTorch").isLessThan(1e-4);
        }
    }

    @Test
    void theReferenceFeaturesAreTheOnesJavaBuildsForTheSamePattern() throws Exception {
        // The parity test above feeds PyTorch's rows; this checks Java encodes a pattern the same way.
        java.util.Map<?, ?> reference = (java.util.Map<?, ?>) JsonText.parse(
                new String(bundled("groove_reference.json"), StandardCharsets.UTF_8));
        List<?> rows = (List<?>) reference.get("features");
        int[] events = new int[rows.size()];
        double tempo = 0;
        for (int s = 0; s < events.length; s++) {
            List<?> row = (List<?>) rows.get(s);
            for (int d = 0; d < GrooveSpec.CLASSES; d++) {
                events[s] |= ((Double) row.get(d)) == 1.0 ? 1 << d : 0;
            }
            tempo = (Double) row.get(GrooveSpec.FEATURES - 1) * GrooveSpec.TEMPO_SCALE;
        }
        float[][] built = GrooveModel.features(events, tempo);
        for (int s = 0; s < events.length; s++) {
            List<?> row = (List<?>) rows.get(s);
            for (int f = 0; f < GrooveSpec.FEATURES; f++) {
                assertThat((double) built[s][f]).isCloseTo((Double) row.get(f), org.assertj.core.api.Assertions.within(1e-5));
            }
        }
    }

    @Test
    void groovesEveryHitOfTheNewStepsOnlyWithVelocitiesThatFollowTheBeat() throws Exception {
        // Two bars of a rock beat as context, then one more bar: hats on 8ths, kick 1 and 3, snare 2 and 4.
        int[] bar = new int[16];
        for (int s = 0; s < 16; s += 2) bar[s] |= 1 << 2;
        bar[0] |= 1; bar[8] |= 1; bar[4] |= 1 << 1; bar[12] |= 1 << 1;
        int[] three = new int[48];
        for (int b = 0; b < 3; b++) System.arraycopy(bar, 0, three, 16 * b, 16);
        try (GrooveModel model = GrooveModel.loadBundled()) {
            Groove groove = model.groove(three, 32, 120);
            assertThat(groove.steps()).isEqualTo(16);
            assertThat(groove.hits()).hasSize(12);
            assertThat(groove.hits()).allSatisfy(hit -> assertThat(hit.offset()).isBetween(-0.5f, 0.5f));
            float snare = velocityOf(groove, 4, 1), offbeatHat = velocityOf(groove, 2, 2);
            // A backbeat snare is played harder than an off-beat hi-hat by every drummer in the data.
            assertThat(snare).isGreaterThan(offbeatHat + 0.1f);
            // Deterministic: the same input gives the same groove.
            assertThat(model.groove(three, 32, 120)).isEqualTo(groove);
        }
    }

    static float velocityOf(Groove groove, int step, int drum) {
        return groove.hits().stream().filter(h -> h.step() == step && h.drumClass() == drum).findFirst().orElseThrow().velocity();
    }

    @Test
    void aMissingGrooveModelNamesTheFile() {
        assertThatThrownBy(() -> GrooveModel.load(folder)).isInstanceOf(ModelLoadException.class)
                .hasMessage("groove model file " + folder.resolve("groove.onnx") + " is missing");
        assertThatThrownBy(() -> GrooveModel.load(folder.resolve("nowhere"))).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void aCorruptGraphIsReportedAsNotAnOnnxModel() throws Exception {
        Files.write(folder.resolve("groove.onnx"), "not a graph".getBytes(StandardCharsets.US_ASCII));
        Files.write(folder.resolve("groove_spec.json"), bundled("groove_spec.json"));
        assertThatThrownBy(() -> GrooveModel.load(folder)).isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith(folder.resolve("groove.onnx") + " is not a readable ONNX model");
    }

    @Test
    void aSpecThatDisagreesWithTheGraphIsReportedWithTheFieldAndBothSides() throws Exception {
        Files.write(folder.resolve("groove.onnx"), bundled("groove.onnx"));
        String spec = new String(bundled("groove_spec.json"), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("groove_spec.json"), spec.replace("\"inputName\": \"features\"", "\"inputName\": \"hits\""));
        assertThatThrownBy(() -> GrooveModel.load(folder)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("names the input \"hits\"").hasMessageContaining("[features]");
        Files.writeString(folder.resolve("groove_spec.json"), spec.replace("\"features\": 26", "\"features\": 25"));
        assertThatThrownBy(() -> GrooveModel.load(folder)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("features is 25, but this Downbeat's groove encoding has 26");
        Files.writeString(folder.resolve("groove_spec.json"), spec.replace("downbeat-groove", "downbeat-drumrnn"));
        assertThatThrownBy(() -> GrooveModel.load(folder)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("expected \"downbeat-groove\"");
    }

    @Test
    void theDrumModelInTheGrooveSlotIsRefused() throws Exception {
        Files.write(folder.resolve("groove.onnx"), bundled("drum_rnn.onnx"));
        Files.write(folder.resolve("groove_spec.json"), bundled("groove_spec.json"));
        assertThatThrownBy(() -> GrooveModel.load(folder)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("has 2 inputs");
    }
}
