package dev.downbeat.plugin.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.downbeat.model.DrumModel;
import dev.downbeat.plugin.editor.InstrumentSession;
import dev.downbeat.model.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model slot: a model folder chosen in the editor plays from the next bar, is saved by path and
 * SHA-256, and a project whose model went missing or changed warns, plays the bundled model, and
 * keeps both its other settings and its model choice.
 */
class ModelSlotTest {
    @TempDir
    Path temp;
    private final LoggedInstruments instruments = new LoggedInstruments();
    private final List<String> log = instruments.log;

    private DownbeatInstrument instrument() {
        return instruments.make(DownbeatInstrument::bundledModel);
    }

    @AfterEach
    void close() {
        instruments.closeAll();
    }

    /** A model folder of the user's: the bundled model's files, with its own training note in spec.json. */
    private Path userModel(String name, double validNll) throws IOException {
        Path dir = Files.createDirectories(temp.resolve(name));
        try (InputStream onnx = DrumModel.class.getResourceAsStream(DrumModel.BUNDLED_RESOURCE + DrumModel.ONNX_FILE);
             InputStream spec = DrumModel.class.getResourceAsStream(DrumModel.BUNDLED_RESOURCE + DrumModel.SPEC_FILE)) {
            Files.copy(onnx, dir.resolve(DrumModel.ONNX_FILE));
            String json = new String(spec.readAllBytes(), StandardCharsets.UTF_8);
            json = json.replaceFirst("\"validNll\"\\s*:\\s*[-0-9.eE+]+", "\"validNll\": " + validNll);
            Files.writeString(dir.resolve(DrumModel.SPEC_FILE), json);
        }
        return dir;
    }

    private static void customise(DownbeatInstrument a) {
        a.params().set(Param.TEMPERATURE, 0.7f);
        a.params().set(Param.RANDOM_SEED, 4321);
        a.params().set(Param.REVERB_MIX, 12);
        a.setSeed(new Seed(new int[] {1, 0, 4, 0, 3, 0, 4, 0}));
    }

    private static void assertCustomised(DownbeatInstrument b) {
        assertThat(b.params().get(Param.TEMPERATURE)).isEqualTo(0.7f);
        assertThat(b.params().getInt(Param.RANDOM_SEED)).isEqualTo(4321);
        assertThat(b.params().get(Param.REVERB_MIX)).isEqualTo(12f);
        assertThat(b.seed()).isEqualTo(new Seed(new int[] {1, 0, 4, 0, 3, 0, 4, 0}));
    }

    @Test
    void aChosenModelPlaysAndComesBackWithTheProjectByPathAndChecksum() throws Exception {
        Path mine = userModel("my-groove", 0.4321);
        DownbeatInstrument a = instrument();
        HostSimulator host = new HostSimulator(a, 48000, 512);
        host.offline = true; // the player waits for the worker's bars: as fast as the machine allows
        a.loadModel(mine);
        assertThat(a.modelName()).contains("my-groove");
        assertThat(a.modelValidNll()).isEqualTo(0.4321);
        host.runUntil(4 * 4, 512);
        assertThat(host.noteOns).as("the chosen model plays").isPositive();
        assertThat(a.modelError()).isNull();

        byte[] saved = a.saveState();
        ProjectState state = StateChunk.decode(saved);
        assertThat(state.modelPath()).isEqualTo(mine.toString());
        assertThat(state.modelChecksum()).hasSize(64).isEqualTo(ModelChecksum.of(mine));

        DownbeatInstrument b = instrument();
        new HostSimulator(b, 48000, 512);
        assertThat(b.loadState(saved)).isTrue();
        assertThat(b.modelName()).contains("my-groove");
        assertThat(b.modelWarning()).isNull();
        assertThat(b.saveState()).isEqualTo(saved);
        assertThat(log).isEmpty();
        InstrumentSession editor = new InstrumentSession(b, null);
        assertThat(editor.modelName()).isEqualTo("my-groove, NLL 0.432");
        assertThat(editor.modelWarning()).isEmpty();
        assertThat(editor.status()).isEmpty();
    }

    @Test
    void aMissingModelWarnsPlaysTheBundledOneAndKeepsTheRestOfTheStateAndTheChoice() throws Exception {
        Path mine = userModel("gone", 0.5);
        DownbeatInstrument a = instrument();
        customise(a);
        a.loadModel(mine);
        byte[] saved = a.saveState();
        Files.delete(mine.resolve(DrumModel.ONNX_FILE));
        Files.delete(mine.resolve(DrumModel.SPEC_FILE));
        Files.delete(mine);

        DownbeatInstrument b = instrument();
        HostSimulator host = new HostSimulator(b, 48000, 512);
        host.offline = true;
        assertThat(b.loadState(saved)).isTrue();
        assertThat(log).singleElement().asString().contains("bundled model").contains(mine.toString()).contains("missing");
        assertThat(b.modelWarning()).isEqualTo(log.get(0));
        assertThat(b.modelName()).isEqualTo("bundled model");
        assertCustomised(b);
        // What the editor shows: the warning in its status line and on the model chooser.
        InstrumentSession editor = new InstrumentSession(b, null);
        assertThat(editor.status()).isEqualTo(b.modelWarning());
        assertThat(editor.modelWarning()).isEqualTo(b.modelWarning());
        assertThat(editor.modelName()).startsWith("bundled model");
        host.runUntil(4 * 4, 512);
        assertThat(host.noteOns).as("the bundled model plays instead").isPositive();
        // Saving again keeps the user's choice (and its checksum) for the day the folder is back.
        ProjectState again = StateChunk.decode(b.saveState());
        assertThat(again.modelPath()).isEqualTo(mine.toString());
        assertThat(again.modelChecksum()).isEqualTo(StateChunk.decode(saved).modelChecksum());
    }

    @Test
    void aModelWhoseFilesChangedSinceTheProjectWasSavedWarnsAndPlaysTheBundledOne() throws Exception {
        Path mine = userModel("retrained", 0.5);
        DownbeatInstrument a = instrument();
        a.loadModel(mine);
        byte[] saved = a.saveState();
        Files.writeString(mine.resolve(DrumModel.SPEC_FILE), Files.readString(mine.resolve(DrumModel.SPEC_FILE)) + "\n");

        DownbeatInstrument b = instrument();
        new HostSimulator(b, 48000, 512);
        assertThat(b.loadState(saved)).isTrue();
        assertThat(b.modelWarning()).contains("changed since the project was saved").contains(mine.toString());
        assertThat(log).containsExactly(b.modelWarning());
        assertThat(b.modelName()).isEqualTo("bundled model");
        assertThat(StateChunk.decode(b.saveState()).modelChecksum()).isEqualTo(StateChunk.decode(saved).modelChecksum());

        // Choosing it again accepts the new files and forgets the warning.
        b.loadModel(mine);
        assertThat(b.modelWarning()).isNull();
        assertThat(StateChunk.decode(b.saveState()).modelChecksum()).isEqualTo(ModelChecksum.of(mine));
    }

    @Test
    void aCorruptModelIsRefusedWithAMessageAndTheCurrentModelKeepsPlaying() throws Exception {
        Path mine = userModel("good", 0.5);
        Path bad = Files.createDirectories(temp.resolve("bad"));
        Files.write(bad.resolve(DrumModel.ONNX_FILE), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Files.copy(mine.resolve(DrumModel.SPEC_FILE), bad.resolve(DrumModel.SPEC_FILE));
        DownbeatInstrument a = instrument();
        HostSimulator host = new HostSimulator(a, 48000, 512);
        host.offline = true; // the player waits for the worker's bars: as fast as the machine allows
        a.loadModel(mine);
        host.runUntil(2 * 4, 512);
        byte[] before = a.saveState();

        assertThatThrownBy(() -> a.loadModel(bad)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(DrumModel.ONNX_FILE);
        assertThatThrownBy(() -> a.loadModel(temp.resolve("nowhere"))).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("nowhere");
        assertThat(a.modelName()).contains("good");
        assertThat(a.saveState()).isEqualTo(before);
        int notes = host.noteOns;
        host.runUntil(6 * 4, 512);
        assertThat(host.noteOns).as("still playing").isGreaterThan(notes);
        assertThat(a.modelError()).isNull();
    }

    @Test
    void aStateOfVersionOneStillLoads() throws Exception {
        DownbeatInstrument a = instrument();
        customise(a);
        byte[] v2 = a.saveState();
        ProjectState s = StateChunk.decode(v2);
        // Version 1 is version 2 without the checksum string (two bytes of length 0 here) after the model path.
        byte[] v1 = v1Of(v2);
        ProjectState old = StateChunk.decode(v1);
        assertThat(old.modelChecksum()).isEmpty();
        assertThat(old.params()).isEqualTo(s.params());
        DownbeatInstrument b = instrument();
        assertThat(b.loadState(v1)).isTrue();
        assertCustomised(b);
    }

    /** The same state in format version 1: the empty checksum's two length bytes removed, CRC redone. */
    private static byte[] v1Of(byte[] v2) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(v2);
        int length = in.getInt(8);
        byte[] payload = java.util.Arrays.copyOfRange(v2, 12, 12 + length);
        // kit, room, model paths are empty for a bundled state: six zero bytes, then the checksum's two.
        int lockedCount = payload.length - 2; // no locked bars: the last two bytes are the bar count
        byte[] shorter = new byte[payload.length - 2];
        System.arraycopy(payload, 0, shorter, 0, lockedCount - 2);
        System.arraycopy(payload, lockedCount, shorter, lockedCount - 2, 2);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(shorter);
        return java.nio.ByteBuffer.allocate(16 + shorter.length).putInt(StateChunk.MAGIC).putInt(1)
                .putInt(shorter.length).put(shorter).putInt((int) crc.getValue()).array();
    }

    /** A model that refuses positions of any other model: a swap must never hand it the old model's. */
    private static final class OwnPositions implements StepModel {
        private final FakeStepModel inner = new FakeStepModel();
        private record Mine(OwnPositions owner, Object position) { }
        boolean closed;
        int feeds;

        @Override public void reset() { inner.reset(); }
        @Override public void feed(int event) { feeds++; inner.feed(event); }
        @Override public void logits(float[] out, int offset) { inner.logits(out, offset); }
        @Override public int position() { return inner.position(); }
        @Override public Object snapshot() { return new Mine(this, inner.snapshot()); }

        @Override
        public void restore(Object snapshot) {
            Mine m = (Mine) snapshot;
            if (m.owner != this) throw new IllegalStateException("a position of another model");
            inner.restore(m.position);
        }

        @Override public void close() { closed = true; }
    }

    @Test
    void theWorkerTakesTheNewModelBetweenBarsAndClosesTheOldOne() {
        OwnPositions first = new OwnPositions(), second = new OwnPositions(), third = new OwnPositions();
        ParamValues params = new ParamValues();
        BarShelf shelf = new BarShelf();
        MessageRing ring = new MessageRing(64);
        BarWriter writer = new BarWriter(first, params, shelf, ring);
        while (writer.workOnce()) { }
        Bar opening = shelf.opening();
        assertThat(opening).isNotNull();
        assertThat(first.feeds).isPositive();

        // A model handed over but replaced before the worker took it is closed, never played.
        writer.useModel(third);
        writer.useModel(second);
        assertThat(third.closed).isTrue();
        while (writer.workOnce()) { }
        assertThat(first.closed).as("the old model is closed by the worker").isTrue();
        assertThat(second.feeds).as("the opening is written again by the new model").isPositive();
        assertThat(shelf.opening()).isNotSameAs(opening);
        assertThat(third.feeds).isZero();
        assertThat(writer.failure()).isNull();
        writer.closeModels();
        assertThat(second.closed).isTrue();
    }

    /** The audio thread allocates nothing while a model is loaded and swapped in under it, and keeps playing. */
    @Test
    void swappingAModelWhilePlayingAllocatesNothingOnTheAudioThread() throws Exception {
        Path mine = userModel("live", 0.5);
        DownbeatInstrument inst = instrument();
        HostSimulator host = new HostSimulator(inst, 48000, 256);
        host.tempo = 180;
        host.speed = 2;
        NoAllocationTest.allocatedDuring(host, 0, 3000, 256); // warm-up
        long before = host.allocatingBlocks;
        host.largestAllocation = 0;
        int notes = host.noteOns;
        CompletableFuture<Void> swaps = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < 4; i++) {
                    Thread.sleep(1500);
                    inst.loadModel(i % 2 == 0 ? mine : null);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        NoAllocationTest.allocatedDuring(host, 3000, 3000, 256);
        swaps.get();
        NoAllocationTest.assertNoAllocation(host, before);
        assertThat(host.noteOns).as("notes through the swaps").isGreaterThan(notes + 50);
        assertThat(inst.modelName()).isEqualTo("bundled model");
        assertThat(inst.audioError()).isNull();
        assertThat(inst.modelError()).isNull();
    }
}
