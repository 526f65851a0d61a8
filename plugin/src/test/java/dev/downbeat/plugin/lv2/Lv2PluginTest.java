package dev.downbeat.plugin.lv2;

import dev.downbeat.plugin.core.HostCallbacks;
import dev.downbeat.plugin.core.Param;
import dev.downbeat.plugin.core.ProjectState;
import dev.downbeat.plugin.core.StateChunk;
import dev.downbeat.plugin.AudioThreadAllocation;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class Lv2PluginTest {
    private static final String[] ALL_FEATURES = Lv2Plugin.REQUIRED_FEATURES.toArray(new String[0]);
    private final List<String> messages = new ArrayList<>();
    private final HostCallbacks log = new HostCallbacks() {
        @Override public void beginEdit(int index) { }
        @Override public void performEdit(int index, float normalized) { }
        @Override public void endEdit(int index) { }
        @Override public void log(String message) { messages.add(message); }
    };
    private final RecordingInstrument instrument = new RecordingInstrument();

    private Lv2Plugin instantiate(String[] features, int maxBlock) {
        int[] keys = {TestUrids.of(Lv2Uri.NOMINAL_BLOCK_LENGTH), TestUrids.of(Lv2Uri.MAX_BLOCK_LENGTH), 0};
        int[] types = {TestUrids.of(Lv2Uri.ATOM_INT), TestUrids.of(Lv2Uri.ATOM_INT), TestUrids.of(Lv2Uri.ATOM_INT)};
        long[] values = {256, maxBlock, 99};
        return Lv2Plugin.instantiate(48_000, "/bundle", features, TestUrids.ids(), keys, types, values, log, instrument);
    }

    private Lv2Plugin plugin() {
        Lv2Plugin p = instantiate(ALL_FEATURES, 1024);
        assertThat(p).as("instantiated; log: %s", messages).isNotNull();
        return p;
    }

    private static int copyIn(Lv2Plugin p, AtomForge f) {
        int length = f.length();
        ByteBuffer in = p.atomInBuffer();
        for (int i = 0; i < length; i++) in.put(i, f.buffer.get(i));
        return length;
    }

    @Test
    void preparesTheInstrumentForTheHostsLargestBlock() {
        plugin();
        assertThat(instrument.preparedRate).isEqualTo(48_000);
        assertThat(instrument.preparedBlock).isEqualTo(1024);
    }

    @Test
    void aHostWithoutRequiredFeaturesIsToldWhichAndNothingIsInstantiated() {
        Lv2Plugin p = instantiate(new String[] {"http://lv2plug.in/ns/ext/urid#map"}, 1024);
        assertThat(p).isNull();
        assertThat(instrument.closed).isTrue();
        assertThat(messages).singleElement().asString()
                .contains("<http://lv2plug.in/ns/ext/options#options>")
                .contains("<http://lv2plug.in/ns/ext/buf-size#boundedBlockLength>")
                .contains("not instantiated");
    }

    @Test
    void aHostThatDoesNotSayItsLargestBlockIsRefusedWithTheReason() {
        Lv2Plugin p = instantiate(ALL_FEATURES, 0);
        assertThat(p).isNull();
        assertThat(messages).singleElement().asString().contains("buf-size:maxBlockLength");
    }

    @Test
    void aHostWhoseMapReturnsZeroIsRefused() {
        int[] ids = TestUrids.ids();
        ids[Lv2Uri.MIDI_EVENT.ordinal()] = 0;
        Lv2Plugin p = Lv2Plugin.instantiate(48_000, "/b", ALL_FEATURES, ids, new int[0], new int[0], new long[0], log, instrument);
        assertThat(p).isNull();
        assertThat(messages).singleElement().asString().contains("http://lv2plug.in/ns/ext/midi#MidiEvent");
    }

    @Test
    void splitsTheBlockAtATransportUpdateSoTheBeatStartsOnItsFrame() {
        Lv2Plugin p = plugin();
        // Transport starts rolling at bar 2 exactly at frame 100 of a 256-frame block.
        int in = copyIn(p, new AtomForge().transport(100, 1f, 2, 0f, 120f));
        p.run(256, in, 4096);
        assertThat(instrument.seen.count).isEqualTo(2);
        assertThat(instrument.seen.frames[0]).isEqualTo(100);
        assertThat(instrument.seen.playing[0]).isFalse();
        assertThat(instrument.seen.frames[1]).isEqualTo(156);
        assertThat(instrument.seen.playing[1]).isTrue();
        assertThat(instrument.seen.positions[1]).isEqualTo(8.0);
        // The next block carries on from where the playhead got to: 156 frames at 120 bpm, 48 kHz.
        p.run(256, 0, 4096);
        assertThat(instrument.seen.positions[2]).isEqualTo(8.0 + 156 / 24_000.0);
    }

    @Test
    void audioOfEverySubBlockLandsAtItsOffset() {
        Lv2Plugin p = plugin();
        int in = copyIn(p, new AtomForge().transport(10, 1f, 0, 0f, 120f));
        p.run(32, in, 4096);
        var audio = p.audioBuffer().asFloatBuffer();
        assertThat(audio.get(0)).isEqualTo(0.25f);   // first sub-block: call 0
        assertThat(audio.get(9)).isEqualTo(0.25f);
        assertThat(audio.get(10)).isEqualTo(1.25f);  // second sub-block: call 1
        assertThat(audio.get(31)).isEqualTo(1.25f);
        assertThat(audio.get(1024 + 31)).isEqualTo(-1.25f); // right channel after maxBlock floats
    }

    @Test
    void midiInArrivesWithFramesRelativeToItsSubBlockAndMidiOutWithHostFrames() {
        Lv2Plugin p = plugin();
        int in = copyIn(p, new AtomForge().midi(5, 0x99, 38, 90).transport(64, 1f, 0, 0f, 120f).midi(70, 0x99, 36, 90));
        int out = p.run(128, in, 4096);
        assertThat(instrument.seen.midiInCount[0]).isEqualTo(1);
        assertThat(instrument.seen.firstMidiFrame[0]).isEqualTo(5);
        assertThat(instrument.seen.firstMidiFrame[1]).isEqualTo(6); // frame 70 is 6 frames into the span from 64

        ByteBuffer o = p.atomOutBuffer();
        assertThat(out).isEqualTo(16 + 2 * 24);
        assertThat(o.getInt(0)).isEqualTo(out - 8);
        assertThat(o.getInt(4)).isEqualTo(TestUrids.of(Lv2Uri.ATOM_SEQUENCE));
        assertThat(o.getLong(16)).isEqualTo(63);  // last frame of the first span
        assertThat(o.getInt(16 + 12)).isEqualTo(TestUrids.of(Lv2Uri.MIDI_EVENT));
        assertThat(o.get(16 + 16)).isEqualTo((byte) 0x99);
        assertThat(o.getLong(40)).isEqualTo(127); // last frame of the block
    }

    @Test
    void midiOutNeverExceedsThePortCapacity() {
        Lv2Plugin p = plugin();
        int in = copyIn(p, new AtomForge().transport(1, 1f, 0, 0f, 120f).transport(2, 1f, 0, 0f, 120f));
        int out = p.run(64, in, 16 + 24 + 10);
        assertThat(out).isEqualTo(16 + 24);
        p.deactivate();
        assertThat(messages).anySatisfy(m -> assertThat(m).contains("2 MIDI output event(s) did not fit"));
    }

    @Test
    void controlPortsReachTheInstrumentNormalizedAndOnlyWhenTheyChange() {
        Lv2Plugin p = plugin();
        ByteBuffer controls = p.controlBuffer();
        for (int c = 0; c < Lv2Ports.controlCount(); c++) controls.putFloat(4 * c, Float.NaN);
        controls.putFloat(4 * (Lv2Ports.FIRST_PARAM_CONTROL + Param.TEMPERATURE.index), 1.5f);
        controls.putFloat(4 * (Lv2Ports.FIRST_PARAM_CONTROL + Param.MASTER_LEVEL.index), -27f);
        p.run(16, 0, 4096);
        assertThat(instrument.normalized[Param.TEMPERATURE.index]).isEqualTo(0.75f);
        assertThat(instrument.normalized[Param.MASTER_LEVEL.index]).isEqualTo(0.5f);
        assertThat(instrument.setParameterCalls).isEqualTo(2);
        p.run(16, 0, 4096);
        assertThat(instrument.setParameterCalls).isEqualTo(2);
        p.activate(); // the host restarts: every port is read again
        p.run(16, 0, 4096);
        assertThat(instrument.setParameterCalls).isEqualTo(4);
    }

    @Test
    void theFreewheelPortMarksBlocksOffline() {
        Lv2Plugin p = plugin();
        p.controlBuffer().putFloat(4 * Lv2Ports.FREEWHEEL_CONTROL, 1f);
        p.run(16, 0, 4096);
        p.controlBuffer().putFloat(4 * Lv2Ports.FREEWHEEL_CONTROL, 0f);
        p.run(16, 0, 4096);
        assertThat(instrument.seen.offline[0]).isTrue();
        assertThat(instrument.seen.offline[1]).isFalse();
    }

    @Test
    void aFailingInstrumentGivesSilenceAndALogLineFromAHostThread() {
        Lv2Plugin p = plugin();
        p.run(16, 0, 4096);
        instrument.throwInProcess = true;
        assertThat(p.run(16, 0, 4096)).isEqualTo(-1);
        assertThat(p.audioBuffer().asFloatBuffer().get(0)).isZero();
        assertThat(messages).isEmpty(); // nothing logged on the audio thread
        p.deactivate();
        assertThat(messages).singleElement().asString().contains("1 audio block(s) failed").contains("boom");
    }

    @Test
    void blocksLongerThanDeclaredAreCutAndReported() {
        Lv2Plugin p = plugin();
        p.run(4096, 0, 4096);
        assertThat(instrument.seen.frames[0]).isEqualTo(1024);
        p.cleanup();
        assertThat(messages).anySatisfy(m -> assertThat(m).contains("longer than the host's declared maximum of 1024"));
        assertThat(instrument.closed).isTrue();
    }

    @Test
    void stateRoundTripsWithFilePathsAsMappedAtomPaths() throws Exception {
        Lv2Plugin p = plugin();
        MapState host = new MapState();
        assertThat(p.save(host, 0)).isZero();
        int chunkKey = TestUrids.of(Lv2Uri.STATE_CHUNK), kitKey = TestUrids.of(Lv2Uri.STATE_KIT_PATH);
        assertThat(host.types.get(chunkKey)).isEqualTo(TestUrids.of(Lv2Uri.ATOM_CHUNK));
        assertThat(host.flags.get(chunkKey) & 3).isEqualTo(3); // POD | PORTABLE: so no file names inside
        assertThat(StateChunk.decode(host.values.get(chunkKey)).kitPath()).isEmpty();
        assertThat(StateChunk.decode(host.values.get(chunkKey)).params()).containsEntry("temperature", 1.5f);
        assertThat(host.types.get(kitKey)).isEqualTo(TestUrids.of(Lv2Uri.ATOM_PATH));
        assertThat(host.values.get(kitKey)).isEqualTo("kits/808\0".getBytes(StandardCharsets.UTF_8));
        assertThat(host.values).doesNotContainKey(TestUrids.of(Lv2Uri.STATE_ROOM_PATH)); // bundled room: no path

        assertThat(p.restore(host, 0)).isZero();
        ProjectState loaded = StateChunk.decode(instrument.loaded);
        assertThat(loaded.kitPath()).isEqualTo("/session/kits/808"); // mapped back by the host
        assertThat(loaded.roomPath()).isEmpty();
        assertThat(loaded.params()).containsEntry("temperature", 1.5f);
    }

    @Test
    void aPathPropertyOfTheWrongTypeRefusesTheState() throws Exception {
        Lv2Plugin p = plugin();
        MapState host = new MapState();
        p.save(host, 0);
        host.types.put(TestUrids.of(Lv2Uri.STATE_KIT_PATH), TestUrids.of(Lv2Uri.ATOM_INT));
        assertThat(p.restore(host, 0)).isNotZero();
        assertThat(instrument.loaded).isNull();
        assertThat(messages).anySatisfy(m -> assertThat(m).contains("#kitPath").contains("current settings are kept"));
    }

    @Test
    void aCorruptStateIsRefusedWithAMessageAndTheCurrentOneKept() {
        Lv2Plugin p = plugin();
        MapState host = new MapState();
        host.put(TestUrids.of(Lv2Uri.STATE_CHUNK), new byte[] {'X', 0, 0}, TestUrids.of(Lv2Uri.ATOM_CHUNK));
        assertThat(p.restore(host, 0)).isNotZero();
        assertThat(instrument.loaded).isNull();
        assertThat(messages).singleElement().asString().contains("was refused").contains("current settings are kept");
    }

    @Test
    void aStateOfTheWrongTypeIsRefusedNamingTheType() {
        Lv2Plugin p = plugin();
        MapState host = new MapState();
        host.put(TestUrids.of(Lv2Uri.STATE_CHUNK), new byte[] {1, 2, 3}, TestUrids.of(Lv2Uri.ATOM_PATH));
        assertThat(p.restore(host, 0)).isEqualTo(2);
        assertThat(instrument.loaded).isNull();
        assertThat(messages).singleElement().asString().contains("<http://lv2plug.in/ns/ext/atom#Path>");
    }

    @Test
    void anEmptyStateKeepsEverythingAndSaysSo() {
        Lv2Plugin p = plugin();
        assertThat(p.restore(new MapState(), 0)).isZero();
        assertThat(instrument.loaded).isNull();
        assertThat(messages).singleElement().asString().contains("holds no Downbeat data");
    }

    @Test
    void runAllocatesNothingOnTheAudioThread() {
        Lv2Plugin p = plugin();
        AtomForge f = new AtomForge().midi(3, 0x99, 36, 100).transport(100, 1f, 4, 0f, 120f).midi(200, 0x89, 36, 0);
        int in = copyIn(p, f);
        ByteBuffer controls = p.controlBuffer();
        for (int i = 0; i < 20_000; i++) { // warm up: JIT compilation allocates
            controls.putFloat(4 * (Lv2Ports.FIRST_PARAM_CONTROL + Param.TEMPERATURE.index), (i % 3) * 0.5f);
            p.run(1 + i % 1024, in, 4096);
        }
        AudioThreadAllocation.assertAllocatesNothing("10000 runs", () -> {
            for (int i = 0; i < 10_000; i++) {
                controls.putFloat(4 * (Lv2Ports.FIRST_PARAM_CONTROL + Param.TEMPERATURE.index), (i % 3) * 0.5f);
                p.run(1 + i % 1024, in, 4096);
            }
        });
    }

    /** A host's state map, as jalv or Ardour keep it between save and restore. */
    private static final class MapState implements StateAccess {
        final Map<Integer, byte[]> values = new HashMap<>();
        final Map<Integer, Integer> types = new HashMap<>(), flags = new HashMap<>();

        void put(int key, byte[] value, int type) {
            values.put(key, value);
            types.put(key, type);
        }

        @Override public int store(int key, byte[] value, int type, int f) {
            values.put(key, value.clone());
            types.put(key, type);
            flags.put(key, f);
            return 0;
        }

        @Override public byte[] retrieve(int key, int[] typeOut) {
            typeOut[0] = types.getOrDefault(key, 0);
            return values.get(key);
        }

        /** Like a host that copies files into its session folder. */
        @Override public String abstractPath(String absolute) { return absolute.replace("/home/user/", ""); }
        @Override public String absolutePath(String abstractPath) { return "/session/" + abstractPath; }
    }
}
