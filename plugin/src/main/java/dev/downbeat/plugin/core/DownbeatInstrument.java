package dev.downbeat.plugin.core;

import dev.downbeat.dsp.DrumEngine;
import dev.downbeat.dsp.ImpulseResponse;
import dev.downbeat.dsp.Kit;
import dev.downbeat.dsp.KitLoader;
import dev.downbeat.dsp.LoadException;
import dev.downbeat.model.ModelLoadException;
import dev.downbeat.model.NoteMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Downbeat, format-agnostic: the instrument every bridge (VST2, LV2, standalone) instantiates with
 * {@code new DownbeatInstrument()}. It composes the step clock, the bar writer (a worker running
 * the bundled DrumRNN) and the bar player on the audio thread, and sounds the steps through the
 * bundled kit (dsp DrumEngine) while sending them out as MIDI notes on the note map.
 *
 * <p>Threads: as {@link Instrument} says. The audio thread owns the fields marked so below; the
 * worker owns the model; parameters, seed and bars cross as atomics and immutable records.
 */
public final class DownbeatInstrument implements Instrument {
    /** MIDI velocity of generated notes at Humanize 0 or without the groove model (DrumRNN has no dynamics). */
    public static final int VELOCITY = 100;
    private static final int NO_OFF = Integer.MAX_VALUE;
    /** Longest {@link #prepare} waits for the worker's opening bar (40-70 ms on an idle machine). */
    static final long OPENING_WAIT_NANOS = 2_000_000_000L;

    private final ParamValues params = new ParamValues();
    private final Supplier<StepModel> modelFactory;
    private final DrumVoices voices;
    private final BarShelf shelf = new BarShelf();
    private final MessageRing toWorker = new MessageRing(1024);
    private final AtomicBoolean resetRequested = new AtomicBoolean();
    private final AtomicInteger peakBits = new AtomicInteger();
    private volatile HostCallbacks host = HostCallbacks.NONE;
    private volatile NoteMap noteMap = NoteMap.DEFAULT;
    private volatile String kitPath = "", roomPath = "", modelPath = "";
    private volatile String modelError;
    private volatile String modelChecksum = "";   // saved with modelPath: which files the project's model had
    private volatile String modelWarning;         // why the project's model is not the one playing, or null
    private volatile String modelName = "bundled model";
    private volatile double modelValidNll = Double.NaN;
    private volatile Throwable audioError;
    private volatile double lastTempo = 120;

    // Host thread (prepare/close).
    private StepModel model;
    private StepModel chosenModel;   // a model chosen before the writer started: the writer starts on it
    private String playingPath = ""; // the folder of the model playing ("" bundled); synchronized
    private BarWriter writer;
    private BarPlayer player;
    private BarGroover groover;
    private volatile String grooveError;
    private final GrooveShelf grooveShelf = new GrooveShelf();
    private final GroovePlayer groovePlayer = new GroovePlayer(grooveShelf); // audio thread
    private volatile GrooveSource grooveSource = dev.downbeat.model.groove.GrooveModel::loadBundled;

    /** Where the groove model comes from (tests replace the bundled one). */
    interface GrooveSource {
        dev.downbeat.model.groove.GrooveModel load() throws ModelLoadException;
    }

    /** Replaces the groove model source; takes effect at the next {@link #prepare} that starts the writer. Host thread. */
    void setGrooveSource(GrooveSource source) {
        grooveSource = source;
    }
    private boolean prepared;

    // Audio thread only.
    private double sampleRate = 48000;
    private StepClock clock;
    private final float[] plain = new float[Param.count()];
    private final int[] offAt = new int[Param.VOICES];     // frame of each voice's pending MIDI note-off, this block
    private final int[] offPitch = new int[Param.VOICES];
    private long framesDone;
    private boolean capturing;
    private long captureStart;
    private double captureFramesPerStep;
    private int captureLength;

    /** A new instance with the bundled model and kit; cheap: the model loads in {@link #prepare}. */
    public DownbeatInstrument() {
        this(DownbeatInstrument::bundledModel, new EngineVoices());
    }

    /** An instance over another model and voices (tests, benchmarks). */
    DownbeatInstrument(Supplier<StepModel> modelFactory, DrumVoices voices) {
        this.modelFactory = modelFactory;
        this.voices = voices;
        Arrays.fill(offAt, NO_OFF);
    }

    static StepModel bundledModel() {
        try {
            return OnnxStepModel.bundled();
        } catch (ModelLoadException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void setHostCallbacks(HostCallbacks callbacks) {
        host = callbacks == null ? HostCallbacks.NONE : callbacks;
    }

    @Override
    public synchronized void prepare(double rate, int maxBlock) {
        try {
            double r = rate >= 8000 && rate <= 768000 ? rate : 48000;
            int block = Math.max(1, Math.min(maxBlock, 1 << 16));
            AudioPathWarmUp.start(r, block, host); // first instance in this VM: the JIT compiles the audio path meanwhile
            // The worker writes the opening bar while the kit and room are prepared (0.3 s), so that
            // the first step is ready however soon after this the transport starts.
            if (writer == null) startWriter();
            voices.prepare(r, block);
            clock = new StepClock(StepClock.capacityFor(Math.min(r, 22050), block));
            sampleRate = r;
            awaitOpening();
            prepared = true;
        } catch (RuntimeException e) {
            host.log("Downbeat could not prepare for " + rate + " Hz, blocks of " + maxBlock + ": " + e.getMessage());
        }
    }

    private void startWriter() {
        try {
            model = chosenModel != null ? chosenModel : modelFactory.get();
            chosenModel = null;
            if (model instanceof OnnxStepModel m) showModel(m);
            writer = new BarWriter(model, params, shelf, toWorker);
            writer.setSeed(pendingSeed);
            if (!pendingLock.isEmpty()) writer.restoreLockedLoop(pendingLock);
            player = new BarPlayer(shelf, toWorker, writer);
            startGroove();
            writer.start();
            modelError = null;
        } catch (RuntimeException e) {
            modelError = "the drum model could not be loaded, so Downbeat only plays incoming MIDI notes: " + e.getMessage();
            host.log(modelError);
        }
    }

    /**
     * Waits (at most {@link #OPENING_WAIT_NANOS}) for the worker's opening bar, so that pressing play
     * plays the downbeat of bar 1; says so when it is not there (its steps would be rests, counted
     * in {@link #lateSteps}). Host thread.
     */
    private void awaitOpening() {
        BarWriter w = writer;
        if (w == null || w.awaitOpening(OPENING_WAIT_NANOS)) return;
        host.log(w.failure() != null
                ? "the drum model failed writing the first bar, so Downbeat plays no bars: " + w.failure()
                : "Downbeat's first bar was not written within " + OPENING_WAIT_NANOS / 1_000_000_000 + " s (a slow model "
                        + "or a busy machine): the steps played before it is written are rests, counted as late");
    }

    /** Loads the groove model for the writer; without it Downbeat says so once and plays quantized. */
    private void startGroove() {
        try {
            groover = new BarGroover(grooveSource.load(), grooveShelf);
            writer.setGroover(groover);
            grooveError = null;
        } catch (ModelLoadException | RuntimeException e) {
            grooveError = "the groove model could not be loaded, so Humanize has no effect and Downbeat plays every hit "
                    + "on the grid at velocity " + VELOCITY + ": " + e.getMessage();
            host.log(grooveError);
        }
    }

    /**
     * Plays the model in {@code folder} (drum_rnn.onnx + spec.json, as {@code downbeat train} and
     * {@code downbeat import-magenta} write it); null for the bundled model. The model is loaded and
     * checked here, then the worker takes it between two bars: the bars already written play out, the
     * next ones come from the new model. Saved with the project by path and checksum. Host or editor
     * thread, never the audio thread (heavy).
     *
     * @throws ModelLoadException naming the file and the problem; the current model keeps playing
     */
    public synchronized void loadModel(Path folder) throws ModelLoadException {
        OnnxStepModel next = folder == null ? OnnxStepModel.bundled() : OnnxStepModel.load(folder);
        String checksum;
        try {
            checksum = folder == null ? "" : ModelChecksum.of(folder);
        } catch (IOException e) {
            next.close();
            throw new ModelLoadException("model folder " + folder + " could not be read for its checksum: " + e, e);
        }
        use(next, folder == null ? "" : folder.toString());
        modelPath = folder == null ? "" : folder.toString();
        modelChecksum = checksum;
        modelWarning = null;
    }

    private void use(OnnxStepModel next, String path) {
        showModel(next);
        playingPath = path;
        BarWriter w = writer;
        if (w != null) {
            w.useModel(next);
            return;
        }
        if (chosenModel != null) chosenModel.close();
        chosenModel = next;
        if (prepared) { // the model that failed before is replaced: start now
            startWriter();
            awaitOpening();
        }
    }

    private void showModel(OnnxStepModel m) {
        modelName = m.description();
        modelValidNll = m.validNll();
    }

    /** The model playing: "bundled model" or its folder. Any thread. */
    public String modelName() {
        return modelName;
    }

    /** Validation NLL (nats/step) of the model playing, NaN when its spec has none. Any thread. */
    public double modelValidNll() {
        return modelValidNll;
    }

    /** The model path and checksum saved with the project (empty: bundled). Any thread. */
    public String modelPath() {
        return modelPath;
    }

    public String modelChecksum() {
        return modelChecksum;
    }

    /**
     * Why the project's model is not playing (its folder is missing, its files changed, it failed to
     * load) while the bundled one stands in; null when the project's model plays. Any thread.
     */
    public String modelWarning() {
        return modelWarning;
    }

    /** Why the groove model is not playing (null when it is). Any thread. */
    String grooveError() {
        return grooveError;
    }

    @Override
    public void process(ProcessBlock b) {
        try {
            render(b);
        } catch (Throwable t) {
            // Never into the host: the block is silent and the error waits for a non-audio thread.
            audioError = t;
            Arrays.fill(b.left, 0, b.frames, 0f);
            Arrays.fill(b.right, 0, b.frames, 0f);
            b.midiOutCount = 0;
        }
    }

    private void render(ProcessBlock b) {
        b.midiOutCount = 0;
        int frames = b.frames;
        if (!prepared || frames <= 0) {
            if (frames > 0) {
                Arrays.fill(b.left, 0, frames, 0f);
                Arrays.fill(b.right, 0, frames, 0f);
            }
            return;
        }
        params.readInto(plain);
        lastTempo = b.tempoBpm;
        if (resetRequested.getAndSet(false)) {
            voices.reset();
            clock.reset();
            if (player != null) player.stop();
            groovePlayer.clear();
            flushNoteOffs(b, 0);
        }
        voices.applyMix(plain);
        double swing = plain[Param.SWING.index] / 100.0;
        clock.advance(b, sampleRate, swing);
        if (clock.stopped() || clock.relocated() || clock.started()) {
            flushNoteOffs(b, 0);
            groovePlayer.clear();
        }
        if (groover != null) groover.setTempo(b.tempoBpm);
        if (player != null) {
            if (clock.stopped()) player.stop();
            if (clock.started()) player.start();
            if (clock.relocated()) player.interrupt();
        }
        float temperature = plain[Param.TEMPERATURE.index];
        int gate = (int) Math.max(1, sampleRate * 60.0 / Math.max(1, b.tempoBpm) / StepClock.STEPS_PER_QUARTER / 2);
        NoteMap map = noteMap;
        long settingsKey = steps(b) == 0 ? 0 : BarWriter.settingsKey(Math.round(plain[Param.RANDOM_SEED.index]),
                Math.round(plain[Param.MODE.index]) == Param.MODE_LOOP, Math.round(plain[Param.LOOP_BARS.index]),
                Math.round(plain[Param.REGENERATE_BARS.index]), Math.round(plain[Param.SEED_LENGTH.index]),
                writer.seed(), plain[Param.LOCK.index] >= 0.5f);

        double framesPerStep = sampleRate * 60.0 / (b.tempoBpm > 1 && b.tempoBpm < 10000 ? b.tempoBpm : 120)
                / StepClock.STEPS_PER_QUARTER;
        double humanize = plain[Param.HUMANIZE.index] / 100.0, dynamics = plain[Param.DYNAMICS.index] / 100.0;
        // Steps and incoming MIDI in frame order; the groove may hold a step's hits a little (see GroovePlayer).

        int s = 0, m = 0, steps = player == null ? 0 : clock.count();
        while (s < steps || m < b.midiInCount) {
            boolean stepFirst = m >= b.midiInCount || (s < steps && clock.frame(s) <= b.midiInFrame[m]);
            if (stepFirst) {
                int f = clock.frame(s);
                int event = player.eventAt(clock.stepInBar(s), clock.stepsInBar(s), temperature, b.offline, settingsKey);
                groovePlayer.step(event, clock.stepInBar(s), clock.stepsInBar(s), player.playing(), framesDone + f,
                        framesPerStep, swing, humanize, dynamics, temperature,
                        b.offline && groover != null && groover.failure() == null && writer.failure() == null);
                releaseHits(b, framesDone + f + 1, map, gate);
                s++;
            } else {
                midiIn(b, m, map);
                m++;
            }
        }
        releaseHits(b, framesDone + frames, map, gate);
        flushNoteOffs(b, frames);
        for (int v = 0; v < Param.VOICES; v++) if (offAt[v] != NO_OFF) offAt[v] -= frames;
        captureTick(b);
        framesDone += frames;

        voices.render(b.left, b.right, frames);
        float peak = 0;
        for (int i = 0; i < frames; i++) peak = Math.max(peak, Math.max(Math.abs(b.left[i]), Math.abs(b.right[i])));
        if (peak > Float.intBitsToFloat(peakBits.get())) peakBits.lazySet(Float.floatToRawIntBits(peak));
    }

    private int steps(ProcessBlock b) {
        return player == null || writer == null ? 0 : clock.count();
    }

    /** Sounds and sends every groove hit due before the absolute frame {@code before}, in frame order. */
    private void releaseHits(ProcessBlock b, long before, NoteMap map, int gate) {
        while (groovePlayer.hasDue(before)) {
            int f = (int) Math.max(0, groovePlayer.nextDue() - framesDone);
            int v = groovePlayer.nextVoice();
            float velocity = groovePlayer.nextVelocity();
            groovePlayer.pop();
            voices.hit(v, velocity, f);
            noteOut(b, v, map.outputPitch(v), f, gate, Math.max(1, Math.min(127, Math.round(velocity * 127))));
        }
    }

    /** MIDI note-on now and its note-off a gate later; a note still held is ended first. */
    private void noteOut(ProcessBlock b, int voice, int pitch, int frame, int gate, int velocity) {
        flushNoteOffs(b, frame + 1);
        if (offAt[voice] != NO_OFF && b.midiOutCount < b.midiCapacity()) { // still held (slow tempo, swing): end it first
            put(b, frame, (byte) 0x80, offPitch[voice], 0);
            offAt[voice] = NO_OFF;
        }
        if (b.midiOutCount + 2 > b.midiCapacity()) return;
        put(b, frame, (byte) 0x90, pitch, velocity);
        offAt[voice] = frame + gate;
        offPitch[voice] = pitch;
    }

    /** Sends every pending note-off due before {@code frame} (all of them for frame 0 and stops). */
    private void flushNoteOffs(ProcessBlock b, int frame) {
        while (true) {
            int first = -1;
            for (int v = 0; v < Param.VOICES; v++) {
                if (offAt[v] != NO_OFF && (frame == 0 || offAt[v] < frame) && (first < 0 || offAt[v] < offAt[first])) first = v;
            }
            if (first < 0) return;
            int at = frame == 0 ? 0 : Math.max(0, Math.min(offAt[first], b.frames - 1));
            if (b.midiOutCount < b.midiCapacity()) put(b, at, (byte) 0x80, offPitch[first], 0);
            offAt[first] = NO_OFF;
        }
    }

    private static void put(ProcessBlock b, int frame, byte status, int data1, int data2) {
        int i = b.midiOutCount++;
        b.midiOutFrame[i] = frame;
        b.midiOutStatus[i] = status;
        b.midiOutData1[i] = (byte) data1;
        b.midiOutData2[i] = (byte) data2;
    }

    /** A note from the host: sounds its voice now, and is recorded while capture is on. */
    private void midiIn(ProcessBlock b, int m, NoteMap map) {
        int status = b.midiInStatus[m] & 0xF0;
        int pitch = b.midiInData1[m] & 0x7F, velocity = b.midiInData2[m] & 0x7F;
        if (status != 0x90 || velocity == 0) return;
        int voice = map.classOfPitch(pitch);
        if (voice < 0) return;
        int frame = Math.max(0, Math.min(b.frames - 1, b.midiInFrame[m]));
        voices.hit(voice, velocity / 127f, frame);
        if (player == null || plain[Param.CAPTURE.index] < 0.5f) return;
        long at = framesDone + frame;
        if (!capturing) {
            capturing = true;
            captureStart = at;
            captureFramesPerStep = sampleRate * 60.0 / Math.max(1, b.tempoBpm) / StepClock.STEPS_PER_QUARTER;
            captureLength = Math.round(plain[Param.SEED_LENGTH.index]);
        }
        int step = (int) Math.round((at - captureStart) / captureFramesPerStep);
        if (step < captureLength) toWorker.offer(BarWriter.CAPTURE_STEP, step, 1L << voice, 0, 0);
    }

    /** Ends a capture once its seed length has passed (or capture was switched off): the notes become the seed. */
    private void captureTick(ProcessBlock b) {
        if (!capturing) return;
        long end = framesDone + b.frames;
        boolean off = plain[Param.CAPTURE.index] < 0.5f;
        if (off || end - captureStart >= (captureLength - 0.5) * captureFramesPerStep) {
            toWorker.offer(BarWriter.CAPTURE_DONE, captureLength, 0, 0, 0);
            capturing = false;
        }
    }

    @Override
    public void reset() {
        resetRequested.set(true);
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

    /** The seed the model continues. Any thread. */
    public Seed seed() {
        return writer == null ? pendingSeed : writer.seed();
    }

    private volatile Seed pendingSeed = Seed.DEFAULT;

    /** Replaces the seed; the bars not yet playing are written again from it. Any non-audio thread. */
    public void setSeed(Seed seed) {
        pendingSeed = seed;
        BarWriter w = writer;
        if (w != null) w.setSeed(seed);
    }

    /** New bars from the next bar on: moves the random seed on. Any non-audio thread. */
    public void regenerate() {
        params.set(Param.RANDOM_SEED, (params.getInt(Param.RANDOM_SEED) + 1) % 10000);
    }

    /**
     * Plays {@code folder}'s kit (WAV folder with kit.txt or file names, or a Hydrogen drumkit.xml);
     * null for the bundled kit. Saved with the project. Any non-audio thread (heavy).
     *
     * @throws LoadException naming the file and the problem; the current kit stays
     */
    public void loadKit(Path folder) throws LoadException {
        DrumEngine engine = engine();
        Kit kit = folder == null ? Kit.bundled() : KitLoader.load(folder);
        if (engine != null) engine.setKit(kit);
        kitPath = folder == null ? "" : folder.toString();
    }

    /**
     * Uses {@code file} (mono or stereo WAV) as the reverb's room; null for the default room. Saved
     * with the project. Any non-audio thread (heavy).
     *
     * @throws LoadException naming the file and the problem; the current room stays
     */
    public void loadRoom(Path file) throws LoadException {
        DrumEngine engine = engine();
        ImpulseResponse room = file == null ? ImpulseResponse.defaultRoom() : ImpulseResponse.load(file);
        if (engine != null) engine.setRoom(room);
        roomPath = file == null ? "" : file.toString();
    }

    /** Names of the kit and room playing, for display. Any thread. */
    public String kitName() {
        DrumEngine engine = engine();
        return engine == null ? "" : engine.kit().name();
    }

    public String roomName() {
        DrumEngine engine = engine();
        return engine == null ? "" : engine.room().name();
    }

    /** The kit and room paths saved with the project (empty: bundled). Any thread. */
    public String kitPath() {
        return kitPath;
    }

    public String roomPath() {
        return roomPath;
    }

    private DrumEngine engine() {
        return voices instanceof EngineVoices e ? e.engine() : null;
    }

    /** The output note map. Any thread. */
    public NoteMap noteMap() {
        return noteMap;
    }

    public void setNoteMap(NoteMap map) {
        noteMap = map;
    }

    /** Why the model is not running, or null when it is. Any thread. */
    public String modelError() {
        BarWriter w = writer;
        Throwable t = w == null ? null : w.failure();
        return t != null ? "the drum model stopped: " + t : modelError;
    }

    /** The last error caught on the audio thread (its block was silent), or null. Any thread. */
    public Throwable audioError() {
        return audioError;
    }

    /** Highest output sample magnitude since the last call. Any non-audio thread. */
    public float takePeak() {
        return Float.intBitsToFloat(peakBits.getAndSet(0));
    }

    /** Seconds the kit and reverb ring after a hit, for the host's tail size. Any thread. */
    @Override
    public double tailSeconds() {
        return voices.tailSeconds();
    }

    /** The bars around the playhead for display. Any non-audio thread. */
    public Timeline timeline() {
        BarPlayer p = player;
        if (p == null) return new Timeline(List.of(), -1, -1, lastTempo);
        Bar playing = p.playing();
        int step = p.playingStep();
        List<Bar> bars = new ArrayList<>();
        if (playing == null || step < 0) {
            Bar opening = shelf.opening();
            if (opening != null) bars.add(opening);
            return new Timeline(bars, -1, -1, lastTempo);
        }
        long epoch = p.epoch();
        int n = playing.number();
        for (int k = Math.max(0, n - 3); k < n; k++) {
            Bar bar = shelf.get(epoch, k);
            if (bar != null) bars.add(bar);
        }
        bars.add(playing);
        for (int k = n + 1; k <= n + BarWriter.AHEAD; k++) {
            Bar bar = shelf.get(epoch, k);
            if (bar != null) bars.add(bar);
        }
        return new Timeline(bars, n, step, lastTempo);
    }

    /** Steps the worker was late for (0 in a healthy run; see the README's rule). Any thread. */
    public long lateSteps() {
        return player == null ? 0 : player.lateSteps();
    }

    /** Bars re-sampled at their downbeat because the temperature changed. Any thread. */
    public long resampledBars() {
        return player == null ? 0 : player.resamples();
    }

    @Override
    public byte[] saveState() {
        Map<String, Float> values = new LinkedHashMap<>();
        for (Param p : Param.all()) values.put(p.id, params.get(p));
        int[] pitches = new int[Param.VOICES];
        NoteMap map = noteMap;
        for (int v = 0; v < pitches.length; v++) pitches[v] = map.outputPitch(v);
        BarWriter w = writer;
        List<int[]> locked = w == null || w.lockedLoop() == null ? List.of() : w.lockedLoop();
        return StateChunk.encode(new ProjectState(values, seed(), pitches, kitPath, roomPath, modelPath, modelChecksum,
                locked));
    }

    @Override
    public boolean loadState(byte[] chunk) {
        ProjectState state;
        NoteMap map;
        try {
            state = StateChunk.decode(chunk);
            map = NoteMap.withOutputPitches(state.outputPitches());
        } catch (StateException | IllegalArgumentException e) {
            host.log("Downbeat did not load the saved state, the current settings stay: " + e.getMessage());
            return false;
        }
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, Float> e : state.params().entrySet()) {
            if (Param.byId(e.getKey()) == null) unknown.add(e.getKey());
        }
        for (Param p : Param.all()) {
            Float v = state.params().get(p.id);
            params.set(p, v == null ? p.defaultValue : v);
        }
        noteMap = map;
        applyKitAndRoom(state.kitPath(), state.roomPath());
        applyModel(state.modelPath(), state.modelChecksum());
        setSeed(state.seed());
        BarWriter w = writer;
        if (w != null) w.restoreLockedLoop(state.lockedBars().isEmpty() ? null : state.lockedBars());
        else pendingLock = state.lockedBars();
        if (!unknown.isEmpty()) host.log("Downbeat ignored parameters it does not know in the saved state: " + unknown);
        return true;
    }

    private volatile List<int[]> pendingLock = List.of();

    /**
     * The project's model, when it can be found with the files it was saved with; otherwise a warning,
     * the bundled model plays, and the path and checksum stay so that saving again keeps the choice.
     */
    private synchronized void applyModel(String path, String checksum) {
        if (path.equals(modelPath) && checksum.equals(modelChecksum) && modelWarning == null) return; // playing it
        String why;
        try {
            if (path.isEmpty()) {
                if (!playingPath.isEmpty()) loadModel(null);
                modelPath = "";
                modelChecksum = "";
                modelWarning = null;
                return;
            }
            Path folder = Path.of(path);
            if (!Files.isDirectory(folder)) {
                why = "the project's model folder " + path + " is missing";
            } else {
                String actual = ModelChecksum.of(folder);
                if (!checksum.isEmpty() && !actual.equals(checksum)) {
                    why = "the files of the project's model " + path + " changed since the project was saved "
                            + "(SHA-256 " + actual.substring(0, 12) + "…, saved " + shortened(checksum) + ")";
                } else {
                    loadModel(folder);
                    return;
                }
            }
        } catch (NoSuchFileException e) {
            why = "the project's model file " + e.getFile() + " is missing";
        } catch (IOException | ModelLoadException | RuntimeException e) {
            why = "the project's model " + path + " could not be loaded: " + e.getMessage();
        }
        String warning = "Downbeat plays the bundled model: " + why + ". The project keeps its model choice; "
                + "choose the model again in the editor to use it.";
        try {
            if (!playingPath.isEmpty()) loadModel(null);
        } catch (ModelLoadException e) {
            warning += " (the bundled model did not load either: " + e.getMessage() + ")";
        }
        modelPath = path;
        modelChecksum = checksum;
        modelWarning = warning;
        host.log(warning);
    }

    private static String shortened(String checksum) {
        return checksum.length() > 12 ? checksum.substring(0, 12) + "…" : checksum;
    }

    /** A kit or room that fails to load is reported and the bundled one plays, but the path stays in the project. */
    private void applyKitAndRoom(String kit, String room) {
        if (!kit.equals(kitPath)) try {
            loadKit(kit.isEmpty() ? null : Path.of(kit));
        } catch (LoadException | RuntimeException e) {
            host.log("Downbeat plays the bundled kit: the project's kit could not be loaded: " + e.getMessage());
            try {
                loadKit(null);
            } catch (LoadException impossible) {
                host.log(impossible.getMessage());
            }
            kitPath = kit;
        }
        if (!room.equals(roomPath)) try {
            loadRoom(room.isEmpty() ? null : Path.of(room));
        } catch (LoadException | RuntimeException e) {
            host.log("Downbeat uses the default room: the project's room could not be loaded: " + e.getMessage());
            try {
                loadRoom(null);
            } catch (LoadException impossible) {
                host.log(impossible.getMessage());
            }
            roomPath = room;
        }
    }

    @Override
    public synchronized void close() {
        BarWriter w = writer;
        if (w != null) {
            w.close();
            w.closeModels(); // the model it plays may be a later choice than ours
        } else if (model != null) {
            model.close();
        }
        writer = null;
        model = null;
        if (chosenModel != null) chosenModel.close();
        chosenModel = null;
        if (groover != null) groover.close();
        groover = null;
        prepared = false;
    }
}
