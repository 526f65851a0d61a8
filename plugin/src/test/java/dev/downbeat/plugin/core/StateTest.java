package dev.downbeat.plugin.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downbeat.model.NoteMap;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StateTest {
    private final LoggedInstruments instruments = new LoggedInstruments();
    private final List<String> log = instruments.log;

    private DownbeatInstrument instrument() {
        return instruments.make(FakeStepModel::new);
    }

    @AfterEach
    void close() {
        instruments.closeAll();
    }

    private DownbeatInstrument customised() {
        DownbeatInstrument a = instrument();
        a.params().set(Param.TEMPERATURE, 1.37f);
        a.params().set(Param.MODE, Param.MODE_LOOP);
        a.params().set(Param.LOOP_BARS, 4);
        a.params().set(Param.RANDOM_SEED, 1234);
        a.params().set(Param.voicePan(3), 0.25f);
        a.params().set(Param.voiceMute(7), 1);
        a.params().set(Param.REVERB_MIX, 55);
        a.setSeed(new Seed(new int[] {1, 0, 4, 0, 3, 0, 4, 0}));
        a.setNoteMap(NoteMap.withOutputPitches(35, 40, 42, 46, 41, 43, 45, 49, 51));
        return a;
    }

    @Test
    void aSavedStateComesBackWholeInAnotherInstance() {
        DownbeatInstrument a = customised();
        byte[] saved = a.saveState();
        DownbeatInstrument b = instrument();
        assertThat(b.loadState(saved)).isTrue();
        for (Param p : Param.all()) assertThat(b.params().get(p)).as(p.id).isEqualTo(a.params().get(p));
        assertThat(b.seed()).isEqualTo(a.seed());
        assertThat(b.noteMap().outputPitch(0)).isEqualTo(35);
        assertThat(b.saveState()).isEqualTo(saved);
    }

    @Test
    void aStateSurvivesPrepareAndTheWorkerStarting() {
        DownbeatInstrument a = customised();
        byte[] saved = a.saveState();
        DownbeatInstrument b = instrument();
        b.loadState(saved);
        b.prepare(48000, 512);
        assertThat(b.seed()).isEqualTo(a.seed());
        assertThat(b.saveState()).isEqualTo(saved);
    }

    @Test
    void everyDamagedByteTruncationOrForeignChunkIsRefusedAndChangesNothing() {
        byte[] good = customised().saveState();
        DownbeatInstrument target = instrument();
        target.params().set(Param.TEMPERATURE, 0.3f);
        target.prepare(48000, 256);
        byte[] before = target.saveState();
        Random random = new Random(1);
        List<byte[]> bad = new ArrayList<>();
        for (int i = 0; i < good.length; i++) {
            byte[] c = good.clone();
            c[i] ^= (byte) (1 << random.nextInt(8));
            bad.add(c);
        }
        for (int n = 0; n < good.length; n++) bad.add(java.util.Arrays.copyOf(good, n));
        for (int n = 0; n < 200; n++) {
            byte[] junk = new byte[random.nextInt(300)];
            random.nextBytes(junk);
            bad.add(junk);
        }
        bad.add(null);
        for (byte[] chunk : bad) {
            log.clear();
            assertThat(target.loadState(chunk)).isFalse();
            assertThat(log).hasSize(1);
            assertThat(log.get(0)).contains("did not load the saved state");
        }
        assertThat(target.saveState()).isEqualTo(before);
    }

    @Test
    void aStateFromANewerDownbeatIsRefusedSayingSo() {
        byte[] good = customised().saveState();
        byte[] future = good.clone();
        ByteBuffer.wrap(future).putInt(4, StateChunk.VERSION + 1);
        DownbeatInstrument target = instrument();
        assertThat(target.loadState(future)).isFalse();
        assertThat(log.get(0)).contains("newer Downbeat");
    }

    @Test
    void wellFormedButInvalidContentIsRefusedToo() {
        Map<String, Float> params = new LinkedHashMap<>();
        params.put("temperature", Float.NaN);
        byte[] nan = StateChunk.encode(new ProjectState(params, Seed.DEFAULT, new int[] {36, 38, 42, 46, 41, 43, 45, 49, 51},
                "", "", "", List.of()));
        byte[] duplicatePitch = StateChunk.encode(new ProjectState(Map.of(), Seed.DEFAULT,
                new int[] {36, 36, 42, 46, 41, 43, 45, 49, 51}, "", "", "", List.of()));
        DownbeatInstrument target = instrument();
        assertThat(target.loadState(nan)).isFalse();
        assertThat(log.get(0)).contains("temperature");
        assertThat(target.loadState(duplicatePitch)).isFalse();
        assertThat(log.get(1)).contains("pitch 36");
    }

    @Test
    void unknownParametersAreIgnoredWithAWordAndMissingOnesTakeTheirDefaults() {
        byte[] chunk = StateChunk.encode(new ProjectState(Map.of("temperature", 0.5f, "flux_capacitor", 3f), Seed.DEFAULT,
                new int[] {36, 38, 42, 46, 41, 43, 45, 49, 51}, "", "", "", List.of()));
        DownbeatInstrument target = instrument();
        target.params().set(Param.SWING, 20);
        assertThat(target.loadState(chunk)).isTrue();
        assertThat(target.params().get(Param.TEMPERATURE)).isEqualTo(0.5f);
        assertThat(target.params().get(Param.SWING)).isEqualTo(Param.SWING.defaultValue);
        assertThat(log).anyMatch(m -> m.contains("flux_capacitor"));
    }

    @Test
    void lockedBarsInAStatePlayBackExactly() throws Exception {
        int[] barA = new int[16], barB = new int[16];
        for (int k = 0; k < 16; k += 4) barA[k] = 1;
        for (int k = 2; k < 16; k += 4) barB[k] = 2 | 4;
        Map<String, Float> params = Map.of("lock", 1f, "temperature", 1.5f);
        byte[] chunk = StateChunk.encode(new ProjectState(params, Seed.DEFAULT, new int[] {36, 38, 42, 46, 41, 43, 45, 49, 51},
                "", "", "", List.of(barA, barB)));
        DownbeatInstrument inst = instrument();
        assertThat(inst.loadState(chunk)).isTrue();
        int[][] bars = PerformanceTest.barsOf(PerformanceTest.perform(inst, new float[] {1.5f}, 4, true, 0, false, 2));
        assertThat(bars[0]).containsExactly(barA);
        assertThat(bars[1]).containsExactly(barB);
        assertThat(bars[2]).containsExactly(barA);
        assertThat(bars[3]).containsExactly(barB);
        assertThat(StateChunk.decode(inst.saveState()).lockedBars()).hasSize(2);
    }

    @Test
    void theChecksumCoversThePayload() throws Exception {
        byte[] good = customised().saveState();
        int length = ByteBuffer.wrap(good).getInt(8);
        CRC32 crc = new CRC32();
        crc.update(good, 12, length);
        assertThat(ByteBuffer.wrap(good).getInt(12 + length)).isEqualTo((int) crc.getValue());
        assertThat(StateChunk.decode(good).seed()).isEqualTo(new Seed(new int[] {1, 0, 4, 0, 3, 0, 4, 0}));
    }
}
