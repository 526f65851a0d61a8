package dev.downbeat.plugin.lv2;

import dev.downbeat.plugin.core.DownbeatInstrument;
import dev.downbeat.plugin.core.HostCallbacks;
import dev.downbeat.plugin.core.Instrument;
import dev.downbeat.plugin.core.Param;
import dev.downbeat.plugin.core.ProcessBlock;
import dev.downbeat.plugin.core.ProjectState;
import dev.downbeat.plugin.core.StateChunk;
import dev.downbeat.plugin.core.StateException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One Downbeat instance in an LV2 host: what {@code lv2_bridge.c} calls. The bridge copies the host's
 * ports into this object's direct buffers, calls {@link #run}, and copies the results back; every
 * decision about features, transport, events and state is made here.
 *
 * <p>Threads: {@link #instantiate}, {@link #save}, {@link #restore}, {@link #activate},
 * {@link #deactivate} and {@link #cleanup} come from host threads; {@link #run} from the audio thread.
 * No method lets an exception reach the bridge.
 */
public final class Lv2Plugin {
    /** The plugin URI (also in {@code lv2_bridge.c} and the generated Turtle). */
    public static final String URI = "https://downbeat.dev/plugins/downbeat";

    /** Features without which Downbeat refuses to instantiate, each for a reason the message gives. */
    static final List<String> REQUIRED_FEATURES = List.of(
            "http://lv2plug.in/ns/ext/urid#map",
            "http://lv2plug.in/ns/ext/options#options",
            "http://lv2plug.in/ns/ext/buf-size#boundedBlockLength");
    private static final String WHY_REQUIRED = "urid:map to read MIDI and transport events, options with "
            + "buf-size:maxBlockLength to prepare every buffer before the audio thread starts";

    /** The largest block Downbeat prepares for; a host asking for more is refused with a message. */
    static final int MAX_BLOCK_LIMIT = 1 << 16;
    private static final int MIN_ATOM_BUFFER = 1 << 16, MAX_ATOM_BUFFER = 1 << 22;
    private static final int MIDI_CAPACITY = 512;
    private static final int STATE_IS_POD = 1, STATE_IS_PORTABLE = 2;
    private static final int STATE_SUCCESS = 0, STATE_ERR_UNKNOWN = 1, STATE_ERR_BAD_TYPE = 2;

    private final Instrument instrument;
    private final HostCallbacks log;
    private final Urids urids;
    private final int maxBlock;
    private final Param[] params = Param.all().toArray(new Param[0]);

    private final ByteBuffer controls, audio, atomIn, atomOut;
    private final FloatBuffer audioFloats;

    // Owned by the audio thread (run); activate/restore only touch them while the host guarantees run is not called.
    private final ProcessBlock block;
    private final AtomSequenceReader reader;
    private final AtomSequenceWriter writer;
    private final HostTransport transport;
    private final float[] lastControl;
    private boolean freewheel;

    // Written by the audio thread, reported by host threads.
    private volatile long failedBlocks, truncatedBlocks;
    private volatile Throwable firstFailure;
    private long reportedFailures, reportedTruncations, reportedDrops;

    /** The UIs open on this instance (host threads). */
    private final List<Lv2Ui> openUis = new CopyOnWriteArrayList<>();

    private Lv2Plugin(Instrument instrument, HostCallbacks log, Urids urids, double sampleRate, int maxBlock, int atomBytes) {
        this.instrument = instrument;
        this.log = log;
        this.urids = urids;
        this.maxBlock = maxBlock;
        controls = ByteBuffer.allocateDirect(4 * Lv2Ports.controlCount()).order(ByteOrder.nativeOrder());
        audio = ByteBuffer.allocateDirect(4 * 2 * maxBlock).order(ByteOrder.nativeOrder());
        audioFloats = audio.asFloatBuffer();
        atomIn = ByteBuffer.allocateDirect(atomBytes).order(ByteOrder.nativeOrder());
        atomOut = ByteBuffer.allocateDirect(atomBytes).order(ByteOrder.nativeOrder());
        block = new ProcessBlock(maxBlock, MIDI_CAPACITY);
        reader = new AtomSequenceReader(urids);
        writer = new AtomSequenceWriter(urids);
        transport = new HostTransport(sampleRate);
        lastControl = new float[Lv2Ports.controlCount()];
        Arrays.fill(lastControl, Float.NaN);
    }

    /** The URIs the bridge maps with the host's {@code urid:map}, in {@link Lv2Uri} order. Host thread. */
    public static String[] urisToMap() {
        return Arrays.stream(Lv2Uri.values()).map(u -> u.uri).toArray(String[]::new);
    }

    /**
     * Creates an instance, or returns null after logging exactly what the host lacks. Host thread.
     *
     * @param features     the URIs of the features the host passed
     * @param urids        the host's URIDs for {@link #urisToMap()} (0 where it has no map)
     * @param optionKeys   the {@code options} feature's keys (URIDs; 0 for options about other subjects)
     * @param optionTypes  their value types
     * @param optionValues their values' first 8 bytes, little endian
     */
    public static Lv2Plugin instantiate(double sampleRate, String bundlePath, String[] features, int[] urids,
                                        int[] optionKeys, int[] optionTypes, long[] optionValues) {
        return instantiate(sampleRate, bundlePath, features, urids, optionKeys, optionTypes, optionValues,
                new Lv2Log(), new DownbeatInstrument());
    }

    static Lv2Plugin instantiate(double sampleRate, String bundlePath, String[] features, int[] urids,
                                 int[] optionKeys, int[] optionTypes, long[] optionValues,
                                 HostCallbacks log, Instrument instrument) {
        try {
            Set<String> present = new HashSet<>(Arrays.asList(features));
            List<String> missing = new ArrayList<>();
            for (String f : REQUIRED_FEATURES) if (!present.contains(f)) missing.add("<" + f + ">");
            if (!missing.isEmpty()) {
                log.log("this host cannot run Downbeat: it did not provide the LV2 feature(s) " + String.join(", ", missing)
                        + " (Downbeat needs " + WHY_REQUIRED + "); the plugin was not instantiated");
                instrument.close();
                return null;
            }
            Urids ids = new Urids(urids);
            if (!ids.complete()) {
                List<String> unmapped = new ArrayList<>();
                for (Lv2Uri u : Lv2Uri.values()) if (ids.of(u) == 0) unmapped.add(u.uri);
                log.log("this host's urid:map returned 0 for " + unmapped + "; the plugin was not instantiated");
                instrument.close();
                return null;
            }
            HostOptions options = HostOptions.read(ids, optionKeys, optionTypes, optionValues);
            String problem = options.problem();
            if (problem == null && !(sampleRate >= 8000 && sampleRate <= 768000)) {
                problem = "the sample rate " + sampleRate + " Hz is outside 8000..768000 Hz";
            }
            if (problem != null) {
                log.log("Downbeat cannot run in this host: " + problem + "; the plugin was not instantiated");
                instrument.close();
                return null;
            }
            int atomBytes = Math.min(MAX_ATOM_BUFFER, Math.max(MIN_ATOM_BUFFER, options.sequenceSize()));
            instrument.setHostCallbacks(log);
            instrument.prepare(sampleRate, options.maxBlock());
            return new Lv2Plugin(instrument, log, ids, sampleRate, options.maxBlock(), atomBytes);
        } catch (Throwable t) {
            log.log("Downbeat failed to instantiate: " + t);
            try {
                instrument.close();
            } catch (Throwable ignored) {
                // already reporting the first failure
            }
            return null;
        }
    }

    /** One float per control port, native order: freewheel, then every {@link Param}. Bridge, at instantiate. */
    public ByteBuffer controlBuffer() { return controls; }

    /** Left then right, {@code maxBlock} floats each. Bridge, at instantiate. */
    public ByteBuffer audioBuffer() { return audio; }

    /** The copy of the host's input atom:Sequence. Bridge, at instantiate. */
    public ByteBuffer atomInBuffer() { return atomIn; }

    /** The output atom:Sequence written by {@link #run}. Bridge, at instantiate. */
    public ByteBuffer atomOutBuffer() { return atomOut; }

    /** The host (re)starts processing: voices cleared, every control port re-read. Host thread, not during run. */
    public void activate() {
        try {
            instrument.reset();
            Arrays.fill(lastControl, Float.NaN);
        } catch (Throwable t) {
            log.log("activate failed: " + t);
        }
    }

    /** The host stopped processing; a chance to report what went wrong on the audio thread. Host thread. */
    public void deactivate() {
        reportAudioThreadTrouble();
    }

    /**
     * Renders one host block. Audio thread: no allocation, lock, I/O or logging.
     *
     * @param frames      the host's block length
     * @param inBytes     bytes of the input sequence copied into {@link #atomInBuffer()}
     * @param outCapacity bytes the host's MIDI output port can take (header included)
     * @return the size of the output sequence in {@link #atomOutBuffer()}, or -1 for "write an empty one"
     */
    public int run(int frames, int inBytes, int outCapacity) {
        try {
            int n = Math.min(frames, maxBlock);
            if (n < frames) truncatedBlocks++;
            readControls();
            reader.read(atomIn, inBytes, n);
            writer.begin(atomOut, outCapacity);
            int nextPosition = 0, start = 0;
            while (start < n) {
                while (nextPosition < reader.positionCount() && reader.positionFrame(nextPosition) <= start) {
                    transport.apply(reader.position(nextPosition++));
                }
                int end = nextPosition < reader.positionCount() ? reader.positionFrame(nextPosition) : n;
                render(start, end - start);
                transport.advance(end - start);
                start = end;
            }
            return writer.finish();
        } catch (Throwable t) {
            if (firstFailure == null) firstFailure = t;
            failedBlocks++;
            silence(frames);
            return -1;
        }
    }

    /** Renders frames {@code start..start+length) of the host block: the span between two transport updates. */
    private void render(int start, int length) {
        ProcessBlock b = block;
        b.frames = length;
        transport.writeTo(b);
        b.offline = freewheel;
        int count = 0;
        for (int i = 0; i < reader.midiCount() && count < b.midiCapacity(); i++) {
            int frame = reader.midiFrame(i);
            if (frame < start || frame >= start + length) continue;
            b.midiInFrame[count] = frame - start;
            b.midiInStatus[count] = reader.midiStatus(i);
            b.midiInData1[count] = reader.midiData1(i);
            b.midiInData2[count] = reader.midiData2(i);
            count++;
        }
        b.midiInCount = count;
        b.midiOutCount = 0;
        instrument.process(b);
        audioFloats.put(start, b.left, 0, length);
        audioFloats.put(maxBlock + start, b.right, 0, length);
        int out = Math.min(b.midiOutCount, b.midiCapacity());
        for (int i = 0; i < out; i++) {
            int frame = Math.max(0, Math.min(length - 1, b.midiOutFrame[i]));
            writer.midi(start + frame, b.midiOutStatus[i], b.midiOutData1[i], b.midiOutData2[i]);
        }
    }

    private void readControls() {
        for (int c = 0; c < lastControl.length; c++) {
            float v = controls.getFloat(4 * c);
            // Apply only changes, so state restored between blocks is not overwritten by stale port values.
            if (Float.isNaN(v) || v == lastControl[c]) continue;
            lastControl[c] = v;
            if (c == Lv2Ports.FREEWHEEL_CONTROL) {
                freewheel = v >= 0.5f;
            } else {
                Param p = params[c - Lv2Ports.FIRST_PARAM_CONTROL];
                instrument.setParameter(p.index, p.range.normalize(v));
            }
        }
    }

    private void silence(int frames) {
        int n = Math.min(frames, maxBlock);
        for (int i = 0; i < n; i++) {
            audioFloats.put(i, 0f);
            audioFloats.put(maxBlock + i, 0f);
        }
    }

    /** {@code state:interface} save, called by the bridge with its StateCall. Host thread. */
    public int save(long call, int flags) {
        return save(StateAccess.of(call), flags);
    }

    int save(StateAccess host, int flags) {
        try {
            reportAudioThreadTrouble();
            ProjectState state = StateChunk.decode(instrument.saveState());
            String[] paths = StatePaths.of(state);
            String[] none = {"", "", ""};
            int status = host.store(urids.of(Lv2Uri.STATE_CHUNK), StateChunk.encode(StatePaths.with(state, none)),
                    urids.of(Lv2Uri.ATOM_CHUNK), STATE_IS_POD | STATE_IS_PORTABLE);
            for (int i = 0; i < paths.length && status == STATE_SUCCESS; i++) {
                if (paths[i].isEmpty()) continue;
                String mapped = host.abstractPath(paths[i]);
                // Without state:mapPath the absolute path is the best a host can be given.
                status = host.store(urids.of(StatePaths.KEYS[i]), StatePaths.encode(mapped == null ? paths[i] : mapped),
                        urids.of(Lv2Uri.ATOM_PATH), STATE_IS_POD);
            }
            if (status != STATE_SUCCESS) log.log("the host refused to store Downbeat's state (status " + status + ")");
            return status;
        } catch (StateException e) {
            log.log("the instrument's own state could not be read back, nothing was saved: " + e.getMessage());
            return STATE_ERR_UNKNOWN;
        } catch (Throwable t) {
            log.log("saving the state failed: " + t);
            return STATE_ERR_UNKNOWN;
        }
    }

    /** {@code state:interface} restore, called by the bridge with its StateCall. Host thread, never during run. */
    public int restore(long call, int flags) {
        return restore(StateAccess.of(call), flags);
    }

    int restore(StateAccess host, int flags) {
        try {
            int[] type = new int[1];
            byte[] chunk = host.retrieve(urids.of(Lv2Uri.STATE_CHUNK), type);
            // The host's own port values come back with the state; re-read them all on the next block.
            Arrays.fill(lastControl, Float.NaN);
            if (chunk == null) {
                log.log("the host's state holds no Downbeat data (no <" + Lv2Uri.STATE_CHUNK.uri
                        + "> property, only port values): seed, kit and generated bars are unchanged");
                return STATE_SUCCESS;
            }
            if (type[0] != urids.of(Lv2Uri.ATOM_CHUNK)) {
                log.log("the host restored Downbeat's state with type " + urids.describe(type[0])
                        + " instead of <" + Lv2Uri.ATOM.concat("Chunk") + ">; the state was not loaded, the current settings are kept");
                return STATE_ERR_BAD_TYPE;
            }
            chunk = withHostPaths(host, chunk);
            if (chunk == null || !instrument.loadState(chunk)) {
                log.log("the host's saved Downbeat state (" + chunk.length + " bytes) was refused (the reason is logged above); "
                        + "the current settings are kept");
                return STATE_ERR_UNKNOWN;
            }
            return STATE_SUCCESS;
        } catch (Throwable t) {
            log.log("restoring the state failed: " + t + "; the current settings are kept");
            return STATE_ERR_UNKNOWN;
        }
    }

    /**
     * The chunk with the paths from the state's atom:Path properties put back (mapped to absolute
     * paths), or the chunk unchanged when it is not Downbeat's (the instrument then says what is
     * wrong with it); null after logging when a path property is unusable.
     */
    private byte[] withHostPaths(StateAccess host, byte[] chunk) {
        ProjectState state;
        try {
            state = StateChunk.decode(chunk);
        } catch (StateException e) {
            return chunk;
        }
        String[] paths = StatePaths.of(state);
        int[] type = new int[1];
        for (int i = 0; i < paths.length; i++) {
            byte[] body = host.retrieve(urids.of(StatePaths.KEYS[i]), type);
            if (body == null) continue;
            if (type[0] != urids.of(Lv2Uri.ATOM_PATH)) {
                log.log("the host restored <" + StatePaths.KEYS[i].uri + "> with type " + urids.describe(type[0])
                        + " instead of atom:Path; the state was not loaded, the current settings are kept");
                return null;
            }
            String stored = StatePaths.decode(body);
            String absolute = host.absolutePath(stored);
            paths[i] = absolute == null ? stored : absolute;
        }
        return StateChunk.encode(StatePaths.with(state, paths));
    }

    /**
     * {@code instance-access}: the UI bridge ({@code lv2_ui_bridge.c}) opens a UI on this instance;
     * null after logging why not. Host UI thread.
     *
     * @param bridgeHandle the bridge's UI instance, for {@link UiHost#of}
     * @param hostHasTouch whether the host offered {@code ui:touch}
     */
    public Lv2Ui openUi(long bridgeHandle, boolean hostHasTouch) {
        return openUi(UiHost.of(bridgeHandle), hostHasTouch, Lv2Ui.DOWNBEAT_EDITOR);
    }

    Lv2Ui openUi(UiHost host, boolean hostHasTouch, Lv2Ui.EditorOpener opener) {
        try {
            Lv2Ui[] ui = new Lv2Ui[1];
            ui[0] = new Lv2Ui(instrument, log, host, hostHasTouch, opener, () -> openUis.remove(ui[0]));
            openUis.add(ui[0]);
            return ui[0];
        } catch (Throwable t) {
            log.log("the UI could not open: " + t);
            return null;
        }
    }

    /** The host is done with this instance. Host thread. */
    public void cleanup() {
        reportAudioThreadTrouble();
        for (Lv2Ui ui : openUis) {
            // LV2 hosts must close a UI that uses instance-access before the instance; this one did not.
            log.log("the host cleaned up the plugin before its UI; the editor is closed now");
            ui.cleanup();
        }
        try {
            instrument.close();
        } catch (Throwable t) {
            log.log("closing the instrument failed: " + t);
        }
    }

    /** The instrument behind this instance (tests). */
    Instrument instrument() {
        return instrument;
    }

    /** Logs, from a host thread, what the audio thread could only count. */
    private synchronized void reportAudioThreadTrouble() {
        long failed = failedBlocks, truncated = truncatedBlocks, dropped = writer.dropped();
        if (failed > reportedFailures) {
            log.log((failed - reportedFailures) + " audio block(s) failed and were silenced; first failure: " + describe(firstFailure));
            reportedFailures = failed;
        }
        if (truncated > reportedTruncations) {
            log.log((truncated - reportedTruncations) + " block(s) were longer than the host's declared maximum of "
                    + maxBlock + " frames; their ends were silenced");
            reportedTruncations = truncated;
        }
        if (dropped > reportedDrops) {
            log.log((dropped - reportedDrops) + " MIDI output event(s) did not fit the host's MIDI out buffer and were dropped");
            reportedDrops = dropped;
        }
    }

    private static String describe(Throwable t) {
        if (t == null) return "unknown";
        StackTraceElement[] trace = t.getStackTrace();
        return t + (trace.length > 0 ? " at " + trace[0] : "");
    }

    // Registered by lv2_bridge.c (RegisterNatives); valid only inside save/restore.
    static native int nativeStore(long call, int key, byte[] value, int type, int flags);

    static native byte[] nativeRetrieve(long call, int key, int[] typeOut);

    static native String nativeMapPath(long call, int which, String path);
}
