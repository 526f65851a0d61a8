package dev.downbeat.plugin.core;

import java.util.Arrays;

/**
 * Downbeat, format-agnostic: the instrument every bridge (VST2, LV2, standalone) instantiates with
 * {@code new DownbeatInstrument()}. Work in progress: parameters are live; generation and sound land next.
 */
public final class DownbeatInstrument implements Instrument {
    private final ParamValues params = new ParamValues();
    private volatile HostCallbacks host = HostCallbacks.NONE;

    /** A new instance with default parameters; cheap, nothing heavy until {@link #prepare}. */
    public DownbeatInstrument() {
    }

    @Override
    public void setHostCallbacks(HostCallbacks callbacks) {
        host = callbacks == null ? HostCallbacks.NONE : callbacks;
    }

    @Override
    public void prepare(double sampleRate, int maxBlock) {
    }

    @Override
    public void process(ProcessBlock block) {
        Arrays.fill(block.left, 0, block.frames, 0f);
        Arrays.fill(block.right, 0, block.frames, 0f);
        block.midiOutCount = 0;
    }

    @Override
    public void reset() {
    }

    @Override
    public int parameterCount() {
        return Param.count();
    }

    @Override
    public void setParameter(int index, float normalized) {
        Param p = Param.at(index);
        if (p != null) params.setNormalized(p, normalized);
    }

    @Override
    public float getParameter(int index) {
        Param p = Param.at(index);
        return p == null ? 0f : params.getNormalized(p);
    }

    /** The live parameter values (editor, bridges). Any thread. */
    public ParamValues params() {
        return params;
    }

    @Override
    public byte[] saveState() {
        return new byte[0];
    }

    @Override
    public boolean loadState(byte[] chunk) {
        host.log("state loading is not implemented yet");
        return false;
    }

    @Override
    public void close() {
    }
}
