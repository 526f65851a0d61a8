package dev.downbeat.app.play;

import dev.downbeat.plugin.core.DownbeatInstrument;
import dev.downbeat.plugin.core.HostPositionRounding;
import dev.downbeat.plugin.core.ProcessBlock;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The standalone app's host side: a transport (play from the top, stop, tempo) and the block
 * loop that feeds it to the instrument, as a DAW's bridge would. Every press of play starts a new
 * pattern from the first bar, as the tutorial's play button does. The instrument's MIDI out goes
 * to the sink with each block, at the frame the instrument gave it.
 *
 * <p>Threads: {@link #play}, {@link #playFor}, {@link #stop}, {@link #setTempoBpm} from the Swing
 * or main thread (they only write volatiles and an atomic flag); {@link #render} on the audio
 * thread, which owns the position and the {@link ProcessBlock}; it allocates nothing, locks
 * nothing and never waits.
 */
final class TransportDriver {
    private final DownbeatInstrument instrument;
    private final double sampleRate;
    private final int maxBlock;
    private final ProcessBlock block;
    private volatile boolean playing; // written by the audio thread too, when a timed play ends
    private volatile double tempoBpm;
    private final AtomicBoolean rewind = new AtomicBoolean();
    /** Where {@link #playFor} stops the transport, in quarter notes; infinite for {@link #play}. */
    private volatile double stopAtQuarters = Double.POSITIVE_INFINITY;
    /** Set by the audio thread when the transport reached {@link #stopAtQuarters}. */
    private volatile boolean finished;
    /** Tests: blocks go to the instrument as offline renders (it waits for the bars it needs). */
    private volatile boolean offline;
    /** Non-null when the transport follows another one (JACK's): play and stop go there. */
    private volatile Remote remote;
    private volatile boolean remoteRolling; // published by the audio thread for the editor

    // Audio thread only: the remote transport's state for the next render call (see locate).
    private boolean located, locatedRolling, carriedRolling;
    private double locatedQuarters, locatedTempo;

    // Audio thread only.
    private double positionQuarters;

    TransportDriver(DownbeatInstrument instrument, double sampleRate, int maxBlock, double tempoBpm) {
        this.instrument = instrument;
        this.sampleRate = sampleRate;
        this.maxBlock = maxBlock;
        this.tempoBpm = tempoBpm;
        this.block = new ProcessBlock(maxBlock, 512);
    }

    /** A transport this one follows (JACK's): what the app's Play and Stop ask of it. Any thread. */
    interface Remote {
        /** From the top. */
        void start();

        void stop();
    }

    /**
     * Follows {@code transport} from now on: Play and Stop go to it, and each render call plays
     * where the last {@link #locate} put it. Main thread, before the audio runs.
     */
    void follow(Remote transport) {
        remote = transport;
    }

    /** Whether the transport follows a remote one. */
    boolean following() {
        return remote != null;
    }

    /**
     * Where the followed transport stands for the next {@link #render} call: rolling or not, its
     * position at the call's first frame, its tempo. Audio thread, before {@code render}.
     */
    void locate(boolean rolling, double quarters, double tempo) {
        located = true;
        locatedRolling = rolling;
        locatedQuarters = quarters;
        locatedTempo = Math.max(20, Math.min(300, tempo));
        remoteRolling = rolling;
    }

    /** From the top (with the pattern written since the last stop). */
    void play() {
        Remote r = remote;
        if (r != null) r.start();
        else start(Double.POSITIVE_INFINITY);
    }

    /**
     * From the top, for {@code quarters} quarter notes: the transport stops by itself on the exact
     * frame where that length ends (a step due there is not played), and {@link #finished} turns true.
     */
    void playFor(double quarters) {
        if (!(quarters > 0)) throw new IllegalArgumentException("play length " + quarters + " quarters must be positive");
        if (remote != null) throw new IllegalStateException("a play length needs the app's own transport, not a followed one");
        start(quarters);
    }

    private void start(double stopAt) {
        finished = false;
        stopAtQuarters = stopAt;
        rewind.set(true);
        playing = true;
    }

    /**
     * Tests only: hand the blocks to the instrument as an offline render, so that it waits for the
     * bar writer and renders faster than real time completely and deterministically. Never for a device.
     */
    void renderOffline(boolean on) {
        offline = on;
    }

    /** Whether the length given to {@link #playFor} has been played (and the transport stopped). */
    boolean finished() {
        return finished;
    }

    /** Stops, and has a new pattern written for the next play. */
    void stop() {
        Remote r = remote;
        if (r != null) r.stop();
        else playing = false;
        instrument.regenerate();
    }

    boolean playing() {
        return remote != null ? remoteRolling : playing;
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
            boolean rolling;
            double tempo;
            if (located) { // following: the remote transport's state at this call's first frame
                // While it rolls on, carry the position by the frames played and take the reported one
                // only when it disagrees by more than a host's rounding (as the bridges do).
                if (done == 0 && !(locatedRolling && carriedRolling
                        && HostPositionRounding.agrees(locatedQuarters, positionQuarters))) {
                    positionQuarters = locatedQuarters;
                }
                if (done == 0) carriedRolling = locatedRolling;
                rolling = locatedRolling;
                tempo = locatedTempo;
            } else {
                if (rewind.getAndSet(false)) positionQuarters = 0;
                rolling = playing;
                tempo = tempoBpm;
            }
            double quartersPerFrame = tempo / 60.0 / sampleRate;
            boolean reachesEnd = false;
            if (rolling && !located) {
                // Split the block where a timed play ends, so it ends on its exact frame.
                double framesLeft = (stopAtQuarters - positionQuarters) / quartersPerFrame;
                if (framesLeft <= 1e-6) { // already there (a length shorter than a frame)
                    rolling = false;
                    playing = false;
                    finished = true;
                } else if (framesLeft <= n + 1e-6) {
                    n = Math.max(1, Math.min(n, (int) Math.ceil(framesLeft - 1e-6)));
                    reachesEnd = true;
                }
            }
            block.frames = n;
            block.playing = rolling;
            block.offline = offline;
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
            int events = Math.min(block.midiOutCount, block.midiCapacity());
            for (int i = 0; i < events; i++) {
                int frame = done + Math.max(0, Math.min(n - 1, block.midiOutFrame[i]));
                sink.midi(frame, block.midiOutStatus[i], block.midiOutData1[i], block.midiOutData2[i]);
            }
            if (rolling) positionQuarters += n * quartersPerFrame;
            if (reachesEnd) {
                playing = false;
                finished = true;
            }
            done += n;
        }
    }

    /** Where a rendered block goes (the device's buffers). Audio thread. */
    interface AudioSink {
        /** Copies {@code frames} frames of {@code left/right} (from index 0) to output position {@code offset}. */
        void write(float[] left, float[] right, int offset, int frames);

        /**
         * One MIDI message of the instrument's output (note-on 0x90 / note-off 0x80 on the note map),
         * in frame order; {@code frame} counts from the first frame of the {@link #render} call.
         * Outputs without MIDI ignore it.
         */
        default void midi(int frame, byte status, byte data1, byte data2) {
        }
    }
}
