package dev.downbeat.plugin.core;

import dev.downbeat.dsp.DrumEngine;
import dev.downbeat.dsp.MixControls;

/** The dsp module's {@link DrumEngine} (bundled kit and room unless changed) as the instrument's voices. */
public final class EngineVoices implements DrumVoices {
    private final DrumEngine engine = new DrumEngine();

    /** The engine, for kit and room changes (non-audio threads). */
    public DrumEngine engine() {
        return engine;
    }

    /** Twice the reverb's largest partition (8192 frames). */
    private static final int TOUCH_FRAMES = 2 * 8192;

    /**
     * Prepares the engine, then renders silence through it for longer than the reverb's largest
     * partition and resets it: every buffer and spectrum is written once here, on the host thread,
     * instead of being paged in by the first live blocks (0.35 to 1 ms each at 48 kHz / 64 frames
     * without it). Nothing is queued, so nothing sounds; reset() restarts the reverb's partition
     * schedule from zero, so renders are exactly as without it.
     */
    @Override
    public void prepare(double sampleRate, int maxBlock) {
        engine.prepare(sampleRate, maxBlock);
        int block = Math.min(maxBlock, DrumEngine.MAX_BLOCK);
        float[] left = new float[block], right = new float[block];
        for (int done = 0; done < TOUCH_FRAMES; done += block) engine.process(left, right, 0, block);
        engine.reset();
    }

    @Override
    public void applyMix(float[] plain) {
        MixControls mix = engine.mix();
        for (int v = 0; v < Param.VOICES; v++) {
            mix.setLevel(v, decibelsToGain(plain[Param.voiceLevel(v).index], Param.voiceLevel(v)));
            mix.setPan(v, plain[Param.voicePan(v).index]);
            mix.setMute(v, plain[Param.voiceMute(v).index] >= 0.5f);
        }
        mix.setReverbMix(plain[Param.REVERB_MIX.index] / 100f);
        mix.setMasterLevel(decibelsToGain(plain[Param.MASTER_LEVEL.index], Param.MASTER_LEVEL));
    }

    /** dB to linear gain; the bottom of the range is silence. */
    static float decibelsToGain(float db, Param p) {
        return db <= p.range.min() ? 0f : (float) Math.pow(10, db / 20.0);
    }

    @Override
    public void hit(int voice, float velocity, int frame) {
        engine.noteOn(voice, velocity, frame);
    }

    @Override
    public void render(float[] left, float[] right, int frames) {
        engine.process(left, right, 0, frames);
    }

    @Override
    public void reset() {
        engine.reset();
    }

    @Override
    public double tailSeconds() {
        return engine.tailSeconds();
    }
}
