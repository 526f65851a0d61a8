package dev.downbeat.plugin.vst2;

import dev.downbeat.plugin.core.DownbeatInstrument;
import dev.downbeat.plugin.core.HostCallbacks;
import dev.downbeat.plugin.core.Instrument;
import dev.downbeat.plugin.core.Param;
import dev.downbeat.plugin.core.ProcessBlock;
import dev.downbeat.plugin.editor.DownbeatEditor;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One Downbeat instance as a VST2 plugin: every call the C bridge ({@code vst2_bridge.c}) receives
 * from the host lands here, and every answer is decided here. The bridge only marshals.
 *
 * <p>Threads: {@link #process} is the audio thread (processReplacing); {@link #setParameter} and
 * {@link #getParameter} come from any thread; everything else from host (non-real-time) threads.
 * No method lets a Throwable escape: it is logged (from host threads) and a neutral answer returned.
 */
public final class Vst2Plugin {
    /** 'DnBt', the VST2 unique id hosts save projects with; never changes. */
    public static final int UNIQUE_ID = ('D' << 24) | ('n' << 16) | ('B' << 8) | 't';
    public static final String NAME = "Downbeat", VENDOR = "Downbeat", PRODUCT = "Downbeat";
    /** Plugin version as VST2 hosts read it: 0.1.0. */
    public static final int VERSION = 100;
    static final int OUTPUTS = 2, INPUTS = 0, PROGRAMS = 1, MIDI_CHANNELS = 16;
    /** Before the host tells us: a common default. */
    static final double DEFAULT_SAMPLE_RATE = 44_100;
    static final int DEFAULT_BLOCK_SIZE = 1024;

    // Opcodes of the dispatcher (host to plugin), VST 2.4 numbering.
    static final int EFF_OPEN = 0, EFF_CLOSE = 1, EFF_SET_PROGRAM = 2, EFF_GET_PROGRAM = 3;
    static final int EFF_GET_PROGRAM_NAME = 5, EFF_GET_PARAM_LABEL = 6, EFF_GET_PARAM_DISPLAY = 7;
    static final int EFF_GET_PARAM_NAME = 8, EFF_SET_SAMPLE_RATE = 10, EFF_SET_BLOCK_SIZE = 11;
    static final int EFF_MAINS_CHANGED = 12, EFF_EDIT_GET_RECT = 13, EFF_EDIT_OPEN = 14, EFF_EDIT_CLOSE = 15;
    static final int EFF_EDIT_IDLE = 19, EFF_CAN_BE_AUTOMATED = 26;
    static final int EFF_GET_PROGRAM_NAME_INDEXED = 29, EFF_GET_PLUG_CATEGORY = 35, EFF_SET_BYPASS = 44;
    static final int EFF_GET_EFFECT_NAME = 45, EFF_GET_VENDOR_STRING = 47, EFF_GET_PRODUCT_STRING = 48;
    static final int EFF_GET_VENDOR_VERSION = 49, EFF_GET_TAIL_SIZE = 52, EFF_GET_VST_VERSION = 58;
    static final int EFF_START_PROCESS = 71, EFF_STOP_PROCESS = 72;
    static final int EFF_GET_NUM_MIDI_INPUT_CHANNELS = 78, EFF_GET_NUM_MIDI_OUTPUT_CHANNELS = 79;

    // Opcodes of the audioMaster callback (plugin to host).
    static final int AUDIO_MASTER_AUTOMATE = 0, AUDIO_MASTER_BEGIN_EDIT = 43, AUDIO_MASTER_END_EDIT = 44;

    // AEffect.flags
    static final int FLAG_HAS_EDITOR = 1, FLAG_CAN_REPLACING = 1 << 4, FLAG_PROGRAM_CHUNKS = 1 << 5, FLAG_IS_SYNTH = 1 << 8;
    static final int CATEGORY_SYNTH = 2, VST_VERSION = 2400;

    private final Instrument instrument;
    private final HostChannel host;
    private final SharedBlock shared;
    /** The host's transport, per host block; audio thread. */
    private final HostTime time = new HostTime();

    // Host-thread state: what the host announced, and what the instrument was prepared for.
    private double sampleRate = DEFAULT_SAMPLE_RATE;
    private int blockSize = DEFAULT_BLOCK_SIZE;
    private double preparedRate;
    private int preparedBlock;

    /** The audio thread's block, replaced only while the host has processing suspended. */
    private volatile ProcessBlock block;
    /** Read by the audio thread; written with the block at prepare. */
    private volatile double processRate = DEFAULT_SAMPLE_RATE;
    /** The first failure on the audio thread since the last report; logged from a host thread. */
    private final AtomicReference<Throwable> audioFailure = new AtomicReference<>();
    private volatile boolean closed;
    private final HostCallbacks callbacks = new Callbacks();
    /** The open editor, or null; host UI thread. */
    private DownbeatEditor editor;

    Vst2Plugin(Instrument instrument, HostChannel host, ByteBuffer sharedBuffer) {
        this(instrument, host, sharedBuffer, true);
    }

    private Vst2Plugin(Instrument instrument, HostChannel host, ByteBuffer sharedBuffer, boolean prepare) {
        this.instrument = instrument;
        this.host = host;
        this.shared = new SharedBlock(sharedBuffer);
        instrument.setHostCallbacks(callbacks);
        if (prepare) prepareIfChanged();
    }

    /**
     * A plugin over {@code instrument} that is never prepared and talks to no host: only its
     * parameter calls work ({@link Vst2WarmUp}). Any thread.
     */
    static Vst2Plugin unprepared(Instrument instrument) {
        return new Vst2Plugin(instrument, (opcode, index, value, opt) -> 0, ByteBuffer.allocateDirect(SharedBlock.SIZE), false);
    }

    /**
     * Creates an instance for the AEffect at {@code effect}; called by the bridge inside the host's
     * VSTPluginMain. Host thread. Returns null (and logs why) when Downbeat cannot start.
     */
    public static Vst2Plugin open(long effect, ByteBuffer sharedBuffer) {
        Instrument instrument = null;
        try {
            SharedBlock.requireValid(sharedBuffer); // before the instrument starts any thread
            instrument = new DownbeatInstrument();
            Vst2Plugin plugin = new Vst2Plugin(instrument, NativeHost.forEffect(effect), sharedBuffer);
            Vst2WarmUp.start(); // first instance in this VM: the VST2 layer's calls compiled before the host plays
            return plugin;
        } catch (Throwable t) {
            LogFile.append("Downbeat could not start as a VST2 plugin", t);
            if (instrument != null) {
                try {
                    instrument.close();
                } catch (Throwable ignored) {
                    // already failing; the first error is the one logged
                }
            }
            return null;
        }
    }

    /**
     * What the bridge writes into the AEffect and uses per block: programs, params, inputs, outputs,
     * flags, unique id, version, initial delay, and the request mask for audioMasterGetTime.
     */
    public int[] describe() {
        int params = 0;
        try {
            params = instrument.parameterCount();
        } catch (Throwable t) {
            LogFile.append("parameterCount failed", t);
        }
        int flags = FLAG_IS_SYNTH | FLAG_CAN_REPLACING | FLAG_PROGRAM_CHUNKS
                | (instrument instanceof DownbeatInstrument ? FLAG_HAS_EDITOR : 0);
        return new int[] {PROGRAMS, params, INPUTS, OUTPUTS, flags, UNIQUE_ID, VERSION, 0, SharedBlock.TIME_REQUEST};
    }

    /** The dispatcher's opcodes with numeric answers. Host thread. */
    public long dispatch(int opcode, int index, long value, float opt) {
        reportAudioFailures();
        try {
            switch (opcode) {
                case EFF_SET_SAMPLE_RATE:
                    if (Float.isFinite(opt) && opt >= 1_000 && opt <= 1_000_000) sampleRate = opt;
                    else LogFile.append("ignored sample rate " + opt + " from the host");
                    return 0;
                case EFF_SET_BLOCK_SIZE:
                    if (value >= 1 && value <= 1 << 20) blockSize = (int) value;
                    else LogFile.append("ignored block size " + value + " from the host");
                    return 0;
                case EFF_MAINS_CHANGED:
                    if (value != 0) prepareIfChanged();
                    else instrument.reset();
                    return 0;
                case EFF_CAN_BE_AUTOMATED: {
                    Param p = Param.at(index);
                    return p != null && p.automatable ? 1 : 0;
                }
                case EFF_EDIT_GET_RECT:
                    // Packed for the bridge, which fills the host's ERect: width high, height low.
                    return ((long) editorWidth() << 16) | editorHeight();
                case EFF_EDIT_OPEN: return openEditor(value);
                case EFF_EDIT_CLOSE:
                    closeEditor();
                    return 1;
                case EFF_GET_PLUG_CATEGORY: return CATEGORY_SYNTH;
                case EFF_GET_VENDOR_VERSION: return VERSION;
                case EFF_GET_VST_VERSION: return VST_VERSION;
                case EFF_GET_NUM_MIDI_INPUT_CHANNELS:
                case EFF_GET_NUM_MIDI_OUTPUT_CHANNELS: return MIDI_CHANNELS;
                case EFF_GET_TAIL_SIZE: return tailFrames(instrument.tailSeconds(), sampleRate);
                default: return 0;
            }
        } catch (Throwable t) {
            LogFile.append("opcode " + opcode + " failed", t);
            return 0;
        }
    }

    /**
     * effGetTailSize's answer: how many frames after its last note a render must run so that the
     * longest sample and the reverb ring out, at the host's rate. VST2 reads 0 as "unknown" and 1
     * as "no tail", so a known tail is at least 1 frame.
     */
    static long tailFrames(double tailSeconds, double sampleRate) {
        if (!(tailSeconds > 0) || !(sampleRate > 0)) return 0;
        return Math.max(1, Math.min(Integer.MAX_VALUE, (long) Math.ceil(tailSeconds * sampleRate)));
    }

    /** Text answers (names, labels, display); null when the opcode has none. Host thread. */
    public String text(int opcode, int index) {
        reportAudioFailures();
        try {
            switch (opcode) {
                case EFF_GET_EFFECT_NAME: return NAME;
                case EFF_GET_VENDOR_STRING: return VENDOR;
                case EFF_GET_PRODUCT_STRING: return PRODUCT;
                case EFF_GET_PROGRAM_NAME: return "Default";
                case EFF_GET_PROGRAM_NAME_INDEXED: return index == 0 ? "Default" : null;
                case EFF_GET_PARAM_NAME: {
                    Param p = Param.at(index);
                    return p == null ? null : p.name;
                }
                case EFF_GET_PARAM_LABEL: {
                    Param p = Param.at(index);
                    return p == null ? null : p.unit;
                }
                case EFF_GET_PARAM_DISPLAY: {
                    Param p = Param.at(index);
                    return p == null ? null : p.display(p.range.plain(instrument.getParameter(index)));
                }
                default: return null;
            }
        } catch (Throwable t) {
            LogFile.append("text opcode " + opcode + " failed", t);
            return null;
        }
    }

    /** effCanDo: 1 yes, -1 no. Host thread. */
    public int canDo(String feature) {
        if (feature == null) return -1;
        switch (feature) {
            case "receiveVstEvents":
            case "receiveVstMidiEvent":
            case "sendVstEvents":
            case "sendVstMidiEvent":
            case "receiveVstTimeInfo":
                return 1;
            default:
                return -1;
        }
    }

    /** effString2Parameter: sets a parameter from the text a user typed (number or choice). Host thread. */
    public int parseParameter(int index, String typed) {
        try {
            Param p = Param.at(index);
            if (p == null || typed == null) return 0;
            String trimmed = typed.trim();
            for (int step = 0; step < p.range.stepCount(); step++) {
                float plain = p.range.min() + step * p.range.step();
                if (p.display(plain).equalsIgnoreCase(trimmed)) {
                    instrument.setParameter(index, p.range.normalize(plain));
                    return 1;
                }
            }
            float plain = Float.parseFloat(trimmed.toLowerCase(Locale.ROOT).replace(p.unit.toLowerCase(Locale.ROOT), "").trim());
            if (!Float.isFinite(plain)) return 0;
            instrument.setParameter(index, p.range.normalize(plain));
            return 1;
        } catch (NumberFormatException e) {
            return 0;
        } catch (Throwable t) {
            LogFile.append("effString2Parameter failed", t);
            return 0;
        }
    }

    /** effGetChunk: the whole project state, or null (logged) if it cannot be saved. Host thread. */
    public byte[] saveChunk() {
        reportAudioFailures();
        try {
            byte[] state = instrument.saveState();
            return state == null || state.length == 0 ? null : state;
        } catch (Throwable t) {
            LogFile.append("saving the state failed", t);
            return null;
        }
    }

    /** effSetChunk: 1 when applied; a refused chunk leaves the current state and is logged by the core. Host thread. */
    public int loadChunk(byte[] chunk) {
        reportAudioFailures();
        try {
            return chunk != null && instrument.loadState(chunk) ? 1 : 0;
        } catch (Throwable t) {
            LogFile.append("loading the state failed", t);
            return 0;
        }
    }

    /** Any thread, lock-free. */
    public void setParameter(int index, float normalized) {
        try {
            if (index >= 0 && index < instrument.parameterCount()) instrument.setParameter(index, normalized);
        } catch (Throwable t) {
            audioFailure.compareAndSet(null, t);
        }
    }

    /** Any thread, lock-free. */
    public float getParameter(int index) {
        try {
            return index >= 0 && index < instrument.parameterCount() ? instrument.getParameter(index) : 0f;
        } catch (Throwable t) {
            audioFailure.compareAndSet(null, t);
            return 0f;
        }
    }

    /**
     * Renders {@code frames} frames (at most {@link SharedBlock#AUDIO_CAPACITY}) that start
     * {@code offset} frames into a host block of {@code hostFrames}, into the shared audio channels
     * from index 0. Reads the time info and MIDI the bridge copied in; writes MIDI out with frames
     * counted from the host block's start. Audio thread: no allocation, locks or I/O.
     *
     * @return the number of MIDI events written, or -1 when the block failed (the bridge plays silence)
     */
    public int process(int offset, int frames, int hostFrames) {
        try {
            ProcessBlock b = block;
            if (b == null || closed || frames < 1 || frames > SharedBlock.AUDIO_CAPACITY) return -1;
            double rate = processRate;
            int inCount = shared.midiInCount();
            int outCount = 0;
            if (offset == 0) time.beginHostBlock(shared, hostFrames, rate, b.tempoBpm);
            for (int done = 0; done < frames; ) {
                int n = Math.min(b.left.length, frames - done);
                int start = offset + done;
                time.apply(shared, start, rate, b);
                b.frames = n;
                b.midiInCount = collectMidiIn(b, inCount, start, n, hostFrames);
                b.midiOutCount = 0;
                instrument.process(b);
                shared.putAudio(done, b.left, b.right, n);
                int produced = Math.min(b.midiOutCount, b.midiCapacity());
                for (int i = 0; i < produced && outCount < SharedBlock.MIDI_CAPACITY; i++) {
                    int frame = start + Math.max(0, Math.min(n - 1, b.midiOutFrame[i]));
                    shared.putMidiOut(outCount++, frame, b.midiOutStatus[i], b.midiOutData1[i], b.midiOutData2[i]);
                }
                done += n;
            }
            return outCount;
        } catch (Throwable t) {
            audioFailure.compareAndSet(null, t);
            return -1;
        }
    }

    /** The host's events that fall in {@code [start, start + n)}, in the host's order; out-of-range deltas clamp. */
    private int collectMidiIn(ProcessBlock b, int inCount, int start, int n, int hostFrames) {
        int count = 0;
        for (int i = 0; i < inCount && count < b.midiCapacity(); i++) {
            int frame = Math.max(0, Math.min(hostFrames - 1, shared.midiInFrame(i)));
            if (frame < start || frame >= start + n) continue;
            b.midiInFrame[count] = frame - start;
            b.midiInStatus[count] = shared.midiInStatus(i);
            b.midiInData1[count] = shared.midiInData1(i);
            b.midiInData2[count] = shared.midiInData2(i);
            count++;
        }
        return count;
    }

    /** effEditOpen with the host's X11 window (0: none). Host UI thread. */
    private long openEditor(long parentWindow) {
        if (!(instrument instanceof DownbeatInstrument)) return 0;
        closeEditor();
        editor = DownbeatEditor.open(instrument, callbacks, parentWindow);
        return 1;
    }

    private void closeEditor() {
        DownbeatEditor open = editor;
        editor = null;
        if (open != null) open.close();
    }

    private int editorWidth() {
        DownbeatEditor open = editor;
        return Math.min(0x7FFF, open != null ? open.width() : DownbeatEditor.preferredWidth());
    }

    private int editorHeight() {
        DownbeatEditor open = editor;
        return Math.min(0x7FFF, open != null ? open.height() : DownbeatEditor.preferredHeight());
    }

    /** effClose: stops the editor and the instrument's threads; no call reaches the host afterwards. Host thread. */
    public void close() {
        closed = true;
        reportAudioFailures();
        try {
            closeEditor();
        } catch (Throwable t) {
            LogFile.append("closing the editor failed", t);
        }
        try {
            instrument.close();
        } catch (Throwable t) {
            LogFile.append("closing the instrument failed", t);
        }
    }

    /** (Re)allocates for the announced rate and block size; only while the host has processing suspended. */
    private void prepareIfChanged() {
        int maxBlock = Math.max(1, Math.min(blockSize, SharedBlock.AUDIO_CAPACITY));
        if (block != null && preparedRate == sampleRate && preparedBlock == maxBlock) return;
        instrument.prepare(sampleRate, maxBlock);
        ProcessBlock fresh = new ProcessBlock(maxBlock, SharedBlock.MIDI_CAPACITY);
        processRate = sampleRate;
        block = fresh;
        preparedRate = sampleRate;
        preparedBlock = maxBlock;
    }

    private void reportAudioFailures() {
        Throwable t = audioFailure.getAndSet(null);
        if (t != null) LogFile.append("a real-time call failed; that block was silent", t);
    }

    /** What the instrument and its editor may tell the host. */
    private final class Callbacks implements HostCallbacks {
        @Override
        public void beginEdit(int index) {
            if (!closed) host.call(AUDIO_MASTER_BEGIN_EDIT, index, 0, 0f);
        }

        @Override
        public void performEdit(int index, float normalized) {
            if (closed) return;
            // VST2's setParameterAutomated: the plugin takes the value, then tells the host.
            instrument.setParameter(index, normalized);
            host.call(AUDIO_MASTER_AUTOMATE, index, 0, normalized);
        }

        @Override
        public void endEdit(int index) {
            if (!closed) host.call(AUDIO_MASTER_END_EDIT, index, 0, 0f);
        }

        @Override
        public void log(String message) {
            LogFile.append(message);
        }
    }
}
