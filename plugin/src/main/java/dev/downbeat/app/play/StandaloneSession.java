package dev.downbeat.app.play;

import dev.downbeat.plugin.editor.EditorSession;
import dev.downbeat.plugin.editor.GridView;
import dev.downbeat.plugin.editor.InstrumentSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The editor's session in the standalone app: the plugin's own session on the instrument, plus a
 * transport the app owns and a status line saying where the sound goes (or that there is none).
 * Threads: as {@link EditorSession}.
 */
final class StandaloneSession implements EditorSession {
    private final InstrumentSession plugin;
    private final TransportDriver driver;
    private volatile Supplier<String> audioStatus; // read fresh each time: JACK's buffer size may change
    private final Transport transport = new Transport() {
        @Override
        public void play() {
            driver.play();
        }

        @Override
        public void stop() {
            driver.stop();
        }

        @Override
        public boolean playing() {
            return driver.playing();
        }

        @Override
        public double tempoBpm() {
            return driver.tempoBpm();
        }

        @Override
        public void setTempoBpm(double bpm) {
            driver.setTempoBpm(bpm);
        }
    };

    /** What the status line says about the sound, e.g. when the JACK server went away. Any thread. */
    void setAudioStatus(String status) {
        audioStatus = () -> status;
    }

    StandaloneSession(InstrumentSession plugin, TransportDriver driver, Supplier<String> audioStatus) {
        this.plugin = plugin;
        this.driver = driver;
        this.audioStatus = audioStatus;
    }

    @Override
    public GridView view() {
        return plugin.view();
    }

    @Override
    public Levels levels() {
        return plugin.levels();
    }

    @Override
    public void editSeed(int[] seed, int seedLength) {
        plugin.editSeed(seed, seedLength);
    }

    @Override
    public void regenerate() {
        plugin.regenerate();
    }

    @Override
    public void audition(int variation) {
        plugin.audition(variation);
    }

    @Override
    public void pick() {
        plugin.pick();
    }

    @Override
    public int auditioned() {
        return plugin.auditioned();
    }

    @Override
    public List<Control> controls() {
        return plugin.controls();
    }

    @Override
    public float parameter(int index) {
        return plugin.parameter(index);
    }

    @Override
    public void beginEdit(int index) {
        plugin.beginEdit(index);
    }

    @Override
    public void performEdit(int index, float normalized) {
        plugin.performEdit(index, normalized);
    }

    @Override
    public void endEdit(int index) {
        plugin.endEdit(index);
    }

    @Override
    public int[] outputNotes() {
        return plugin.outputNotes();
    }

    @Override
    public boolean canChooseSounds() {
        return plugin.canChooseSounds();
    }

    @Override
    public void chooseKit(Path folder) throws Exception {
        plugin.chooseKit(folder);
    }

    @Override
    public void chooseRoom(Path impulseResponse) throws Exception {
        plugin.chooseRoom(impulseResponse);
    }

    @Override
    public boolean canChooseModel() {
        return plugin.canChooseModel();
    }

    @Override
    public void chooseModel(Path folder) throws Exception {
        plugin.chooseModel(folder);
    }

    @Override
    public String modelName() {
        return plugin.modelName();
    }

    @Override
    public String modelWarning() {
        return plugin.modelWarning();
    }

    @Override
    public String kitName() {
        return plugin.kitName();
    }

    @Override
    public String roomName() {
        return plugin.roomName();
    }

    @Override
    public String status() {
        String instrument = plugin.status();
        String audio = audioStatus.get();
        return instrument.isEmpty() ? audio : instrument + " \u00B7 " + audio;
    }

    @Override
    public Optional<Transport> transport() {
        return Optional.of(transport);
    }
}
