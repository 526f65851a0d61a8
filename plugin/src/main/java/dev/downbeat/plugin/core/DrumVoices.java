package dev.downbeat.plugin.core;

/**
 * Where the instrument's hits sound: the kit and its mix. The real one is {@link EngineVoices}
 * (the dsp module's DrumEngine); tests record hits instead. {@link #prepare} runs on a host thread,
 * everything else on the audio thread without allocating.
 */
public interface DrumVoices {
    /** Allocates for this rate and largest block. Host thread. */
    void prepare(double sampleRate, int maxBlock);

    /** Applies the mix parameters (level, pan, mute per voice, reverb mix, master) from a block's plain values. */
    void applyMix(float[] plain);

    /** Queues a hit of {@code voice} (0..8) at {@code velocity} (0..1) starting {@code frame} frames into the next render. */
    void hit(int voice, float velocity, int frame);

    /** Renders {@code frames} frames into the buffers (overwriting them), sounding the queued hits at their frames. */
    void render(float[] left, float[] right, int frames);

    /** Silences everything and drops queued hits. */
    void reset();

    /** Seconds a hit may ring after it starts (sample plus reverb), for hosts' tail size. Any thread. */
    double tailSeconds();
}
