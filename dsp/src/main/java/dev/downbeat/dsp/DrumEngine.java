package dev.downbeat.dsp;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns drum notes into stereo audio: the kit's voices, per-piece level, constant-power pan and
 * reverb send, the convolution room and the master level.
 *
 * <p>Threads: {@link #prepare} runs on a host thread and never while {@link #process} runs.
 * {@link #noteOn}, {@link #process} and {@link #reset} run on the audio thread and allocate
 * nothing, take no lock, do no I/O. {@link #setKit} and {@link #setRoom} run on any non-audio
 * thread: they do the heavy preparation there and publish the result, which the audio thread
 * swaps in whole at its next block. {@link #mix()} controls and {@link #requestReset} are safe
 * from any thread.
 *
 * <p>Routing (the seed's Tone.js graph, where pieces go through a convolver with wet = mix):
 * a piece with send s plays {@code dry·(1 − s·mix) + mix·room(s·dry)}, all scaled by the master
 * level.
 */
public final class DrumEngine {
    /** Notes queued ahead of {@link #process} at most; more are dropped and counted. */
    public static final int MAX_PENDING_NOTES = 512;
    /** Longest call {@link #process} handles in one piece; longer calls are split. */
    public static final int MAX_BLOCK = 8192;
    /** Parameter changes ramp over this time. */
    static final double SMOOTHING_SECONDS = 0.010;
    /** A new room fades in over this time while the old one fades out. */
    static final double ROOM_CROSSFADE_SECONDS = 0.050;

    private final MixControls mix = new MixControls();
    private final AtomicReference<Kit> publishedKit = new AtomicReference<>();
    private final AtomicReference<PreparedRoom> publishedRoom = new AtomicReference<>();
    private final AtomicBoolean resetRequested = new AtomicBoolean();

    // Guarded by configLock (host and loader threads only, never the audio thread).
    private final Object configLock = new Object();
    private Kit sourceKit;
    private ImpulseResponse sourceRoom;
    private double preparedRate;
    private int preparedBlock;

    // Everything below is owned by the audio thread (set up by prepare).
    private double sampleRate;
    private int blockSize;
    private VoicePool voices;
    private Kit activeKit;
    private PreparedRoom activeRoom;
    private PreparedRoom fadingRoom;
    private int crossfadeFrames;
    private int crossfadeRemaining;
    private float[][] busLeft;
    private float[][] busRight;
    private boolean[] sounded;
    private float[] dryLeft, dryRight, sendLeft, sendRight, wetLeft, wetRight, oldWetLeft, oldWetRight;
    private LinearSmoother[] dryGainLeft, dryGainRight, sendGainLeft, sendGainRight;
    private LinearSmoother wetGain;
    private final HitQueue pending = new HitQueue(MAX_PENDING_NOTES); // frames count from the next block
    private long droppedNotes;
    private boolean prepared;

    /** An engine with the bundled kit and the default room; call {@link #prepare} before use. */
    public DrumEngine() {
    }

    /** The mixer settings, any thread. */
    public MixControls mix() {
        return mix;
    }

    /**
     * Allocates voices and buffers for {@code sampleRate} (22 050 .. 192 000 Hz) and calls of up to
     * {@code maxBlock} frames, and prepares the current kit and room at that rate. Host thread,
     * never concurrent with {@link #process}.
     */
    public void prepare(double sampleRate, int maxBlock) {
        if (!(sampleRate >= 8000 && sampleRate <= 768000)) {
            throw new IllegalArgumentException("unsupported sample rate " + sampleRate);
        }
        if (maxBlock < 1) {
            throw new IllegalArgumentException("max block must be at least 1: " + maxBlock);
        }
        int block = Math.min(maxBlock, MAX_BLOCK);
        synchronized (configLock) {
            Kit kit = sourceKit != null ? sourceKit : Kit.bundled();
            ImpulseResponse room = sourceRoom != null ? sourceRoom : ImpulseResponse.defaultRoom();
            Kit kitAtRate = kit.resampledTo(sampleRate);
            PreparedRoom roomAtRate = PreparedRoom.build(room, sampleRate, block);

            this.sampleRate = sampleRate;
            this.blockSize = block;
            voices = new VoicePool(sampleRate);
            busLeft = new float[KitPiece.COUNT][block];
            busRight = new float[KitPiece.COUNT][block];
            sounded = new boolean[KitPiece.COUNT];
            dryLeft = new float[block];
            dryRight = new float[block];
            sendLeft = new float[block];
            sendRight = new float[block];
            wetLeft = new float[block];
            wetRight = new float[block];
            oldWetLeft = new float[block];
            oldWetRight = new float[block];
            int ramp = (int) Math.round(SMOOTHING_SECONDS * sampleRate);
            dryGainLeft = smoothers(ramp);
            dryGainRight = smoothers(ramp);
            sendGainLeft = smoothers(ramp);
            sendGainRight = smoothers(ramp);
            wetGain = new LinearSmoother(ramp, 0);
            crossfadeFrames = (int) Math.round(ROOM_CROSSFADE_SECONDS * sampleRate);
            crossfadeRemaining = 0;
            fadingRoom = null;
            activeKit = kitAtRate;
            activeRoom = roomAtRate;
            publishedKit.set(kitAtRate);
            publishedRoom.set(roomAtRate);
            pending.clear();
            preparedRate = sampleRate;
            preparedBlock = block;
            readControls(true);
            prepared = true;
            warmUp();
        }
    }

    /**
     * Runs every audio-thread path once here (notes, steal, choke, smoothing, reverb), so class
     * linking and first-use work happen on the host thread, not in the first real block.
     */
    private void warmUp() {
        float[] left = new float[blockSize];
        float[] right = new float[blockSize];
        for (int i = 0; i <= VoicePool.POLYPHONY; i++) {
            noteOn(i % KitPiece.COUNT, 1f, 0);
        }
        process(left, right, 0, blockSize);
        dryGainLeft[0].setTarget(0.5f);
        process(left, right, 0, blockSize);
        reset();
        readControls(true);
        droppedNotes = 0;
    }

    private static LinearSmoother[] smoothers(int ramp) {
        LinearSmoother[] array = new LinearSmoother[KitPiece.COUNT];
        for (int i = 0; i < array.length; i++) {
            array[i] = new LinearSmoother(ramp, 0);
        }
        return array;
    }

    /**
     * Makes {@code kit} the engine's kit: converts it to the engine's rate here, then hands it to
     * the audio thread, which switches at its next block (sounding voices finish on the old kit).
     * Any non-audio thread; heavy.
     */
    public void setKit(Kit kit) {
        if (kit == null) {
            throw new IllegalArgumentException("kit is null");
        }
        synchronized (configLock) {
            sourceKit = kit;
            if (preparedRate > 0) {
                publishedKit.set(kit.resampledTo(preparedRate));
            }
        }
    }

    /**
     * Makes {@code room} the reverb: resamples it and builds its convolvers here, then hands it to
     * the audio thread, which crossfades to it at its next block. Any non-audio thread; heavy.
     */
    public void setRoom(ImpulseResponse room) {
        if (room == null) {
            throw new IllegalArgumentException("room is null");
        }
        synchronized (configLock) {
            sourceRoom = room;
            if (preparedRate > 0) {
                publishedRoom.set(PreparedRoom.build(room, preparedRate, preparedBlock));
            }
        }
    }

    /** The kit last given to {@link #setKit} (the bundled kit by default). Any thread. */
    public Kit kit() {
        synchronized (configLock) {
            return sourceKit != null ? sourceKit : Kit.bundled();
        }
    }

    /** The room last given to {@link #setRoom} (the default room by default). Any thread. */
    public ImpulseResponse room() {
        synchronized (configLock) {
            return sourceRoom != null ? sourceRoom : ImpulseResponse.defaultRoom();
        }
    }

    /**
     * Queues a hit of {@code piece} (0..8, {@link KitPiece#ordinal()}) at {@code velocity} (0..1)
     * to start {@code frameOffset} frames after the first frame of the next {@link #process} call.
     * A velocity of 0, a bad piece or a full queue drops the note (counted by
     * {@link #droppedNotes}). Audio thread; no allocation.
     */
    public void noteOn(int piece, float velocity, long frameOffset) {
        boolean valid = piece >= 0 && piece < KitPiece.COUNT && velocity > 0 && frameOffset >= 0;
        if (!valid || !pending.add(frameOffset, piece, Math.min(1f, velocity))) {
            droppedNotes++;
        }
    }

    /** Notes refused by {@link #noteOn} so far. Audio thread. */
    public long droppedNotes() {
        return droppedNotes;
    }

    /** Notes queued and not yet started. Audio thread. */
    public int pendingNotes() {
        return pending.size();
    }

    /** Voices sounding or fading. Audio thread. */
    public int activeVoices() {
        return voices == null ? 0 : voices.activeCount();
    }

    /** Silences voices and the reverb and drops queued notes. Audio thread, or any thread while process is not running. */
    public void reset() {
        pending.clear();
        if (!prepared) {
            return;
        }
        voices.silence();
        activeRoom.left.reset();
        activeRoom.right.reset();
        fadingRoom = null;
        crossfadeRemaining = 0;
    }

    /** Asks the audio thread to {@link #reset} at the start of its next block. Any thread. */
    public void requestReset() {
        resetRequested.set(true);
    }

    /** Seconds a hit can ring after it starts: the longest sample plus the room. Any thread. */
    public double tailSeconds() {
        return kit().longestSeconds() + room().seconds();
    }

    /**
     * Renders {@code frames} frames into {@code left} and {@code right} from {@code offset},
     * overwriting them, starting every queued note at its exact frame. Any {@code frames} ≥ 1.
     * Audio thread; no allocation, locks or I/O.
     */
    public void process(float[] left, float[] right, int offset, int frames) {
        if (!prepared) {
            java.util.Arrays.fill(left, offset, offset + frames, 0f);
            java.util.Arrays.fill(right, offset, offset + frames, 0f);
            return;
        }
        if (resetRequested.getAndSet(false)) {
            voices.silence();
            activeRoom.left.reset();
            activeRoom.right.reset();
            fadingRoom = null;
            crossfadeRemaining = 0;
        }
        int done = 0;
        while (done < frames) {
            int n = Math.min(blockSize, frames - done);
            processBlock(left, right, offset + done, n);
            done += n;
        }
    }

    private void processBlock(float[] left, float[] right, int offset, int frames) {
        swapInPublished();
        readControls(false);
        startDueNotes(frames);

        for (int p = 0; p < KitPiece.COUNT; p++) {
            if (sounded[p]) {
                java.util.Arrays.fill(busLeft[p], 0, frames, 0f);
                java.util.Arrays.fill(busRight[p], 0, frames, 0f);
                sounded[p] = false;
            }
        }
        voices.render(busLeft, busRight, sounded, frames);

        java.util.Arrays.fill(dryLeft, 0, frames, 0f);
        java.util.Arrays.fill(dryRight, 0, frames, 0f);
        java.util.Arrays.fill(sendLeft, 0, frames, 0f);
        java.util.Arrays.fill(sendRight, 0, frames, 0f);
        for (int p = 0; p < KitPiece.COUNT; p++) {
            if (!sounded[p]) {
                dryGainLeft[p].snap();
                dryGainRight[p].snap();
                sendGainLeft[p].snap();
                sendGainRight[p].snap();
                continue;
            }
            mixPiece(p, frames);
        }

        activeRoom.left.process(sendLeft, 0, wetLeft, 0, frames);
        activeRoom.right.process(sendRight, 0, wetRight, 0, frames);
        if (fadingRoom != null) {
            crossfadeRooms(frames);
        }
        for (int i = 0; i < frames; i++) {
            float wet = wetGain.next();
            left[offset + i] = dryLeft[i] + wet * wetLeft[i];
            right[offset + i] = dryRight[i] + wet * wetRight[i];
        }
    }

    private void mixPiece(int p, int frames) {
        float[] inL = busLeft[p], inR = busRight[p];
        LinearSmoother dl = dryGainLeft[p], dr = dryGainRight[p], sl = sendGainLeft[p], sr = sendGainRight[p];
        if (!dl.isRamping() && !dr.isRamping() && !sl.isRamping() && !sr.isRamping()) {
            float gdl = dl.current(), gdr = dr.current(), gsl = sl.current(), gsr = sr.current();
            for (int i = 0; i < frames; i++) {
                dryLeft[i] += gdl * inL[i];
                dryRight[i] += gdr * inR[i];
                sendLeft[i] += gsl * inL[i];
                sendRight[i] += gsr * inR[i];
            }
            return;
        }
        for (int i = 0; i < frames; i++) {
            dryLeft[i] += dl.next() * inL[i];
            dryRight[i] += dr.next() * inR[i];
            sendLeft[i] += sl.next() * inL[i];
            sendRight[i] += sr.next() * inR[i];
        }
    }

    private void crossfadeRooms(int frames) {
        fadingRoom.left.process(sendLeft, 0, oldWetLeft, 0, frames);
        fadingRoom.right.process(sendRight, 0, oldWetRight, 0, frames);
        for (int i = 0; i < frames; i++) {
            float fresh = crossfadeRemaining > 0 ? 1f - (float) crossfadeRemaining / crossfadeFrames : 1f;
            if (crossfadeRemaining > 0) {
                crossfadeRemaining--;
            }
            wetLeft[i] = fresh * wetLeft[i] + (1 - fresh) * oldWetLeft[i];
            wetRight[i] = fresh * wetRight[i] + (1 - fresh) * oldWetRight[i];
        }
        if (crossfadeRemaining == 0) {
            fadingRoom = null; // dropped here, collected by the GC off this thread
        }
    }

    private void swapInPublished() {
        Kit kit = publishedKit.get();
        if (kit != activeKit) {
            activeKit = kit;
        }
        PreparedRoom room = publishedRoom.get();
        if (room != activeRoom) {
            fadingRoom = activeRoom;
            activeRoom = room;
            crossfadeRemaining = crossfadeFrames;
        }
    }

    /** Reads the mixer once per block and sets the smoothers' targets. */
    private void readControls(boolean snap) {
        float reverbMix = mix.reverbMix();
        float master = mix.masterLevel();
        for (int p = 0; p < KitPiece.COUNT; p++) {
            float level = mix.muted(p) ? 0f : mix.level(p) * master;
            float pan = mix.pan(p);
            float send = mix.send(p);
            float panLeft = PanLaw.left(pan), panRight = PanLaw.right(pan);
            float dry = level * (1 - send * reverbMix);
            dryGainLeft[p].setTarget(dry * panLeft);
            dryGainRight[p].setTarget(dry * panRight);
            sendGainLeft[p].setTarget(level * send * panLeft);
            sendGainRight[p].setTarget(level * send * panRight);
            if (snap) {
                dryGainLeft[p].snap();
                dryGainRight[p].snap();
                sendGainLeft[p].snap();
                sendGainRight[p].snap();
            }
        }
        wetGain.setTarget(reverbMix);
        if (snap) {
            wetGain.snap();
        }
    }

    private void startDueNotes(int frames) {
        int started = 0;
        while (started < pending.size() && pending.frame(started) < frames) {
            int piece = pending.piece(started);
            float velocity = pending.velocity(started);
            Sample sample = activeKit.sampleFor(piece, velocity);
            voices.start(piece, sample, velocityGain(velocity), (int) pending.frame(started));
            started++;
        }
        pending.removeFirst(started);
        pending.advance(frames);
    }

    /** Level for a velocity: v^1.5, about 27 dB from velocity 0.1 to 1, the feel of a drum machine's accent range. */
    static float velocityGain(float velocity) {
        return velocity * (float) Math.sqrt(velocity);
    }

    /** The rate given to {@link #prepare}. */
    public double sampleRate() {
        return sampleRate;
    }
}
