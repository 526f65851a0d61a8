package dev.downbeat.plugin.core;

import java.util.Arrays;

/** Voices that remember every hit at its absolute frame, and render a click per hit (no allocation). */
final class RecordingVoices implements DrumVoices {
    long[] frames = new long[1 << 16];
    int[] voices = new int[1 << 16];
    int count;
    private long blockStart;
    private final long[] pendingFrame = new long[256];
    private final int[] pendingVoice = new int[256];
    private int pending;

    @Override public void prepare(double sampleRate, int maxBlock) { }
    @Override public void applyMix(float[] plain) { }

    @Override
    public void hit(int voice, float velocity, int frame) {
        pendingFrame[pending] = blockStart + frame;
        pendingVoice[pending++] = voice;
    }

    @Override
    public void render(float[] left, float[] right, int frames) {
        Arrays.fill(left, 0, frames, 0f);
        Arrays.fill(right, 0, frames, 0f);
        for (int i = 0; i < pending; i++) {
            if (count < this.frames.length) {
                this.frames[count] = pendingFrame[i];
                voices[count++] = pendingVoice[i];
            }
            left[(int) (pendingFrame[i] - blockStart)] += 0.5f;
        }
        pending = 0;
        blockStart += frames;
    }

    @Override public void reset() { pending = 0; }
    @Override public double tailSeconds() { return 0; }
}
