package dev.downbeat.plugin.editor;

import dev.downbeat.plugin.core.DownbeatInstrument;
import dev.downbeat.plugin.core.HostCallbacks;
import dev.downbeat.plugin.core.Instrument;
import java.awt.Dimension;
import java.awt.Window;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;
import javax.swing.WindowConstants;

/**
 * The plugin's editor window, as the VST2 and LV2 bridges open and close it (see docs/architecture.md,
 * "Editor API"). It is a top-level window of its own, opened and closed with the host's plugin
 * window, rather than embedded in the X11 window the host hands over: AWT's only way into a foreign
 * window is its internal X11 embedded frame, which needs module-opening JVM options and, handed a
 * plain parent window (no XEmbed embedder, as VST2 hosts give), stayed 1x1 pixel in our tests.
 *
 * <p>Threads: {@link #open}, {@link #close} and the size methods may be called from any thread except
 * the audio thread; they return at once (the window is built and disposed on the Swing thread).
 */
public final class DownbeatEditor {
    static final int WIDTH = 1180, HEIGHT = 560;
    private static boolean lookInstalled; // Swing thread

    private final EditorSession session;
    /** The host's window, kept for the log; the editor does not embed into it (see the class comment). */
    private final long parent;
    private final HostCallbacks host;
    /** The window (read for its size from any thread) and panel; created and cleared on the Swing thread. */
    private volatile Window window;
    private EditorPanel panel;
    private volatile boolean closed;

    private DownbeatEditor(EditorSession session, HostCallbacks host, long parent) {
        this.session = session;
        this.host = host;
        this.parent = parent;
    }

    /**
     * Opens the editor of a plugin instance; see the class comment for where it appears. Anything
     * but a {@link DownbeatInstrument} gets no window, and a line in the host's log.
     */
    public static DownbeatEditor open(Instrument instrument, HostCallbacks host, long parentX11Window) {
        HostCallbacks h = host == null ? HostCallbacks.NONE : host;
        if (!(instrument instanceof DownbeatInstrument downbeat)) {
            h.log("The editor edits a DownbeatInstrument, not " + (instrument == null ? "null" : instrument.getClass().getName()));
            DownbeatEditor none = new DownbeatEditor(null, h, parentX11Window);
            none.closed = true;
            return none;
        }
        return open(new InstrumentSession(downbeat, h), h, parentX11Window, "Downbeat");
    }

    /** Opens an editor on any session (the standalone app, tests). */
    public static DownbeatEditor open(EditorSession session, HostCallbacks host, long parentX11Window, String title) {
        DownbeatEditor editor = new DownbeatEditor(session, host, parentX11Window);
        SwingUtilities.invokeLater(() -> editor.build(title));
        return editor;
    }

    public static int preferredWidth() {
        return WIDTH;
    }

    public static int preferredHeight() {
        return HEIGHT;
    }

    /** The editor's width now (the preferred width until it is shown or after a resize). */
    public int width() {
        Window w = window;
        return w != null && w.getWidth() > 0 ? w.getWidth() : WIDTH;
    }

    public int height() {
        Window w = window;
        return w != null && w.getHeight() > 0 ? w.getHeight() : HEIGHT;
    }

    /** Disposes the window, its timer and its listeners. Idempotent. */
    public void close() {
        closed = true;
        SwingUtilities.invokeLater(this::dispose);
    }

    /** Installs the FlatLaf dark look once per JVM (Swing's default look if FlatLaf cannot load). Swing thread. */
    public static void installLook() {
        if (lookInstalled) return;
        lookInstalled = true;
        try {
            com.formdev.flatlaf.FlatDarkLaf.setup();
        } catch (RuntimeException | LinkageError e) {
            try {
                UIManager.setLookAndFeel(UIManager.getCrossPlatformLookAndFeelClassName());
            } catch (Exception ignored) {
                // Swing's default look stays; the editor works in any look.
            }
        }
    }

    private void build(String title) {
        if (closed) return;
        try {
            installLook();
            openOwnWindow(title);
        } catch (Throwable t) {
            host.log("The editor could not open: " + t);
            dispose();
        }
    }

    private void openOwnWindow(String title) {
        if (parent != 0) host.log("The editor opens in a window of its own beside the host's plugin window");
        panel = new EditorPanel(session);
        JFrame frame = new JFrame(title);
        frame.setDefaultCloseOperation(WindowConstants.HIDE_ON_CLOSE);
        frame.getContentPane().add(panel);
        frame.setMinimumSize(new Dimension(720, 400));
        frame.setSize(WIDTH, HEIGHT);
        frame.setLocationByPlatform(true);
        window = frame;
        frame.setVisible(true);
    }

    /**
     * Swing's shared tooltip manager remembers the component last under the mouse, and so the whole
     * editor: tell it the mouse left each of ours (which clears that) and unregister them.
     */
    private static void forgetTooltips(java.awt.Container root) {
        javax.swing.ToolTipManager tips = javax.swing.ToolTipManager.sharedInstance();
        for (java.awt.Component c : root.getComponents()) {
            if (c instanceof javax.swing.JComponent j) {
                tips.mouseExited(new java.awt.event.MouseEvent(j, java.awt.event.MouseEvent.MOUSE_EXITED,
                        System.currentTimeMillis(), 0, -1, -1, 0, false));
                tips.unregisterComponent(j);
            }
            if (c instanceof java.awt.Container k) forgetTooltips(k);
        }
    }

    private void dispose() {
        if (panel != null) {
            panel.dispose();
            forgetTooltips(panel);
        }
        if (window != null) {
            // The focus manager and AWT's X11 focus peer remember the last focus owner: let go of ours.
            java.awt.KeyboardFocusManager focus = java.awt.KeyboardFocusManager.getCurrentKeyboardFocusManager();
            java.awt.Component owner = focus.getFocusOwner();
            if (owner != null && SwingUtilities.isDescendingFrom(owner, window)) focus.clearGlobalFocusOwner();
            window.setVisible(false);
            // The focus manager keeps the last focused window until another gets focus: empty it,
            // so that window holds nothing of this instrument.
            if (window instanceof JFrame frame) frame.getContentPane().removeAll();
            window.dispose();
        }
        panel = null;
        window = null;
    }

    /** The panel, once built (tests). Swing thread. */
    EditorPanel panel() {
        return panel;
    }
}
