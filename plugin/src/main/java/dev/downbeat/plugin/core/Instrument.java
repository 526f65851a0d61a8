package dev.downbeat.plugin.core;

/**
 * What a format bridge (VST2, LV2, the standalone app) drives: one plugin instance, format-agnostic.
 *
 * <p>Threads: {@link #prepare}, {@link #saveState}, {@link #loadState} and {@link #close} run on a
 * host (non-real-time) thread; {@link #process} runs on the audio thread and never allocates, locks,
 * does I/O or waits; parameter calls come from any thread. No method lets an exception escape
 * into a bridge: failures are reported through {@link HostCallbacks#log} and the return values.
 */
public interface Instrument extends AutoCloseable {

    /** Connects the host's callbacks (automation gestures, log); called once before {@link #prepare}. */
    void setHostCallbacks(HostCallbacks callbacks);

    /** Allocates everything the audio thread will need for this rate and largest block. Host thread. */
    void prepare(double sampleRate, int maxBlock);

    /** Renders one block: reads the transport and MIDI input in {@code block}, writes audio and MIDI out. Audio thread. */
    void process(ProcessBlock block);

    /** Clears voices and pending notes without allocating (transport reset, bypass). Any thread. */
    void reset();

    /**
     * Seconds the output may still sound after the last note started: the longest kit sample plus
     * the reverb's impulse response, for the host's tail size. 0 when the instrument cannot say
     * (VST2 reads 0 as "unknown"). Host thread.
     */
    default double tailSeconds() {
        return 0;
    }

    /** Number of host-visible parameters, in declaration order (the VST2 index, the LV2 port order). */
    int parameterCount();

    /** Sets a parameter from the host, normalized 0..1. Any thread, lock-free. */
    void setParameter(int index, float normalized);

    /** The parameter's current normalized value. Any thread. */
    float getParameter(int index);

    /** The whole project state (parameters by stable id, seed, model/kit/room choices), versioned. Host thread. */
    byte[] saveState();

    /**
     * Restores a state saved by {@link #saveState}; a corrupt or foreign chunk is refused whole with a
     * message and leaves the current state untouched. Host thread.
     *
     * @return true when the state was applied
     */
    boolean loadState(byte[] chunk);

    /** Stops worker threads and frees native resources. Host thread. */
    @Override
    void close();
}
