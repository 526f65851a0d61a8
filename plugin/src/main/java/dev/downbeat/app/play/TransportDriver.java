package dev.downbeat.app.play;

import dev.downbeat.plugin.core.DownbeatInstrument;
import dev.downbeat.plugin.core.ProcessBlock;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The standalone app's host side: a transport (play from the top, stop, tempo) and the block
 * loop that feeds it to the instrument, as a DAW's bridge would. Every press of play starts a new
 * pattern from the first bar, as the tutorial's play button does.
 *
 * <p>Threads: {@link #play}, {@link #stop}, {@link #setTempoBpm} from the Swing thread (they only
 * write volatiles and an atomic flag); {@link #render} on the audio thread, which owns the
 * position and the {@link ProcessBlock}; it allocates nothing, locks nothing and never waits.
 */
final class TransportDriver {
    private final DownbeatInstrument instrument;
    private final double sampleRate;
    private final int maxBlock;
    private final ProcessBlock block;
    private volatile boolean playing;
    private volatile double tempoBpm;
    private final AtomicBoolean rewind = new AtomicBoolean();

    // Audio thread only.
    private double positionQuarters;

    TransportDriver(DownbeatInstrument instrument, double sampleRate, int maxBlock, double tempoBpm) {
        this.instrument = instrument;
        this.sampleRate = sampleRate;
        this.maxBlock = maxBlock;
        this.tempoBpm = tempoBpm;
        this.block = new ProcessBlock(maxBlock, 512);
    }

    /** From the top (with the pattern written since the last stop). */
    void play() {
        rewind.set(true);
        playing = true;
    }

    /** Stops, and has a new pattern written for the next play. */
    void stop() {
        playing = false;
        instrument.regenerate();
    }

    boolean playing() {
        return playing;
    }

    double tempoBpm() {
        return tempoBpm;
    }

    void setTempoBpm(double bpm) {
        tempoBpm = Math.max(20, Math.min(300, bpm));
    }

    /** Where the next block starts, in quarter notes. Audio thread (tests read it between renders). */
    double positionQuarters() {
        return positionQuarters;
    }

    double sampleRate() {
        return sampleRate;
    }

    int maxBlock() {
        return maxBlock;
    }

    /**
     * Renders {@code frames} frames (any count: longer requests run as several blocks) and hands each
     * block's audio to {@code sink}. Audio thread.
     */
    void render(int frames, AudioSink sink) {
        int done = 0;
        while (done < frames) {
            int n = Math.min(maxBlock, frames - done);
            if (rewind.getAndSet(false)) positionQuarters = 0;
            boolean rolling = playing;
            double tempo = tempoBpm;
            block.frames = n;
            block.playing = rolling;
            block.offline = false;
            block.positionQuarters = positionQuarters;
            block.positionValid = true;
            block.barStartQuarters = Math.floor(positionQuarters / 4) * 4;
            block.barStartValid = true;
            block.tempoBpm = tempo;
            block.meterNumerator = 4;
            block.meterDenominator = 4;
            block.midiInCount = 0;
            block.midiOutCount = 0;
            instrument.process(block);
            sink.write(block.left, block.right, done, n);
            if (rolling) positionQuarters += n / sampleRate * tempo / 60.0;
            done += n;
        }
    }

    /** Where a rendered block goes (the device's buffers). Audio thread. */
    interface AudioSink {
        /** Copies {@code frames} frames of {@code left/right} (from index 0) to output position {@code offset}. */
        void write(float[] left, float[] right, int offset, int frames);
    }
}
