package dev.downbeat.plugin.lv2;

import dev.downbeat.plugin.core.HostCallbacks;
import dev.downbeat.plugin.core.Instrument;
import dev.downbeat.plugin.core.Param;
import dev.downbeat.plugin.core.ProcessBlock;
import dev.downbeat.plugin.core.ProcessCalls;
import dev.downbeat.plugin.core.ProjectState;
import dev.downbeat.plugin.core.Seed;
import dev.downbeat.plugin.core.StateChunk;

import java.util.List;
import java.util.Map;

/**
 * An instrument that records every process call ({@link ProcessCalls}, so it allocates nothing)
 * and writes a ramp plus one note-on per call, so the bridge's copying can be checked exactly.
 */
final class RecordingInstrument implements Instrument {
    final ProcessCalls seen = new ProcessCalls();
    final float[] normalized = new float[Param.count()];
    int setParameterCalls;
    boolean throwInProcess;
    byte[] state = StateChunk.encode(new ProjectState(Map.of("temperature", 1.5f), Seed.DEFAULT,
            new int[] {36, 38, 42, 46, 41, 43, 45, 49, 51}, "/home/user/kits/808", "", "", List.of()));
    byte[] loaded;
    boolean closed, reset;
    double preparedRate;
    int preparedBlock;
    /** Sample value written at block frame i is BASE + call index. */
    static final float BASE = 0.25f;

    @Override public void setHostCallbacks(HostCallbacks callbacks) { }

    @Override public void prepare(double sampleRate, int maxBlock) {
        preparedRate = sampleRate;
        preparedBlock = maxBlock;
    }

    @Override public void process(ProcessBlock b) {
        if (throwInProcess) throw new IllegalStateException("boom");
        int c = seen.record(b);
        for (int i = 0; i < b.frames; i++) {
            b.left[i] = BASE + c;
            b.right[i] = -(BASE + c);
        }
        b.midiOutFrame[0] = b.frames - 1;
        b.midiOutStatus[0] = (byte) 0x99;
        b.midiOutData1[0] = (byte) (36 + c % 10);
        b.midiOutData2[0] = 100;
        b.midiOutCount = 1;
    }

    @Override public void reset() { reset = true; }
    @Override public int parameterCount() { return Param.count(); }

    @Override public void setParameter(int index, float value) {
        normalized[index] = value;
        setParameterCalls++;
    }

    @Override public float getParameter(int index) { return normalized[index]; }
    @Override public byte[] saveState() { return state.clone(); }

    @Override public boolean loadState(byte[] chunk) {
        if (chunk.length > 0 && chunk[0] == 'X') return false;
        loaded = chunk.clone();
        return true;
    }

    @Override public void close() { closed = true; }
}
