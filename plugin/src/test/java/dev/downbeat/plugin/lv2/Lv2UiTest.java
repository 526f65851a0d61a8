package dev.downbeat.plugin.lv2;

import dev.downbeat.plugin.core.HostCallbacks;
import dev.downbeat.plugin.core.Instrument;
import dev.downbeat.plugin.core.Param;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The LV2 UI's traffic with the host: the editor's gestures out, the host's port changes in. */
class Lv2UiTest {
    private static final int TEMPERATURE_PORT = Lv2Ports.portOf(Param.TEMPERATURE);
    private static final int SWING_PORT = Lv2Ports.portOf(Param.SWING);

    private final List<String> messages = new ArrayList<>();
    private final HostCallbacks log = new HostCallbacks() {
        @Override public void beginEdit(int index) { }
        @Override public void performEdit(int index, float normalized) { }
        @Override public void endEdit(int index) { }
        @Override public void log(String message) { messages.add(message); }
    };
    private final RecordingInstrument instrument = new RecordingInstrument();

    /** The host's side: every write_function and touch call, in order. */
    private static final class RecordingHost implements UiHost {
        final List<String> calls = new ArrayList<>();
        @Override public void write(int port, float value) { calls.add("write " + port + " " + value); }
        @Override public void touch(int port, boolean grabbed) { calls.add((grabbed ? "grab " : "release ") + port); }
    }

    private final RecordingHost host = new RecordingHost();
    private HostCallbacks editor;
    private long editorWindow;
    private int editorsClosed, cleanups;

    private final Lv2Ui.EditorOpener opener = (Instrument i, HostCallbacks callbacks, long window) -> {
        editor = callbacks;
        editorWindow = window;
        return () -> editorsClosed++;
    };

    private Lv2Ui ui(boolean touch) {
        Lv2Ui ui = new Lv2Ui(instrument, log, host, touch, opener, () -> cleanups++);
        ui.openEditor(0x800001L);
        return ui;
    }

    @Test
    void theEditorOpensInTheBridgesWindowOnTheInstrumentAndClosesWithTheUi() {
        Lv2Ui ui = ui(true);
        assertThat(editorWindow).isEqualTo(0x800001L);
        assertThat(ui.width()).isPositive();
        assertThat(ui.height()).isPositive();
        ui.cleanup();
        assertThat(editorsClosed).isEqualTo(1);
        assertThat(cleanups).isEqualTo(1);
    }

    @Test
    void aDragReachesTheHostOnlyAtIdleAsTouchAndThePortsPlainValue() {
        Lv2Ui ui = ui(true);
        int t = Param.TEMPERATURE.index;
        editor.beginEdit(t);
        editor.performEdit(t, 0.6f);
        editor.performEdit(t, 0.75f);
        editor.endEdit(t);
        assertThat(host.calls).as("nothing leaves the Swing thread").isEmpty();
        ui.idle();
        // A run of writes to one port goes out as its last value; temperature 0..2, so 0.75 is 1.5.
        assertThat(host.calls).containsExactly("grab " + TEMPERATURE_PORT, "write " + TEMPERATURE_PORT + " 1.5",
                "release " + TEMPERATURE_PORT);
        host.calls.clear();
        ui.idle();
        assertThat(host.calls).isEmpty();
    }

    @Test
    void withoutTouchOnlyTheValuesGoOutAndInterleavedPortsKeepTheirOrder() {
        Lv2Ui ui = ui(false);
        editor.beginEdit(Param.SWING.index);
        editor.performEdit(Param.SWING.index, 0.2f);
        editor.performEdit(Param.TEMPERATURE.index, 0.5f);
        editor.performEdit(Param.SWING.index, 0.4f);
        editor.endEdit(Param.SWING.index);
        ui.idle();
        assertThat(host.calls).containsExactly("write " + SWING_PORT + " 10.0", "write " + TEMPERATURE_PORT + " 1.0",
                "write " + SWING_PORT + " 20.0");
    }

    @Test
    void aPortChangeFromTheHostReachesTheInstrumentOnceAndOnlyForParameters() {
        Lv2Ui ui = ui(true);
        ui.portEvent(SWING_PORT, 40f);
        assertThat(instrument.normalized[Param.SWING.index]).isEqualTo(0.8f);
        int calls = instrument.setParameterCalls;
        // Hosts resend ports they did not change: a repeat must not undo what the editor did since.
        instrument.setParameter(Param.SWING.index, 0.1f);
        ui.portEvent(SWING_PORT, 40f);
        assertThat(instrument.normalized[Param.SWING.index]).isEqualTo(0.1f);
        calls = instrument.setParameterCalls;
        ui.portEvent(Lv2Ports.FIRST_CONTROL + Lv2Ports.FREEWHEEL_CONTROL, 1f); // the host's flag, not a parameter
        ui.portEvent(Lv2Ports.OUT_LEFT, 0.5f);
        ui.portEvent(Lv2Ports.portOf(Param.at(Param.count() - 1)) + 1, 0.5f);
        ui.portEvent(TEMPERATURE_PORT, Float.NaN);
        assertThat(instrument.setParameterCalls).isEqualTo(calls);
    }

    @Test
    void theHostsEchoOfTheUisOwnWriteIsNotAppliedAgain() {
        Lv2Ui ui = ui(true);
        editor.performEdit(Param.TEMPERATURE.index, 0.75f);
        ui.idle();
        // The musician moves on before the host's echo of 1.5 arrives: the echo must not pull it back.
        instrument.setParameter(Param.TEMPERATURE.index, 0.9f);
        int calls = instrument.setParameterCalls;
        ui.portEvent(TEMPERATURE_PORT, 1.5f);
        assertThat(instrument.setParameterCalls).isEqualTo(calls);
        assertThat(instrument.normalized[Param.TEMPERATURE.index]).isEqualTo(0.9f);
    }

    @Test
    void anEchoFromInsideWriteFunctionIsNotAppliedAgain() {
        Lv2Ui[] ui = new Lv2Ui[1];
        UiHost echoing = new UiHost() { // as Ardour does: the control's change signal calls port_event at once
            @Override public void write(int port, float value) { ui[0].portEvent(port, value); }
            @Override public void touch(int port, boolean grabbed) { }
        };
        ui[0] = new Lv2Ui(instrument, log, echoing, false, opener, () -> { });
        ui[0].openEditor(1);
        editor.performEdit(Param.TEMPERATURE.index, 0.75f);
        instrument.setParameter(Param.TEMPERATURE.index, 0.9f);
        int calls = instrument.setParameterCalls;
        ui[0].idle();
        assertThat(instrument.setParameterCalls).isEqualTo(calls);
    }

    @Test
    void aClosedUiSendsNothingAndForgetsPendingEdits() {
        Lv2Ui ui = ui(true);
        editor.performEdit(Param.TEMPERATURE.index, 0.75f);
        ui.cleanup();
        ui.idle();
        editor.performEdit(Param.TEMPERATURE.index, 0.25f);
        ui.idle();
        ui.portEvent(SWING_PORT, 40f);
        assertThat(host.calls).isEmpty();
        assertThat(instrument.normalized[Param.SWING.index]).isZero();
    }

    @Test
    void editsTheHostNeverCollectsAreCountedAndReportedNotHoarded() {
        Lv2Ui ui = ui(false);
        for (int i = 0; i < Lv2Ui.EDIT_CAPACITY + 10; i++) editor.performEdit(Param.TEMPERATURE.index, (i % 100) / 100f);
        ui.idle();
        assertThat(host.calls).hasSize(1);
        assertThat(messages).anyMatch(m -> m.startsWith("10 edit(s) from the editor did not reach the host"));
    }

    @Test
    void anEditorThatCannotOpenIsLoggedNotThrown() {
        Lv2Ui ui = new Lv2Ui(instrument, log, host, true, (i, c, w) -> { throw new IllegalStateException("no display"); }, () -> { });
        ui.openEditor(1);
        assertThat(messages).anyMatch(m -> m.contains("could not open") && m.contains("no display"));
        ui.idle();
        ui.cleanup();
    }

    @Test
    void aHostFailingInsideIdleIsLoggedOnceAndTheUiStaysUp() {
        UiHost broken = new UiHost() {
            @Override public void write(int port, float value) { throw new IllegalStateException("host gone"); }
            @Override public void touch(int port, boolean grabbed) { }
        };
        Lv2Ui ui = new Lv2Ui(instrument, log, broken, false, opener, () -> { });
        ui.openEditor(1);
        editor.performEdit(Param.TEMPERATURE.index, 0.5f);
        assertThat(ui.idle()).isZero();
        editor.performEdit(Param.TEMPERATURE.index, 0.5f);
        assertThat(ui.idle()).isZero();
        assertThat(messages.stream().filter(m -> m.contains("host gone"))).hasSize(1);
    }

    /** Editor gesture, idle, the host's port, the plugin's run: the instrument ends up with the edit. */
    @Test
    void anEditReachesThePluginThroughTheHostsControlPort() {
        String[] features = Lv2Plugin.REQUIRED_FEATURES.toArray(new String[0]);
        int[] keys = {TestUrids.of(Lv2Uri.MAX_BLOCK_LENGTH)};
        int[] types = {TestUrids.of(Lv2Uri.ATOM_INT)};
        Lv2Plugin plugin = Lv2Plugin.instantiate(48_000, "/bundle", features, TestUrids.ids(), keys, types, new long[] {256}, log, instrument);
        assertThat(plugin).isNotNull();
        // The host: write_function stores the port's value, and the bridge copies ports into the control buffer.
        float[] ports = new float[Lv2Ports.FIRST_CONTROL + Lv2Ports.controlCount()];
        UiHost jalvLike = new UiHost() {
            @Override public void write(int port, float value) { ports[port] = value; }
            @Override public void touch(int port, boolean grabbed) { }
        };
        for (Param p : Param.all()) ports[Lv2Ports.portOf(p)] = p.defaultValue;
        Lv2Ui ui = plugin.openUi(jalvLike, false, opener);
        ui.openEditor(7);
        Runnable run = () -> {
            for (int c = 0; c < Lv2Ports.controlCount(); c++) plugin.controlBuffer().putFloat(4 * c, ports[Lv2Ports.FIRST_CONTROL + c]);
            plugin.run(64, 0, 0);
        };
        run.run();
        assertThat(instrument.normalized[Param.TEMPERATURE.index]).isEqualTo(0.5f);
        editor.beginEdit(Param.TEMPERATURE.index);
        editor.performEdit(Param.TEMPERATURE.index, 0.75f);
        editor.endEdit(Param.TEMPERATURE.index);
        instrument.setParameter(Param.TEMPERATURE.index, 0.5f); // only the port may carry the edit here
        ui.idle();
        run.run();
        assertThat(ports[TEMPERATURE_PORT]).isEqualTo(1.5f);
        assertThat(instrument.normalized[Param.TEMPERATURE.index]).isEqualTo(0.75f);
        // A host that cleans up the plugin before its UI: the editor closes then, and once.
        plugin.cleanup();
        assertThat(editorsClosed).isEqualTo(1);
        ui.cleanup();
        assertThat(editorsClosed).isEqualTo(1);
        assertThat(messages).anyMatch(m -> m.contains("cleaned up the plugin before its UI"));
    }

    @Test
    void theTurtleDeclaresTheUiWithItsFeaturesAndTheBridgeAgrees() throws IOException {
        String ttl = TurtleGenerator.plugin(), manifest = TurtleGenerator.manifest();
        assertThat(ttl).contains("ui:ui <" + Lv2Ui.URI + ">")
                .contains("<" + Lv2Ui.URI + ">\n    a ui:X11UI ;\n    ui:binary <downbeat_ui.so> ;")
                .contains("lv2:requiredFeature <http://lv2plug.in/ns/ext/instance-access>, ui:parent, ui:idleInterface ;")
                .contains("lv2:optionalFeature ui:resize, ui:touch, ui:noUserResize ;")
                .contains("lv2:extensionData ui:idleInterface .");
        assertThat(manifest).contains("<" + Lv2Ui.URI + ">\n    a ui:X11UI ;\n    ui:binary <downbeat_ui.so> ;");
        String c = Files.readString(Path.of("native/lv2/lv2_ui_bridge.c"));
        assertThat(c).contains("#define DOWNBEAT_LV2_URI \"" + Lv2Plugin.URI + "\"")
                .contains("#define DOWNBEAT_LV2_UI_URI DOWNBEAT_LV2_URI \"#ui\"");
        assertThat(Lv2Ui.URI).isEqualTo(Lv2Plugin.URI + "#ui");
    }
}
