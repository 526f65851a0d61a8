package dev.downbeat.plugin.editor;

import dev.downbeat.plugin.core.Bar;
import dev.downbeat.plugin.core.DownbeatInstrument;
import dev.downbeat.plugin.core.HostCallbacks;
import dev.downbeat.plugin.core.Param;
import dev.downbeat.plugin.core.Seed;
import dev.downbeat.plugin.core.Timeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The editor's session on a plugin instance: reads the core's timeline, seed and peak (all
 * published for other threads, so nothing here waits for the audio thread) and sends the musician's
 * edits back, parameter changes wrapped in the host's automation gestures.
 *
 * <p>Threads: reads from any thread; edits from the Swing thread, which owns {@link #variationBase}.
 */
public final class InstrumentSession implements EditorSession {
    /** Seed columns the grid offers at least; more when the seed is longer. */
    static final int SEED_COLUMNS = 32;
    private static final int STEPS_PER_BAR = 16, STEPS_PER_BEAT = 4;

    private final DownbeatInstrument instrument;
    private final HostCallbacks host;
    private final List<Control> controls;
    /** The random seed variation A was auditioned from, or -1 before the first audition. */
    private int variationBase = -1;

    public InstrumentSession(DownbeatInstrument instrument, HostCallbacks host) {
        this.instrument = instrument;
        this.host = host == null ? HostCallbacks.NONE : host;
        this.controls = List.of(control(Param.TEMPERATURE), control(Param.SWING), control(Param.REVERB_MIX),
                control(Param.MASTER_LEVEL), control(Param.HUMANIZE), control(Param.DYNAMICS));
    }

    /** A control for a core parameter: its host index, name and display text with unit. */
    static Control control(Param p) {
        return new Control() {
            @Override
            public int index() {
                return p.index;
            }

            @Override
            public String label() {
                return p.name;
            }

            @Override
            public String display(float normalized) {
                String text = p.display(p.range.plain(normalized));
                return p.unit.isEmpty() ? text : text + " " + p.unit;
            }
        };
    }

    @Override
    public GridView view() {
        Seed seed = instrument.seed();
        int length = Math.max(1, Math.min(Seed.MAX_STEPS, instrument.params().getInt(Param.SEED_LENGTH)));
        int columns = Math.min(Seed.MAX_STEPS, Math.max(SEED_COLUMNS, Math.max(seed.length(), length)));
        int[] events = Arrays.copyOf(seed.events(), columns);
        Timeline t = instrument.timeline();
        List<BarView> bars = new ArrayList<>(t.bars().size());
        for (Bar b : t.bars()) {
            BarState state = t.playing(b) ? BarState.PLAYING : t.played(b) ? BarState.PLAYED : BarState.UPCOMING;
            int[] steps = new int[STEPS_PER_BAR];
            for (int s = 0; s < STEPS_PER_BAR; s++) steps[s] = b.event(s);
            bars.add(new BarView(b.number(), steps, b.temperature(), state));
        }
        double step = t.playingStep() < 0 ? 0 : t.playingStep() + 0.5; // the middle of the step sounding
        return new GridView(events, Math.min(length, columns), bars, t.playingNumber(), step, STEPS_PER_BAR,
                STEPS_PER_BEAT, t.tempoBpm());
    }

    @Override
    public Levels levels() {
        float peak = instrument.takePeak();
        return new Levels(peak, peak);
    }

    @Override
    public void editSeed(int[] seed, int seedLength) {
        // Keep steps past the seed length (up to the last hit) so lengthening it again brings them back.
        int keep = seedLength;
        for (int s = seed.length - 1; s >= seedLength; s--) {
            if (seed[s] != 0) {
                keep = s + 1;
                break;
            }
        }
        instrument.setSeed(new Seed(Arrays.copyOf(seed, Math.max(1, keep))));
        if (seedLength != instrument.params().getInt(Param.SEED_LENGTH)) {
            edit(Param.SEED_LENGTH, Param.SEED_LENGTH.range.normalize(seedLength));
        }
    }

    /** One whole host gesture: begin, set, end. */
    private void edit(Param p, float normalized) {
        beginEdit(p.index);
        performEdit(p.index, normalized);
        endEdit(p.index);
    }

    @Override
    public void regenerate() {
        instrument.regenerate();
        variationBase = -1;
    }

    @Override
    public void audition(int variation) {
        if (variationBase < 0 || instrument.params().getBool(Param.LOCK)) {
            variationBase = instrument.params().getInt(Param.RANDOM_SEED);
        }
        if (instrument.params().getBool(Param.LOCK)) edit(Param.LOCK, 0f);
        int seed = (variationBase + variation) % ((int) Param.RANDOM_SEED.range.max() + 1);
        edit(Param.RANDOM_SEED, Param.RANDOM_SEED.range.normalize(seed));
    }

    @Override
    public void pick() {
        edit(Param.LOCK, 1f);
    }

    @Override
    public int auditioned() {
        if (variationBase < 0) return -1;
        int n = instrument.params().getInt(Param.RANDOM_SEED) - variationBase;
        return n >= 0 && n < EditorPanel.VARIATIONS ? n : -1;
    }

    @Override
    public List<Control> controls() {
        return controls;
    }

    @Override
    public float parameter(int index) {
        return instrument.getParameter(index);
    }

    @Override
    public void beginEdit(int index) {
        host.beginEdit(index);
    }

    @Override
    public void performEdit(int index, float normalized) {
        // The plugin applies the value itself: a VST2 host does not echo its own automation back.
        instrument.setParameter(index, normalized);
        host.performEdit(index, normalized);
    }

    @Override
    public void endEdit(int index) {
        host.endEdit(index);
    }

    @Override
    public int[] outputNotes() {
        int[] notes = new int[Voice.ALL.length];
        for (int v = 0; v < notes.length; v++) notes[v] = instrument.noteMap().outputPitch(v);
        return notes;
    }

    @Override
    public void chooseKit(Path folder) throws Exception {
        instrument.loadKit(folder);
    }

    @Override
    public void chooseRoom(Path impulseResponse) throws Exception {
        instrument.loadRoom(impulseResponse);
    }

    @Override
    public String kitName() {
        String name = instrument.kitName();
        return name.isEmpty() ? "Bundled 808/909" : name;
    }

    @Override
    public String roomName() {
        String name = instrument.roomName();
        return name.isEmpty() ? "Small drum room" : name;
    }

    @Override
    public boolean canChooseModel() {
        return true;
    }

    @Override
    public void chooseModel(Path folder) throws Exception {
        instrument.loadModel(folder);
    }

    @Override
    public String modelName() {
        String name = instrument.modelName();
        Path folder = name.equals("bundled model") ? null : Path.of(name).getFileName();
        double nll = instrument.modelValidNll();
        return (folder == null ? name : folder.toString())
                + (Double.isNaN(nll) ? "" : String.format(java.util.Locale.ROOT, ", NLL %.3f", nll));
    }

    @Override
    public String modelWarning() {
        String warning = instrument.modelWarning();
        return warning == null ? "" : warning;
    }

    @Override
    public String status() {
        String model = instrument.modelError();
        if (model != null) return model;
        String warning = instrument.modelWarning();
        if (warning != null) return warning;
        Throwable audio = instrument.audioError();
        return audio == null ? "" : "audio stopped: " + audio;
    }

    @Override
    public Optional<Transport> transport() {
        return Optional.empty();
    }
}
