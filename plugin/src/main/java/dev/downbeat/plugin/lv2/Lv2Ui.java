package dev.downbeat.plugin.lv2;

import dev.downbeat.plugin.core.HostCallbacks;
import dev.downbeat.plugin.core.Instrument;
import dev.downbeat.plugin.core.Param;
import dev.downbeat.plugin.editor.DownbeatEditor;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Downbeat's LV2 UI: the editor of one running plugin instance (reached through the host's
 * {@code instance-access}), opened by {@code lv2_ui_bridge.c} inside the window it hands the host.
 *
 * <p>Parameter edits go to the host the LV2 way, as values for the plugin's control ports
 * ({@code write_function}) between {@code ui:touch} grab and release when the host offers touch; the
 * plugin then reads them from its ports like any other host change, so the host's automation, the
 * port and the instrument stay one value. Changes the host makes to the ports come back through
 * {@link #portEvent}, which hands them to the instrument at once: the editor's sliders follow the
 * instrument, and so follow the host even while the plugin is not running.
 *
 * <p>Threads: the bridge calls every public method on the host's UI thread. The editor makes its
 * gestures on the Swing thread; LV2 allows {@code write_function} and {@code touch} only on the UI
 * thread, so the gestures wait in a queue until the host's next {@link #idle} (about 30 times a
 * second) and go out from there.
 */
public final class Lv2Ui {
    /** The UI's URI (also in {@code lv2_ui_bridge.c} and the generated Turtle). */
    public static final String URI = Lv2Plugin.URI + "#ui";

    /** Gestures waiting for the next idle; the host calls idle at its UI rate, this covers minutes of dragging. */
    static final int EDIT_CAPACITY = 4096;

    /** What the editor did on the Swing thread, for the host's UI thread. */
    record Edit(Kind kind, int port, float value) {
        enum Kind { GRAB, WRITE, RELEASE }
    }

    /** Opens an editor on the instrument in an X11 window, returning what closes it again. */
    @FunctionalInterface
    interface EditorOpener {
        Runnable open(Instrument instrument, HostCallbacks callbacks, long parentWindow);
    }

    /** The editor for real: {@link DownbeatEditor} embedded in the bridge's window. */
    static final EditorOpener DOWNBEAT_EDITOR = (instrument, callbacks, window) ->
            DownbeatEditor.open(instrument, callbacks, window)::close;

    private final Instrument instrument;
    private final HostCallbacks log;
    private final UiHost host;
    private final boolean hostHasTouch;
    private final EditorOpener opener;
    private final Runnable onCleanup;
    private final ArrayBlockingQueue<Edit> edits = new ArrayBlockingQueue<>(EDIT_CAPACITY);
    private final HostCallbacks callbacks = new EditorCallbacks();

    // Owned by the host's UI thread.
    /** Per parameter, the plain value the host's port holds as far as this UI knows (NaN: not told yet). */
    private final float[] portValues = new float[Param.count()];
    private long reportedDrops;
    private boolean idleFailureReported;

    /** Counted on the Swing thread, reported from the UI thread. */
    private volatile long droppedEdits;
    private volatile boolean closed;
    /** What closes the editor; taken once, by the UI's cleanup or by the plugin's if the host cleans that up first. */
    private final AtomicReference<Runnable> closeEditor = new AtomicReference<>();

    Lv2Ui(Instrument instrument, HostCallbacks log, UiHost host, boolean hostHasTouch, EditorOpener opener, Runnable onCleanup) {
        this.instrument = instrument;
        this.log = log;
        this.host = host;
        this.hostHasTouch = hostHasTouch;
        this.opener = opener;
        this.onCleanup = onCleanup;
        Arrays.fill(portValues, Float.NaN);
    }

    /** The width in pixels of the window the bridge makes for the editor. Host UI thread. */
    public int width() {
        return DownbeatEditor.preferredWidth();
    }

    /** The height in pixels of that window. Host UI thread. */
    public int height() {
        return DownbeatEditor.preferredHeight();
    }

    /** Opens the editor in the bridge's X11 window (a child of the host's {@code ui:parent}). Host UI thread. */
    public void openEditor(long window) {
        if (closed || closeEditor.get() != null) return;
        try {
            closeEditor.set(opener.open(instrument, callbacks, window));
        } catch (Throwable t) {
            log.log("the editor could not open in the host's window: " + t);
        }
    }

    /**
     * {@code port_event} for a control port: the host's port now holds {@code value} (plain). A
     * parameter's new value goes to the instrument at once; a value the host repeats (hosts resend
     * ports they did not change) or echoes back from this UI's own write is not applied twice.
     * Host UI thread.
     */
    public void portEvent(int port, float value) {
        try {
            int index = port - Lv2Ports.FIRST_CONTROL - Lv2Ports.FIRST_PARAM_CONTROL;
            if (closed || index < 0 || index >= portValues.length || !Float.isFinite(value)) return;
            if (value == portValues[index]) return;
            portValues[index] = value;
            Param p = Param.at(index);
            float normalized = p.range.normalize(value);
            if (normalized != instrument.getParameter(p.index)) instrument.setParameter(p.index, normalized);
        } catch (Throwable t) {
            log.log("a port change from the host could not be shown: " + t);
        }
    }

    /**
     * The host's idle call: sends the editor's gestures to the host in the order they were made,
     * a run of writes to one port as its last value. Returns 0 (the UI is open) always: the editor
     * sits in the host's window and is closed with it. Host UI thread.
     */
    public int idle() {
        try {
            long dropped = droppedEdits;
            if (dropped > reportedDrops) {
                log.log((dropped - reportedDrops) + " edit(s) from the editor did not reach the host: it called the UI's idle too rarely");
                reportedDrops = dropped;
            }
            for (Edit e = edits.poll(); e != null && !closed; e = edits.poll()) {
                switch (e.kind()) {
                    case GRAB -> { if (hostHasTouch) host.touch(e.port(), true); }
                    case RELEASE -> { if (hostHasTouch) host.touch(e.port(), false); }
                    case WRITE -> {
                        Edit next = edits.peek();
                        if (next != null && next.kind() == Edit.Kind.WRITE && next.port() == e.port()) continue;
                        // Noted first: hosts like Ardour echo the write back through port_event inside write_function.
                        portValues[e.port() - Lv2Ports.FIRST_CONTROL - Lv2Ports.FIRST_PARAM_CONTROL] = e.value();
                        host.write(e.port(), e.value());
                    }
                }
            }
        } catch (Throwable t) {
            if (!idleFailureReported) log.log("sending the editor's edits to the host failed: " + t);
            idleFailureReported = true;
        }
        return 0;
    }

    /** The host closes the UI: the editor closes (its windows are gone when this returns), edits not sent are dropped. Host UI thread. */
    public void cleanup() {
        closed = true;
        Runnable close = closeEditor.getAndSet(null);
        try {
            if (close != null) close.run();
        } catch (Throwable t) {
            log.log("closing the editor failed: " + t);
        }
        edits.clear();
        onCleanup.run();
    }

    /** What the editor's gestures become: edits for the host's UI thread. Swing thread. */
    private final class EditorCallbacks implements HostCallbacks {
        @Override
        public void beginEdit(int index) {
            queue(Edit.Kind.GRAB, index, 0f);
        }

        @Override
        public void performEdit(int index, float normalized) {
            if (index >= 0 && index < Param.count()) queue(Edit.Kind.WRITE, index, Param.at(index).range.plain(normalized));
        }

        @Override
        public void endEdit(int index) {
            queue(Edit.Kind.RELEASE, index, 0f);
        }

        @Override
        public void log(String message) {
            log.log(message);
        }

        private void queue(Edit.Kind kind, int index, float value) {
            if (closed || index < 0 || index >= Param.count()) return;
            if (!edits.offer(new Edit(kind, Lv2Ports.portOf(Param.at(index)), value))) droppedEdits++;
        }
    }

    /** The editor's callbacks (tests). */
    HostCallbacks callbacks() {
        return callbacks;
    }

    // Registered by lv2_ui_bridge.c (RegisterNatives); valid only inside idle.
    static native void nativeWrite(long handle, int port, float value);

    static native void nativeTouch(long handle, int port, boolean grabbed);
}
