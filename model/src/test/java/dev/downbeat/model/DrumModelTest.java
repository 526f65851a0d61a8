package dev.downbeat.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrumModelTest {
    private static DrumModel model;

    @BeforeAll
    static void load() throws Exception {
        model = DrumModel.loadBundled();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static byte[] bundled(String name) throws Exception {
        try (InputStream in = DrumModel.class.getResourceAsStream(DrumModel.BUNDLED_RESOURCE + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void onnxRuntimeMatchesTheTrainingFrameworksLogitsOnTheReferenceSequence() throws Exception {
        Map<?, ?> reference = (Map<?, ?>) JsonText.parse(new String(bundled("reference.json"), StandardCharsets.UTF_8));
        List<?> events = (List<?>) reference.get("events");
        List<?> expected = (List<?>) reference.get("logits");
        assertThat(events).hasSizeGreaterThan(10);
        float[] logits = new float[DrumEncoding.EVENT_COUNT];
        double worst = 0;
        try (DrumGenerator generator = model.newGenerator()) {
            for (int t = 0; t < events.size(); t++) {
                generator.feed(((Double) events.get(t)).intValue());
                generator.logits(logits);
                List<?> want = (List<?>) expected.get(t);
                assertThat(want).hasSize(DrumEncoding.EVENT_COUNT);
                for (int e = 0; e < logits.length; e++) {
                    worst = Math.max(worst, Math.abs(logits[e] - (Double) want.get(e)));
                }
            }
        }
        assertThat(worst).as("largest |ORT - PyTorch| logit difference").isLessThan(1e-4);
    }

    @Test
    void specDescribesTheBundledGraph() {
        ModelSpec spec = model.spec();
        assertThat(spec.inputSize()).isEqualTo(518);
        assertThat(spec.numClasses()).isEqualTo(512);
        assertThat(spec.stateSize()).isEqualTo(18176);
        assertThat(spec.classPitches()).hasSize(9);
        assertThat(spec.classPitches().get(2)).contains(42, 22);
    }

    @Test
    void resetStartsTheSameSequenceAgain() throws Exception {
        float[] first = new float[512];
        float[] again = new float[512];
        try (DrumGenerator generator = model.newGenerator()) {
            generator.feedAll(DrumPattern.DEFAULT_SEED);
            generator.logits(first);
            generator.reset();
            assertThat(generator.position()).isZero();
            generator.feedAll(DrumPattern.DEFAULT_SEED);
            generator.logits(again);
        }
        assertThat(again).containsExactly(first);
    }

    @Test
    void sameRandomSeedGivesTheSameBeatAndAnotherSeedAnother() throws Exception {
        try (DrumGenerator generator = model.newGenerator()) {
            DrumPattern a = generator.continueSeed(DrumPattern.DEFAULT_SEED, 32, new StepSampler(1.0, 7));
            DrumPattern b = generator.continueSeed(DrumPattern.DEFAULT_SEED, 32, new StepSampler(1.0, 7));
            DrumPattern c = generator.continueSeed(DrumPattern.DEFAULT_SEED, 32, new StepSampler(1.0, 8));
            assertThat(a.length()).isEqualTo(42);
            assertThat(a.seedLength()).isEqualTo(10);
            assertThat(a.slice(0, 10).events()).containsExactly(DrumPattern.DEFAULT_SEED.events());
            assertThat(b).isEqualTo(a);
            assertThat(c).isNotEqualTo(a);
        }
    }

    @Test
    void snapshotRestoreResamplesTheSameBarFromTheSameStart() throws Exception {
        try (DrumGenerator generator = model.newGenerator()) {
            generator.feedAll(DrumPattern.DEFAULT_SEED);
            GeneratorSnapshot start = generator.snapshot();
            int[] first = bar(generator, new StepSampler(1.0, 3));
            generator.feed(5);   // wander off
            generator.restore(start);
            assertThat(generator.position()).isEqualTo(10);
            int[] again = bar(generator, new StepSampler(1.0, 3));
            assertThat(again).containsExactly(first);
        }
    }

    private static int[] bar(DrumGenerator generator, StepSampler sampler) {
        int[] steps = new int[16];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = generator.sampleAndFeed(sampler);
        }
        return steps;
    }

    @Test
    void twoGeneratorsOfOneModelKeepTheirOwnState() throws Exception {
        float[] alone = new float[512];
        float[] interleaved = new float[512];
        try (DrumGenerator a = model.newGenerator(); DrumGenerator b = model.newGenerator()) {
            a.feedAll(DrumPattern.DEFAULT_SEED);
            a.logits(alone);
            a.reset();
            for (int t = 0; t < DrumPattern.DEFAULT_SEED.length(); t++) {
                a.feed(DrumPattern.DEFAULT_SEED.event(t));
                b.feed(511 - t);   // something else entirely, in between
            }
            a.logits(interleaved);
        }
        assertThat(interleaved).containsExactly(alone);
    }

    @Test
    void temperatureZeroFollowsTheArgmaxOfTheLogits() throws Exception {
        float[] logits = new float[512];
        try (DrumGenerator generator = model.newGenerator()) {
            generator.feedAll(DrumPattern.DEFAULT_SEED);
            generator.logits(logits);
            int expected = StepSampler.argmax(logits);
            assertThat(generator.sampleAndFeed(new StepSampler(0, 99))).isEqualTo(expected);
        }
    }

    @Test
    void logitsBeforeAnyStepAreRefused() throws Exception {
        try (DrumGenerator generator = model.newGenerator()) {
            assertThatThrownBy(() -> generator.logits(new float[512])).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("feed at least one step");
        }
    }

    @Test
    void aStepAllocatesOnlyOnnxRuntimesSmallBookkeeping() throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (DrumGenerator generator = model.newGenerator()) {
            for (int i = 0; i < 50; i++) {
                generator.feed(i % 7);   // warm up
            }
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            int steps = 200;
            for (int i = 0; i < steps; i++) {
                generator.feed(i % 7);
            }
            long perStep = (threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before) / steps;
            System.out.println("heap bytes allocated per model step: " + perStep);
            // A state tensor copied out each step would be 72 KB; the pinned buffers leave ORT's
            // Java-side result map and name arrays (a few hundred bytes).
            assertThat(perStep).isLessThan(2048);
        }
    }

    // ---- bad model folders: each fails with a message naming the file and the problem ----

    private static Path copyBundled(Path dir) throws Exception {
        Files.write(dir.resolve("drum_rnn.onnx"), bundled("drum_rnn.onnx"));
        Files.write(dir.resolve("spec.json"), bundled("spec.json"));
        return dir;
    }

    /** The bundled model copied into {@code dir}, with {@code text} in its spec.json replaced. */
    private static Path copyBundledWithSpec(Path dir, String text, String replacement) throws Exception {
        String spec = new String(bundled("spec.json"), StandardCharsets.UTF_8);
        assertThat(spec).as("the bundled spec.json to edit").contains(text);
        Files.writeString(copyBundled(dir).resolve("spec.json"), spec.replace(text, replacement));
        return dir;
    }

    @Test
    void aCopiedFolderLoads(@TempDir Path dir) throws Exception {
        try (DrumModel loaded = DrumModel.load(copyBundled(dir))) {
            assertThat(loaded.spec()).isEqualTo(model.spec());
        }
    }

    @Test
    void missingFolder(@TempDir Path dir) {
        assertThatThrownBy(() -> DrumModel.load(dir.resolve("nope"))).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("nope").hasMessageContaining("does not exist");
    }

    @Test
    void missingOnnxFile(@TempDir Path dir) throws Exception {
        Files.delete(copyBundled(dir).resolve("drum_rnn.onnx"));
        assertThatThrownBy(() -> DrumModel.load(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("drum_rnn.onnx").hasMessageContaining("missing");
    }

    @Test
    void truncatedOnnxFile(@TempDir Path dir) throws Exception {
        byte[] onnx = bundled("drum_rnn.onnx");
        Files.write(copyBundled(dir).resolve("drum_rnn.onnx"), Arrays.copyOf(onnx, onnx.length / 3));
        assertThatThrownBy(() -> DrumModel.load(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("drum_rnn.onnx").hasMessageContaining("not a readable ONNX model")
                .hasMessageNotContaining("\n");
    }

    @Test
    void garbageOnnxFile(@TempDir Path dir) throws Exception {
        Files.writeString(copyBundled(dir).resolve("drum_rnn.onnx"), "this is not a model");
        assertThatThrownBy(() -> DrumModel.load(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("not a readable ONNX model");
    }

    @Test
    void specThatIsNotJson(@TempDir Path dir) throws Exception {
        Files.writeString(copyBundled(dir).resolve("spec.json"), "{\"format\": ");
        assertThatThrownBy(() -> DrumModel.load(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("spec.json").hasMessageContaining("not valid JSON").hasMessageContaining("line 1");
    }

    @Test
    void specWithAWrongStateSizeThanTheGraph(@TempDir Path dir) throws Exception {
        Path folder = copyBundledWithSpec(dir, "\"stateSize\": 18176", "\"stateSize\": 1000");
        assertThatThrownBy(() -> DrumModel.load(folder)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("\"state\"").hasMessageContaining("18176").hasMessageContaining("1000");
    }

    @Test
    void specNamingATensorTheGraphLacks(@TempDir Path dir) throws Exception {
        Path folder = copyBundledWithSpec(dir, "\"logitsName\": \"logits\"", "\"logitsName\": \"scores\"");
        assertThatThrownBy(() -> DrumModel.load(folder)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("\"scores\"").hasMessageContaining("logits");
    }

    @Test
    void specOfAnotherEncoding(@TempDir Path dir) throws Exception {
        Path folder = copyBundledWithSpec(dir, "\"numClasses\": 512", "\"numClasses\": 256");
        assertThatThrownBy(() -> DrumModel.load(folder)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("numClasses is 256").hasMessageContaining("512");
    }

    @Test
    void specOfAnotherFormat(@TempDir Path dir) throws Exception {
        Path folder = copyBundledWithSpec(dir, "downbeat-drumrnn", "something-else");
        assertThatThrownBy(() -> DrumModel.load(folder)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("something-else");
    }
}
