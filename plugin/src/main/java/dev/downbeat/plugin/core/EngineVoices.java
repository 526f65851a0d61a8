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

    @Override
    public void prepare(double sampleRate, int maxBlock) {
        engine.prepare(sampleRate, maxBlock);
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
