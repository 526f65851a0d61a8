package dev.downbeat.plugin.editor;

import dev.downbeat.plugin.core.HostCallbacks;
import dev.downbeat.plugin.core.Instrument;
import dev.downbeat.plugin.core.Param;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The editor's session on a plugin instance: parameters through the {@link Instrument} contract
 * with the host's automation gestures. Swing thread for edits; reads from any thread.
 */
final class InstrumentSession implements EditorSession {
    /** Columns the seed area offers (the seed length parameter's maximum). */
    static final int SEED_CAPACITY = 32;

    private final Instrument instrument;
    private final HostCallbacks host;
    private final List<Control> controls;

    InstrumentSession(Instrument instrument, HostCallbacks host) {
        this.instrument = instrument;
        this.host = host;
        this.controls = List.of(control(Param.TEMPERATURE), control(Param.SWING), control(Param.REVERB_MIX),
                control(Param.MASTER_LEVEL));
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
        throw new UnsupportedOperationException("waiting for the core's timeline");
    }

    @Override
    public Levels levels() {
        return Levels.SILENT;
    }

    @Override
    public void editSeed(int[] seed, int seedLength) {
    }

    @Override
    public void regenerate() {
    }

    @Override
    public void audition(int variation) {
    }

    @Override
    public void pick() {
    }

    @Override
    public int auditioned() {
        return -1;
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
        // The plugin applies the value itself: VST2 hosts do not echo automation back while recording.
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
        for (Voice v : Voice.ALL) notes[v.ordinal()] = v.defaultNote;
        return notes;
    }

    @Override
    public void chooseKit(Path folder) throws Exception {
        throw new UnsupportedOperationException("kit loading is not wired yet");
    }

    @Override
    public void chooseRoom(Path impulseResponse) throws Exception {
        throw new UnsupportedOperationException("room loading is not wired yet");
    }

    @Override
    public String kitName() {
        return "Bundled";
    }

    @Override
    public String roomName() {
        return "Small drum room";
    }

    @Override
    public String status() {
        return "";
    }

    @Override
    public Optional<Transport> transport() {
        return Optional.empty();
    }
}
