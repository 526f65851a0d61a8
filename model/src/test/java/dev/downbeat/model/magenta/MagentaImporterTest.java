package dev.downbeat.model.magenta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.downbeat.model.DrumGenerator;
import dev.downbeat.model.DrumModel;
import dev.downbeat.model.DrumPattern;
import dev.downbeat.model.StepSampler;
import dev.downbeat.model.magenta.MagentaImporter.AttentionBias;
import dev.downbeat.model.onnx.OnnxInitializers;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MagentaImporterTest {
    @TempDir
    Path temp;

    private Path checkpoint(CheckpointFixture fixture) throws IOException {
        Path folder = temp.resolve("ckpt");
        fixture.write(folder);
        return folder;
    }

    @Test
    void importedModelLoadsAndReproducesMagentasEquations() throws Exception {
        Path ckpt = checkpoint(new CheckpointFixture(7, false));
        Path out = temp.resolve("models/mine");

        MagentaImporter.Result result = MagentaImporter.importCheckpoint(ckpt, out, AttentionBias.AS_TENSORFLOW, false);

        assertThat(result.maxLogitDifference()).isLessThanOrEqualTo(MagentaImporter.TOLERANCE);
        assertThat(out.resolve("drum_rnn.onnx")).isRegularFile();
        assertThat(out.resolve("reference.json")).isRegularFile();
        try (DrumModel model = DrumModel.load(out)) {
            assertThat(model.spec().classPitches()).isEqualTo(MagentaCheckpoint.DEFAULT_PITCH_CLASSES);
            assertThat(model.spec().dataCredit()).contains("Magenta.js drum_kit_rnn checkpoint");
        }
        // Nothing but the model folder is left beside it.
        try (Stream<Path> siblings = Files.list(out.getParent())) {
            assertThat(siblings).containsExactly(out);
        }
    }

    @Test
    void kernelsAreTransposedAndTheConvolutionIsReshaped() throws Exception {
        CheckpointFixture fixture = new CheckpointFixture(3, false);
        Path out = temp.resolve("m");
        MagentaImporter.importCheckpoint(checkpoint(fixture), out, AttentionBias.AS_TENSORFLOW, false);

        byte[] onnx = Files.readAllBytes(out.resolve("drum_rnn.onnx"));
        var initializers = OnnxInitializers.read(onnx);
        float[] linear1 = OnnxInitializers.floats(onnx, initializers.get("model.linear1.weight"));
        float[] kernel = fixture.values.get(DrumKitRnnWeights.INPUT_KERNEL);   // [774, 518]
        // torch weight [out=518, in=774]: element (o, i) is kernel (i, o).
        assertThat(linear1[5 * 774 + 700]).isEqualTo(kernel[700 * 518 + 5]);
        float[] attnW = OnnxInitializers.floats(onnx, initializers.get("model.attn_w"));
        assertThat(attnW).isEqualTo(fixture.values.get(DrumKitRnnWeights.ATTN_W));
        float[] cell2 = OnnxInitializers.floats(onnx, initializers.get("model.cells.2.weight"));
        float[] cell2Kernel = fixture.values.get(DrumKitRnnWeights.cellKernel(2));   // [512, 1024]
        assertThat(cell2[1000 * 512 + 300]).isEqualTo(cell2Kernel[300 * 1024 + 1000]);
    }

    @Test
    void attentionBiasConventionChangesWhatThePluginPlays() throws Exception {
        Path ckpt = checkpoint(new CheckpointFixture(11, false));
        Path tf = temp.resolve("tf");
        Path js = temp.resolve("js");
        MagentaImporter.Result asTf = MagentaImporter.importCheckpoint(ckpt, tf, AttentionBias.AS_TENSORFLOW, false);
        MagentaImporter.Result asJs = MagentaImporter.importCheckpoint(ckpt, js, AttentionBias.AS_MAGENTA_JS, false);
        assertThat(asTf.attentionBiasZero()).isFalse();
        assertThat(asJs.maxLogitDifference()).isLessThanOrEqualTo(MagentaImporter.TOLERANCE);

        float[] a = logitsAfterSeed(tf);
        float[] b = logitsAfterSeed(js);
        double largest = 0;
        for (int e = 0; e < a.length; e++) {
            largest = Math.max(largest, Math.abs(a[e] - b[e]));
        }
        assertThat(largest).isGreaterThan(1e-3);
    }

    @Test
    void zeroAttentionBiasMakesBothConventionsAgree() throws Exception {
        Path ckpt = checkpoint(new CheckpointFixture(5, true));
        MagentaImporter.Result result = MagentaImporter.importCheckpoint(ckpt, temp.resolve("tf"), AttentionBias.AS_TENSORFLOW,
                false);
        MagentaImporter.importCheckpoint(ckpt, temp.resolve("js"), AttentionBias.AS_MAGENTA_JS, false);
        assertThat(result.attentionBiasZero()).isTrue();
        assertThat(logitsAfterSeed(temp.resolve("tf"))).isEqualTo(logitsAfterSeed(temp.resolve("js")));
    }

    private static float[] logitsAfterSeed(Path model) throws Exception {
        try (DrumModel m = DrumModel.load(model); DrumGenerator g = m.newGenerator()) {
            g.feedAll(DrumPattern.DEFAULT_SEED);
            float[] logits = new float[512];
            g.logits(logits);
            return logits;
        }
    }

    @Test
    void importedModelContinuesTheSeedDeterministically() throws Exception {
        Path out = temp.resolve("m");
        MagentaImporter.importCheckpoint(checkpoint(new CheckpointFixture(2, false)), out, AttentionBias.AS_TENSORFLOW, false);
        try (DrumModel m = DrumModel.load(out); DrumGenerator g = m.newGenerator()) {
            DrumPattern first = g.continueSeed(DrumPattern.DEFAULT_SEED, 32, new StepSampler(1.0, 42));
            DrumPattern second = g.continueSeed(DrumPattern.DEFAULT_SEED, 32, new StepSampler(1.0, 42));
            assertThat(first.length()).isEqualTo(42);
            assertThat(first).isEqualTo(second);
        }
    }

    // ---- refusals: each names what is wrong and leaves nothing behind

    private void assertRefused(Path ckpt, String... messageParts) {
        Path out = temp.resolve("out/model");
        assertThatThrownBy(() -> MagentaImporter.importCheckpoint(ckpt, out, AttentionBias.AS_TENSORFLOW, false))
                .isInstanceOf(ImportException.class)
                .hasMessageContainingAll(messageParts);
        assertThat(out).doesNotExist();
        if (Files.exists(out.getParent())) {
            try (Stream<Path> left = Files.list(out.getParent())) {
                assertThat(left).isEmpty();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void missingShardIsNamed() throws Exception {
        CheckpointFixture fixture = new CheckpointFixture(1, false);
        Path ckpt = checkpoint(fixture);
        Files.delete(ckpt.resolve("group1-shard2of2"));
        assertRefused(ckpt, "group1-shard2of2", "missing");
    }

    @Test
    void shortShardIsNamedWithTheFirstIncompleteWeight() throws Exception {
        Path ckpt = checkpoint(new CheckpointFixture(1, false));
        try (RandomAccessFile shard = new RandomAccessFile(ckpt.resolve("group1-shard2of2").toFile(), "rw")) {
            shard.setLength(shard.length() - 4);
        }
        assertRefused(ckpt, "short", DrumKitRnnWeights.DENSE_BIASES);
    }

    @Test
    void wrongShapeIsNamedWithBothShapes() throws Exception {
        CheckpointFixture fixture = new CheckpointFixture(1, false);
        fixture.shapes.put(DrumKitRnnWeights.cellKernel(1), new int[] {512, 1000});
        fixture.values.put(DrumKitRnnWeights.cellKernel(1), new float[512 * 1000]);
        assertRefused(checkpoint(fixture), DrumKitRnnWeights.cellKernel(1) + " is [512, 1000], expected [512, 1024]");
    }

    @Test
    void missingTensorsAreAllListed() throws Exception {
        CheckpointFixture fixture = new CheckpointFixture(1, false);
        fixture.shapes.remove(DrumKitRnnWeights.ATTN_V);
        fixture.values.remove(DrumKitRnnWeights.ATTN_V);
        fixture.shapes.remove(DrumKitRnnWeights.DENSE_WEIGHTS);
        fixture.values.remove(DrumKitRnnWeights.DENSE_WEIGHTS);
        assertRefused(checkpoint(fixture), "missing", DrumKitRnnWeights.ATTN_V + " [256]",
                DrumKitRnnWeights.DENSE_WEIGHTS + " [256, 512]");
    }

    @Test
    void unknownConfigTypeIsNamed() throws Exception {
        CheckpointFixture fixture = new CheckpointFixture(1, false);
        fixture.config = CheckpointFixture.CONFIG.replace("\"MusicRNN\"", "\"MusicVAE\"");
        assertRefused(checkpoint(fixture), "config.json", "\"MusicVAE\"", "not supported");
    }

    @Test
    void melodyConverterIsRefused() throws Exception {
        CheckpointFixture fixture = new CheckpointFixture(1, false);
        fixture.config = CheckpointFixture.CONFIG.replace("DrumsOneHotConverter", "MelodyConverter");
        assertRefused(checkpoint(fixture), "\"MelodyConverter\"", "DrumsOneHotConverter");
    }

    @Test
    void otherAttentionLengthIsRefused() throws Exception {
        CheckpointFixture fixture = new CheckpointFixture(1, false);
        fixture.config = CheckpointFixture.CONFIG.replace("\"attentionLength\": 32", "\"attentionLength\": 16");
        assertRefused(checkpoint(fixture), "attentionLength", "16", "32");
    }

    @Test
    void missingConfigIsNamed() throws Exception {
        Path ckpt = checkpoint(new CheckpointFixture(1, false));
        Files.delete(ckpt.resolve("config.json"));
        assertRefused(ckpt, "has no config.json");
    }

    @Test
    void corruptManifestIsNamed() throws Exception {
        Path ckpt = checkpoint(new CheckpointFixture(1, false));
        Files.writeString(ckpt.resolve("weights_manifest.json"), "[{\"paths\": [\"group1-shard1of2\"], ");
        assertRefused(ckpt, "weights_manifest.json is not valid JSON");
    }

    @Test
    void nonFiniteWeightIsNamed() throws Exception {
        CheckpointFixture fixture = new CheckpointFixture(1, false);
        fixture.values.get(DrumKitRnnWeights.cellBias(0))[17] = Float.NaN;
        assertRefused(checkpoint(fixture), DrumKitRnnWeights.cellBias(0), "NaN", "corrupt");
    }

    @Test
    void checkpointWithoutAttentionIsRefused() throws Exception {
        CheckpointFixture fixture = new CheckpointFixture(1, false);
        float[] kernel = fixture.values.remove(DrumKitRnnWeights.cellKernel(0));
        int[] shape = fixture.shapes.remove(DrumKitRnnWeights.cellKernel(0));
        fixture.values.put("rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel", kernel);
        fixture.shapes.put("rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel", shape);
        fixture.values.remove(DrumKitRnnWeights.INPUT_KERNEL);
        fixture.shapes.remove(DrumKitRnnWeights.INPUT_KERNEL);
        assertRefused(checkpoint(fixture), "no attention wrapper");
    }

    @Test
    void existingModelIsKeptUnlessReplacing() throws Exception {
        Path ckpt = checkpoint(new CheckpointFixture(4, false));
        Path out = temp.resolve("m");
        Files.createDirectories(out);
        Files.writeString(out.resolve("note.txt"), "the user's own");
        assertThatThrownBy(() -> MagentaImporter.importCheckpoint(ckpt, out, AttentionBias.AS_TENSORFLOW, false))
                .isInstanceOf(ImportException.class).hasMessageContaining("already exists");
        assertThat(out.resolve("note.txt")).hasContent("the user's own");

        MagentaImporter.importCheckpoint(ckpt, out, AttentionBias.AS_TENSORFLOW, true);
        assertThat(out.resolve("note.txt")).doesNotExist();
        assertThat(out.resolve("drum_rnn.onnx")).isRegularFile();
        try (Stream<Path> siblings = Files.list(temp)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ckpt", "m");
        }
    }

    @Test
    void theCheckpointFolderIsNeverReplaced() throws Exception {
        Path ckpt = checkpoint(new CheckpointFixture(4, false));
        assertThatThrownBy(() -> MagentaImporter.importCheckpoint(ckpt, ckpt, AttentionBias.AS_TENSORFLOW, true))
                .isInstanceOf(ImportException.class).hasMessageContaining("holds the checkpoint itself");
        assertThat(ckpt.resolve("config.json")).isRegularFile();
    }

    @Test
    void failedReplaceLeavesTheOldModel() throws Exception {
        CheckpointFixture fixture = new CheckpointFixture(4, false);
        fixture.config = CheckpointFixture.CONFIG.replace("\"MusicRNN\"", "\"Other\"");
        Path ckpt = checkpoint(fixture);
        Path out = temp.resolve("m");
        Files.createDirectories(out);
        Files.writeString(out.resolve("note.txt"), "kept");
        assertThatThrownBy(() -> MagentaImporter.importCheckpoint(ckpt, out, AttentionBias.AS_TENSORFLOW, true))
                .isInstanceOf(ImportException.class);
        assertThat(out.resolve("note.txt")).hasContent("kept");
        try (Stream<Path> siblings = Files.list(temp)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ckpt", "m");
        }
    }

    @Test
    void customPitchClassesReachTheSpec() throws Exception {
        CheckpointFixture fixture = new CheckpointFixture(4, false);
        fixture.config = CheckpointFixture.CONFIG.replace("\"args\": {}",
                "\"args\": {\"pitchClasses\": [[36], [38], [42], [46], [45], [48], [50], [49], [51]]}");
        Path out = temp.resolve("m");
        MagentaImporter.importCheckpoint(checkpoint(fixture), out, AttentionBias.AS_TENSORFLOW, false);
        try (DrumModel model = DrumModel.load(out)) {
            assertThat(model.spec().classPitches()).containsExactly(List.of(36), List.of(38), List.of(42), List.of(46),
                    List.of(45), List.of(48), List.of(50), List.of(49), List.of(51));
        }
    }
}
