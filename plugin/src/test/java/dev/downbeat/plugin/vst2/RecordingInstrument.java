package dev.downbeat.plugin.vst2;

import dev.downbeat.plugin.core.HostCallbacks;
import dev.downbeat.plugin.core.Instrument;
import dev.downbeat.plugin.core.Param;
import dev.downbeat.plugin.core.ParamValues;
import dev.downbeat.plugin.core.ProcessBlock;
import dev.downbeat.plugin.core.ProcessCalls;

/**
 * A test double: records what each process call saw ({@link ProcessCalls}), writes a ramp of
 * absolute frame numbers as audio, and echoes every MIDI note in one frame later on the out side.
 */
final class RecordingInstrument implements Instrument {
    final ParamValues params = new ParamValues();
    HostCallbacks callbacks;
    double preparedRate;
    int preparedBlock, prepares;
    boolean closed, failNext;
    byte[] state = {1, 2, 3};
    final ProcessCalls seen = new ProcessCalls();
    private long rendered;

    @Override public void setHostCallbacks(HostCallbacks c) { callbacks = c; }

    @Override public void prepare(double sampleRate, int maxBlock) {
        preparedRate = sampleRate;
        preparedBlock = maxBlock;
        prepares++;
    }

    @Override public void process(ProcessBlock b) {
        if (failNext) {
            failNext = false;
            throw new IllegalStateException("test failure");
        }
        seen.record(b);
        for (int i = 0; i < b.frames; i++) {
            b.left[i] = rendered + i;
            b.right[i] = -(rendered + i);
        }
        rendered += b.frames;
        int out = 0;
        for (int i = 0; i < b.midiInCount && out < b.midiCapacity(); i++, out++) {
            b.midiOutFrame[out] = b.midiInFrame[i] + 1;
            b.midiOutStatus[out] = b.midiInStatus[i];
            b.midiOutData1[out] = b.midiInData1[i];
            b.midiOutData2[out] = b.midiInData2[i];
        }
        b.midiOutCount = out;
    }

    @Override public void reset() { }
    @Override public int parameterCount() { return Param.count(); }
    @Override public void setParameter(int index, float normalized) { params.setNormalized(Param.at(index), normalized); }
    @Override public float getParameter(int index) { return params.getNormalized(Param.at(index)); }
    @Override public byte[] saveState() { return state.clone(); }
    @Override public boolean loadState(byte[] chunk) {
        if (chunk.length == 0 || chunk[0] != 1) return false;
        state = chunk.clone();
        return true;
    }
    @Override public void close() { closed = true; }
}
