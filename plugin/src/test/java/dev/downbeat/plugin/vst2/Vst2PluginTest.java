package dev.downbeat.plugin.vst2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.downbeat.plugin.core.DownbeatInstrument;
import dev.downbeat.plugin.core.Instrument;
import dev.downbeat.plugin.core.Param;
import dev.downbeat.model.NoteMap;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import dev.downbeat.plugin.AudioThreadAllocation;
import org.junit.jupiter.api.Test;

class Vst2PluginTest {
    private final FakeHost host = new FakeHost();
    private final RecordingInstrument instrument = new RecordingInstrument();
    private final List<long[]> hostCalls = new ArrayList<>();
    private final List<Float> hostValues = new ArrayList<>();
    private final Vst2Plugin plugin = new Vst2Plugin(instrument, (opcode, index, value, opt) -> {
        hostCalls.add(new long[] {opcode, index, value});
        hostValues.add(opt);
        return 0;
    }, host.buffer);

    private void resume(double rate, int block) {
        plugin.dispatch(Vst2Plugin.EFF_SET_SAMPLE_RATE, 0, 0, (float) rate);
        plugin.dispatch(Vst2Plugin.EFF_SET_BLOCK_SIZE, 0, block, 0);
        plugin.dispatch(Vst2Plugin.EFF_MAINS_CHANGED, 0, 1, 0);
    }

    @Test
    void describesASynthWithStereoOutAndEveryDeclaredParameter() {
        int[] d = plugin.describe();
        assertThat(d[1]).isEqualTo(Param.count());
        assertThat(d[2]).isZero();
        assertThat(d[3]).isEqualTo(2);
        assertThat(d[4] & Vst2Plugin.FLAG_IS_SYNTH).isNotZero();
        assertThat(d[4] & Vst2Plugin.FLAG_PROGRAM_CHUNKS).isNotZero();
        assertThat(d[5]).isEqualTo(0x446E4274); // 'DnBt'
        assertThat(d[8] & SharedBlock.PPQ_POS_VALID).isNotZero();
        assertThat(plugin.dispatch(Vst2Plugin.EFF_GET_PLUG_CATEGORY, 0, 0, 0)).isEqualTo(2);
        assertThat(plugin.canDo("receiveVstMidiEvent")).isEqualTo(1);
        assertThat(plugin.canDo("sendVstMidiEvent")).isEqualTo(1);
        assertThat(plugin.canDo("receiveVstTimeInfo")).isEqualTo(1);
        assertThat(plugin.canDo("offline")).isEqualTo(-1);
    }

    @Test
    void preparesOnResumeOnlyWhenRateOrBlockChanged() {
        resume(96_000, 256);
        assertThat(instrument.preparedRate).isEqualTo(96_000.0);
        assertThat(instrument.preparedBlock).isEqualTo(256);
        int prepares = instrument.prepares;
        plugin.dispatch(Vst2Plugin.EFF_MAINS_CHANGED, 0, 0, 0);
        plugin.dispatch(Vst2Plugin.EFF_MAINS_CHANGED, 0, 1, 0);
        assertThat(instrument.prepares).isEqualTo(prepares);
        resume(44_100, 8192 * 4); // larger than the shared block: capped
        assertThat(instrument.preparedBlock).isEqualTo(SharedBlock.AUDIO_CAPACITY);
    }

    @Test
    void aHostBlockLongerThanTheMaxBlockIsSplitWithAdvancingPositions() {
        resume(48_000, 256);
        host.time(0, 0, 120, 0, true);
        assertThat(plugin.process(0, 1000, 1000)).isZero();
        assertThat(instrument.seen.count).isEqualTo(4);
        assertThat(instrument.seen.frames).startsWith(256, 256, 256, 232);
        for (int i = 0; i < 4; i++) {
            assertThat(instrument.seen.positions[i]).isCloseTo(i * 256 / 48_000.0 * 2, within(1e-12));
        }
        for (int f = 0; f < 1000; f++) {
            assertThat(host.left(f)).isEqualTo(f);
            assertThat(host.right(f)).isEqualTo(-f);
        }
    }

    @Test
    void midiGoesToTheSubBlockItFallsInAndComesBackAtHostFrames() {
        resume(48_000, 256);
        host.time(0, 0, 120, 0, true);
        host.midiIn(10, 0x99, 36, 100);
        host.midiIn(300, 0x99, 38, 90);
        host.midiIn(5000, 0x89, 36, 0); // beyond the block: clamps to its last frame
        int out = plugin.process(0, 1000, 1000);
        assertThat(instrument.seen.firstMidiFrame).startsWith(10, 300 - 256, -1, 999 - 768);
        assertThat(out).isEqualTo(3);
        assertThat(host.midiOutFrame(0)).isEqualTo(11);
        assertThat(host.midiOutData1(0)).isEqualTo(36);
        assertThat(host.midiOutFrame(1)).isEqualTo(301);
        assertThat(host.midiOutData1(1)).isEqualTo(38);
        // echoed one frame later would be 1000, outside the block: clamped to its last frame
        assertThat(host.midiOutFrame(2)).isEqualTo(999);
        assertThat(host.midiOutStatus(2)).isEqualTo(0x89);
    }

    @Test
    void aSecondChunkOfAHugeHostBlockContinuesTheTimeline() {
        resume(48_000, 8192);
        host.time(0, 0, 120, 0, true);
        plugin.process(0, 8192, 10_000);
        plugin.process(8192, 10_000 - 8192, 10_000);
        assertThat(instrument.seen.positions[1]).isCloseTo(8192 / 48_000.0 * 2, within(1e-12));
    }

    @Test
    void aFailingBlockReportsMinusOneAndTheNextBlockPlays() {
        resume(48_000, 512);
        host.time(0, 0, 120, 0, true);
        instrument.failNext = true;
        assertThat(plugin.process(0, 512, 512)).isEqualTo(-1);
        host.time(512, 512 / 48_000.0 * 2, 120, 0, true);
        assertThat(plugin.process(0, 512, 512)).isZero();
        assertThat(host.left(511)).isEqualTo(511f);
        plugin.dispatch(Vst2Plugin.EFF_EDIT_IDLE, 0, 0, 0); // reports the failure to the log, no throw
    }

    @Test
    void processBeforeAnyValidBlockSizeOrAfterCloseIsRefused() {
        assertThat(plugin.process(0, 0, 0)).isEqualTo(-1);
        assertThat(plugin.process(0, SharedBlock.AUDIO_CAPACITY + 1, SharedBlock.AUDIO_CAPACITY + 1)).isEqualTo(-1);
        plugin.close();
        assertThat(instrument.closed).isTrue();
        assertThat(plugin.process(0, 64, 64)).isEqualTo(-1);
    }

    @Test
    void parameterTextComesFromTheOneDeclaration() {
        int t = Param.TEMPERATURE.index;
        assertThat(plugin.text(Vst2Plugin.EFF_GET_PARAM_NAME, t)).isEqualTo("Temperature");
        plugin.setParameter(t, 0.75f);
        assertThat(plugin.text(Vst2Plugin.EFF_GET_PARAM_DISPLAY, t)).isEqualTo("1.50");
        assertThat(plugin.text(Vst2Plugin.EFF_GET_PARAM_LABEL, Param.MASTER_LEVEL.index)).isEqualTo("dB");
        assertThat(plugin.text(Vst2Plugin.EFF_GET_PARAM_NAME, Param.count())).isNull();
        assertThat(plugin.text(Vst2Plugin.EFF_GET_EFFECT_NAME, 0)).isEqualTo("Downbeat");
        assertThat(plugin.dispatch(Vst2Plugin.EFF_CAN_BE_AUTOMATED, t, 0, 0)).isEqualTo(1);
        assertThat(plugin.dispatch(Vst2Plugin.EFF_CAN_BE_AUTOMATED, Param.SEED_LENGTH.index, 0, 0)).isZero();
    }

    @Test
    void typedValuesAreParsedAsNumbersOrChoices() {
        assertThat(plugin.parseParameter(Param.TEMPERATURE.index, " 1.5 ")).isEqualTo(1);
        assertThat(plugin.getParameter(Param.TEMPERATURE.index)).isCloseTo(0.75f, within(1e-6f));
        assertThat(plugin.parseParameter(Param.MODE.index, "loop")).isEqualTo(1);
        assertThat(plugin.getParameter(Param.MODE.index)).isEqualTo(1f);
        assertThat(plugin.parseParameter(Param.MASTER_LEVEL.index, "-6 dB")).isEqualTo(1);
        assertThat(Param.MASTER_LEVEL.range.plain(plugin.getParameter(Param.MASTER_LEVEL.index))).isCloseTo(-6f, within(1e-4f));
        assertThat(plugin.parseParameter(Param.TEMPERATURE.index, "warm")).isZero();
        assertThat(plugin.parseParameter(Param.TEMPERATURE.index, "NaN")).isZero();
        assertThat(plugin.parseParameter(-3, "1")).isZero();
    }

    @Test
    void anEditorGestureSetsTheValueAndTellsTheHost() {
        instrument.callbacks.beginEdit(0);
        instrument.callbacks.performEdit(0, 0.25f);
        instrument.callbacks.endEdit(0);
        assertThat(plugin.getParameter(0)).isEqualTo(0.25f);
        assertThat(hostCalls).extracting(c -> c[0]).containsExactly(
                (long) Vst2Plugin.AUDIO_MASTER_BEGIN_EDIT, (long) Vst2Plugin.AUDIO_MASTER_AUTOMATE,
                (long) Vst2Plugin.AUDIO_MASTER_END_EDIT);
        assertThat(hostValues.get(1)).isEqualTo(0.25f);
        plugin.close();
        instrument.callbacks.performEdit(0, 0.5f);
        assertThat(hostCalls).hasSize(3); // nothing reaches a closed host
    }

    @Test
    void chunksPassThroughAndRefusalsAreReported() {
        assertThat(plugin.saveChunk()).containsExactly(1, 2, 3);
        assertThat(plugin.loadChunk(new byte[] {1, 9})).isEqualTo(1);
        assertThat(plugin.saveChunk()).containsExactly(1, 9);
        assertThat(plugin.loadChunk(new byte[] {7})).isZero();
        assertThat(plugin.loadChunk(null)).isZero();
        assertThat(plugin.saveChunk()).containsExactly(1, 9);
    }

    @Test
    void aBufferOfTheWrongSizeMeansMismatchedBuildsAndSaysSo() {
        Instrument any = new RecordingInstrument();
        assertThatThrownBy(() -> new Vst2Plugin(any, (o, i, v, f) -> 0, ByteBuffer.allocateDirect(100)))
                .hasMessageContaining("different builds");
        assertThat(Vst2Plugin.open(0, ByteBuffer.allocate(SharedBlock.SIZE))).isNull();
    }

    @Test
    void processingAllocatesNothingOnTheAudioThread() {
        assertNoAllocation(plugin, instrument);
    }

    @Test
    void processingTheRealInstrumentAllocatesNothingOnTheAudioThread() {
        DownbeatInstrument real = new DownbeatInstrument();
        Vst2Plugin withReal = new Vst2Plugin(real, (o, i, v, f) -> 0, host.buffer);
        try {
            assertNoAllocation(withReal, null);
        } finally {
            withReal.close();
        }
    }

    @Test
    void theTailSizeCoversTheRingOutOfKitAndRoomAndNoMore() {
        DownbeatInstrument real = new DownbeatInstrument();
        Vst2Plugin withReal = new Vst2Plugin(real, (o, i, v, f) -> 0, host.buffer);
        try {
            withReal.dispatch(Vst2Plugin.EFF_SET_SAMPLE_RATE, 0, 0, 96_000f);
            long tailAt96k = withReal.dispatch(Vst2Plugin.EFF_GET_TAIL_SIZE, 0, 0, 0);
            withReal.dispatch(Vst2Plugin.EFF_SET_SAMPLE_RATE, 0, 0, 48_000f);
            withReal.dispatch(Vst2Plugin.EFF_SET_BLOCK_SIZE, 0, 512, 0);
            withReal.dispatch(Vst2Plugin.EFF_MAINS_CHANGED, 0, 1, 0);
            long tail = withReal.dispatch(Vst2Plugin.EFF_GET_TAIL_SIZE, 0, 0, 0);
            assertThat(tail).isGreaterThan(48_000); // the default room alone rings about a second
            assertThat((double) tailAt96k).isCloseTo(2.0 * tail, within(2.0));

            // Every voice at full velocity with the transport stopped, then nothing: where does the sound end?
            host.time(0, 0, 120, 0, false);
            host.clearMidiIn();
            for (int v = 0; v < Param.VOICES; v++) host.midiIn(0, 0x99, NoteMap.DEFAULT.outputPitch(v), 127);
            long lastSound = -1;
            float afterTail = 0;
            for (long frame = 0; frame < tail + 48_000; frame += 512) {
                withReal.process(0, 512, 512);
                host.clearMidiIn();
                for (int i = 0; i < 512; i++) {
                    float a = Math.max(Math.abs(host.left(i)), Math.abs(host.right(i)));
                    if (a > 1e-7f) lastSound = frame + i;
                    if (frame + i >= tail) afterTail = Math.max(afterTail, a);
                }
            }
            // A host that stops calling after the tail cuts nothing (-140 dB) ...
            assertThat(afterTail).isLessThan(1e-7f);
            // ... and does not render long stretches of silence either.
            assertThat(lastSound).isGreaterThan(tail * 8 / 10);
        } finally {
            withReal.close();
        }
    }

    @Test
    void anUnknownTailIsZeroAndAKnownOneAtLeastOneFrame() {
        assertThat(Vst2Plugin.tailFrames(0, 48_000)).isZero();
        assertThat(Vst2Plugin.tailFrames(Double.NaN, 48_000)).isZero();
        assertThat(Vst2Plugin.tailFrames(1e-9, 48_000)).isEqualTo(1);
        assertThat(Vst2Plugin.tailFrames(2.5, 44_100)).isEqualTo(110_250);
        assertThat(plugin.dispatch(Vst2Plugin.EFF_GET_TAIL_SIZE, 0, 0, 0)).isZero(); // the recording instrument cannot say
    }

    private void assertNoAllocation(Vst2Plugin p, RecordingInstrument recording) {
        p.dispatch(Vst2Plugin.EFF_SET_SAMPLE_RATE, 0, 0, 48_000f);
        p.dispatch(Vst2Plugin.EFF_SET_BLOCK_SIZE, 0, 64, 0);
        p.dispatch(Vst2Plugin.EFF_MAINS_CHANGED, 0, 1, 0);
        long[] samplePos = {0};
        for (int warm = 0; warm < 20_000; warm++, samplePos[0] += 64) block(p, samplePos[0]);
        AudioThreadAllocation.assertAllocatesNothing("5000 blocks", () -> {
            for (int i = 0; i < 5_000; i++, samplePos[0] += 64) block(p, samplePos[0]);
        });
    }

    private void block(Vst2Plugin p, long samplePos) {
        host.time(samplePos, samplePos / 48_000.0 * 2, 120, Math.floor(samplePos / 96_000.0) * 4, true);
        host.clearMidiIn();
        if (samplePos % 6400 == 0) host.midiIn(3, 0x99, 38, 100);
        p.process(0, 64, 64);
    }
}
