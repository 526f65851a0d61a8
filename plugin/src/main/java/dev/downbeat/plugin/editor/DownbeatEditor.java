package dev.downbeat.plugin.editor;

import dev.downbeat.plugin.core.DownbeatInstrument;
import dev.downbeat.plugin.core.HostCallbacks;
import dev.downbeat.plugin.core.Instrument;
import java.awt.Dimension;
import java.awt.Frame;
import java.awt.Window;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.swing.JFrame;
import javax.swing.JRootPane;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.UIManager;
import javax.swing.WindowConstants;

/**
 * The plugin's editor, as the VST2 and LV2 bridges open and close it (see docs/architecture.md,
 * "Editor API"). Given the host's X11 window it embeds there: AWT's embedded frame becomes a child
 * of that window at (0, 0), sized explicitly to the size effEditGetRect reports (AWT leaves it at
 * 0x0, the "1x1 pixel" of an earlier try; {@link HostWindow}). It keeps that size whatever size the
 * host gives its window: in VST2 and LV2 the plugin decides its size and the host fits its window to
 * it, and following the host's window fed Ardour's own fitting (it takes our frame's configure events
 * as the plugin resizing, adds its offsets) into a window that grew without end. Where embedding
 * cannot work (no window from the host, another toolkit than X11's, a JVM without the module options
 * jvm_boot gives, a window id that does not exist, or the user asked with
 * {@code -Ddownbeat.editor.window=own} / {@code DOWNBEAT_EDITOR_WINDOW=own}) it opens a top-level
 * window of its own, transient for the host's window so the window manager keeps it with the host,
 * and says why in the host's log.
 *
 * <p>Threads: {@link #open}, {@link #close} and the size methods may be called from any thread except
 * the audio thread; the editor is built and disposed on the Swing thread. {@code open} returns at
 * once; {@code close} waits (at most {@value #CLOSE_WAIT_MS} ms) until the editor's X11 windows are
 * gone from the host's window, because hosts destroy their window right after closing the editor.
 */
public final class DownbeatEditor {
    static final int WIDTH = 1180, HEIGHT = 560;
    static final int MIN_WIDTH = 720, MIN_HEIGHT = 400;
    /** How often an embedded editor checks the host's window still exists. */
    static final int WATCH_MS = 200;
    static final long CLOSE_WAIT_MS = 2000;
    private static boolean lookInstalled; // Swing thread

    private final EditorSession session;
    /** The host's X11 window, or 0. */
    private final long parent;
    private final HostCallbacks host;
    /** The window (read for its size from any thread) and panel; created and cleared on the Swing thread. */
    private volatile Window window;
    private volatile boolean embedded;
    private EditorPanel panel;
    /** The host's window while embedded in it, and the timer that notices it going; Swing thread. */
    private HostWindow hostWindow;
    private Timer watch;
    /** Whether the host's window was viewable at the last look (own-window mode); Swing thread. */
    private boolean hostViewable;
    private volatile boolean closed;

    private DownbeatEditor(EditorSession session, HostCallbacks host, long parent) {
        this.session = session;
        this.host = host;
        this.parent = parent;
    }

    /**
     * Opens the editor of a plugin instance in (or, failing that, beside) the host's X11 window
     * {@code parentX11Window} (0: none); see the class comment. Anything but a
     * {@link DownbeatInstrument} gets no window, and a line in the host's log.
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

    /** Whether the editor sits inside the host's window (false until it is built, and in its own window). */
    public boolean embedded() {
        return embedded;
    }

    /**
     * Disposes the window, its timers and its listeners; with a host window, returns once the
     * editor's X11 windows are destroyed (or after {@value #CLOSE_WAIT_MS} ms). Idempotent.
     */
    public void close() {
        closed = true;
        if (SwingUtilities.isEventDispatchThread()) {
            dispose();
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        SwingUtilities.invokeLater(() -> {
            try {
                dispose();
            } finally {
                done.countDown();
            }
        });
        if (parent == 0) return;
        try {
            if (!done.await(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS)) host.log("The editor's window was still closing after " + CLOSE_WAIT_MS + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Installs the FlatLaf dark look once per JVM (Swing's cross-platform look if FlatLaf cannot load). Swing thread. */
    public static void installLook() {
        // Started from a host's thread, AWT's event thread has no context class loader. Swing looks UI
        // classes up through UIManager's "ClassLoader" or that loader, so in Ardour FlatLaf's classes (on
        // our class path) were not found ("no ComponentUI class for JLabel") and the editor did not open.
        ClassLoader ours = DownbeatEditor.class.getClassLoader();
        Thread swing = Thread.currentThread();
        if (swing.getContextClassLoader() == null) swing.setContextClassLoader(ours);
        if (lookInstalled) return;
        lookInstalled = true;
        try {
            com.formdev.flatlaf.FlatDarkLaf.setup();
            UIManager.put("ClassLoader", ours);
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
            panel = new EditorPanel(session);
            HostWindow hw = null;
            if (parent == 0) {
                openOwnWindow(title, null);
                return;
            }
            try {
                hw = HostWindow.of(parent);
                if (ownWindowAsked()) throw new EmbeddingException("downbeat.editor.window=own asks for a window of its own");
                embed(hw);
                return;
            } catch (EmbeddingException | RuntimeException | LinkageError e) {
                host.log("The editor opens in a window of its own, not inside the host's window 0x" + Long.toHexString(parent)
                        + ": " + (e instanceof EmbeddingException ? e.getMessage() : e.toString()));
            }
            openOwnWindow(title, hw);
        } catch (Throwable t) {
            host.log("The editor could not open: " + t);
            dispose();
        }
    }

    private static boolean ownWindowAsked() {
        String asked = System.getProperty("downbeat.editor.window", System.getenv("DOWNBEAT_EDITOR_WINDOW"));
        return "own".equals(asked);
    }

    private void embed(HostWindow hw) throws EmbeddingException {
        JRootPane root = new JRootPane(); // Swing's menus, tooltips and key bindings want a root pane
        root.getContentPane().add(panel);
        Frame frame = hw.embed(root, WIDTH, HEIGHT);
        hostWindow = hw;
        window = frame;
        embedded = true;
        watch = new Timer(WATCH_MS, e -> watchHostWindow());
        watch.start();
        host.log("The editor is embedded in the host's window 0x" + Long.toHexString(parent) + " at " + WIDTH + "x" + HEIGHT);
    }

    /**
     * Swing timer: a host that destroys its window before effEditClose gets the editor closed with it.
     * A window of the editor's own also hides and shows with the host's window (Ardour only unmaps
     * its plugin window when the user closes it; effEditClose comes when it is destroyed).
     */
    private void watchHostWindow() {
        Window w = window;
        if (w == null || hostWindow == null) return;
        if (!hostWindow.exists()) {
            host.log("The host destroyed its window before closing the editor: the editor closes");
            closed = true;
            dispose();
            return;
        }
        if (embedded) return; // X11 shows and hides a child with its parent
        boolean viewable = hostWindow.viewable();
        // On a change only: closing the own window by hand hides it until the host shows its window again.
        if (viewable != hostViewable) w.setVisible(viewable);
        hostViewable = viewable;
    }

    private void openOwnWindow(String title, HostWindow hw) {
        JFrame frame = new JFrame(title);
        frame.setDefaultCloseOperation(WindowConstants.HIDE_ON_CLOSE);
        frame.getContentPane().add(panel);
        frame.setMinimumSize(new Dimension(MIN_WIDTH, MIN_HEIGHT));
        frame.setSize(WIDTH, HEIGHT);
        frame.setLocationByPlatform(true);
        window = frame;
        if (hw != null) {
            frame.addNotify(); // the X11 window exists from here; the hint must be set before it is mapped
            long top = hw.keepWith(frame);
            host.log(top != 0 ? "The editor's window is kept with the host's window 0x" + Long.toHexString(top)
                    : "The editor's window could not be tied to the host's window");
            hostWindow = hw;
            hostViewable = true;
            watch = new Timer(WATCH_MS, e -> watchHostWindow());
            watch.start();
        }
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
        if (watch != null) watch.stop();
        watch = null;
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
            else if (window instanceof Frame frame) frame.removeAll();
            window.dispose();
        }
        if (hostWindow != null) {
            try {
                hostWindow.sync(); // the editor's X11 windows are gone before close() returns
            } catch (RuntimeException | LinkageError e) {
                host.log("The editor could not wait for X11 to close its window: " + e);
            }
        }
        hostWindow = null;
        panel = null;
        window = null;
        embedded = false;
    }

    /** The panel, once built (tests). Swing thread. */
    EditorPanel panel() {
        return panel;
    }
}
