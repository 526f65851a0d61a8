package dev.downbeat.plugin.editor;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the editor asks of the instrument it edits. The plugin's implementation reads the core's
 * published snapshots; nothing here touches the audio thread or waits for it.
 *
 * <p>Threads: {@link #view}, {@link #levels}, {@link #controls} and {@link #status} from any
 * thread (they return immutable values); every other method from the Swing thread.
 */
public interface EditorSession {

    /** The current timeline: seed, bars around the playhead, playhead. Cheap; polled every 30 ms. */
    GridView view();

    /** Output peak levels since the last call, linear 0..1+ (the meter). */
    Levels levels();

    /** Replaces the seed (all {@code seed.length} steps kept, the first {@code seedLength} used); upcoming bars are regenerated from it. */
    void editSeed(int[] seed, int seedLength);

    /** Throws away the upcoming bars and samples new ones from the seed. */
    void regenerate();

    /**
     * Audition variation {@code n} (0-based): the upcoming bars are re-sampled with another random
     * seed, the same for the same {@code n}, so the musician can go back and forth and pick one.
     */
    void audition(int variation);

    /** Keeps the variation being auditioned: the instrument stops re-rolling it (its lock). */
    void pick();

    /** The variation auditioned now, or -1 when none is. */
    int auditioned();

    /** The host-automatable controls the editor shows as knobs/sliders, in display order. */
    List<Control> controls();

    /** A parameter's normalized value now (it moves under host automation too). Any thread. */
    float parameter(int index);

    /** The musician grabbed the control of {@code index}: the host starts recording automation. */
    void beginEdit(int index);

    /** Sets the parameter and tells the host, between {@link #beginEdit} and {@link #endEdit}. */
    void performEdit(int index, float normalized);

    /** The musician let go of the control. */
    void endEdit(int index);

    /** The nine output MIDI notes (voice order) for MIDI export. */
    int[] outputNotes();

    /** Whether {@link #chooseKit} and {@link #chooseRoom} can work here (the choosers are disabled otherwise). */
    default boolean canChooseSounds() {
        return true;
    }

    /** Loads a kit folder; on failure throws with a message for the user and keeps the current kit. */
    void chooseKit(Path folder) throws Exception;

    /** Loads an impulse response (WAV or FLAC); on failure throws with a message and keeps the current room. */
    void chooseRoom(Path impulseResponse) throws Exception;

    /** Names of the kit and room in use, for the choosers' labels. */
    String kitName();

    String roomName();

    /** Whether {@link #chooseModel} can work here (the model chooser is disabled otherwise). */
    default boolean canChooseModel() {
        return false;
    }

    /**
     * Plays the drum model in {@code folder} (drum_rnn.onnx + spec.json) from the next bar on; on
     * failure throws with a message for the user and the current model keeps playing.
     */
    default void chooseModel(Path folder) throws Exception {
        throw new UnsupportedOperationException("this editor cannot choose a drum model");
    }

    /** The drum model playing and its validation NLL, for the model chooser's label. */
    default String modelName() {
        return "bundled model";
    }

    /** Why the project's model is not playing (missing, changed) and the bundled one is; empty when all is well. */
    default String modelWarning() {
        return "";
    }

    /** A sentence the editor shows in its status line (e.g. "No sound device: ..."), empty when all is well. */
    String status();

    /** The standalone app's transport; empty inside a DAW, where the host owns it. */
    Optional<Transport> transport();

    /** Peak output levels, linear. */
    record Levels(float left, float right) {
        public static final Levels SILENT = new Levels(0, 0);
    }

    /**
     * One parameter the editor binds a control to: its host index (for begin/perform/end edit
     * gestures), label, and how to show a normalized value.
     */
    interface Control {
        int index();

        String label();

        /** The value as the musician reads it, e.g. "1.00" or "30 %". */
        String display(float normalized);
    }

    /** Play/stop and tempo of the standalone app. Swing thread. */
    interface Transport {
        void play();

        void stop();

        boolean playing();

        double tempoBpm();

        void setTempoBpm(double bpm);
    }
}
