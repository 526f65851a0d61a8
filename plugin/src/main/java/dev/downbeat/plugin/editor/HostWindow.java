package dev.downbeat.plugin.editor;

import java.awt.Component;
import java.awt.Frame;
import java.awt.event.ComponentAdapter;
import java.awt.event.ComponentEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.lang.reflect.Constructor;
import javax.swing.Timer;

/**
 * The X11 window a host hands the editor (VST2's effEditOpen pointer, LV2's ui:parent): checked to
 * exist, and able to take the editor in as a child, or to have the editor's own window kept with it.
 *
 * <p>Embedding uses AWT's own embedded frame ({@code sun.awt.X11.XEmbeddedFrame}) in its plain mode
 * (no XEmbed: VST2 and LV2 hosts give a plain window, no XEmbed embedder): AWT creates its frame
 * and reparents it into the host's window. That frame starts at 0x0 pixels and AWT never sizes it
 * from its parent, which is why an earlier try "stayed 1x1": the editor sizes it explicitly.
 *
 * <p>Swing thread only.
 */
final class HostWindow {
    /** When the own window's transient hint is set once more after it opened. */
    static final int REASSERT_MS = 500;
    private final X11Windows x11;
    private final long id;

    private HostWindow(X11Windows x11, long id) {
        this.x11 = x11;
        this.id = id;
    }

    /** The host's window {@code id}, after checking AWT can reach X11 and the window exists. */
    static HostWindow of(long id) throws EmbeddingException {
        if (id == 0) throw new EmbeddingException("the host gave no window (0)");
        X11Windows x11 = X11Windows.bind();
        if (x11.geometry(id) == null) throw new EmbeddingException("the host's window 0x" + Long.toHexString(id) + " does not exist on this display");
        return new HostWindow(x11, id);
    }

    long id() {
        return id;
    }

    /**
     * A frame of AWT's holding {@code content}, made a child of this window at (0, 0), {@code width}
     * by {@code height} pixels, shown. Checks X11 really has it as the window's child; throws (with the frame disposed) if not.
     */
    Frame embed(Component content, int width, int height) throws EmbeddingException {
        Frame frame;
        try {
            Constructor<?> c = Class.forName("sun.awt.X11.XEmbeddedFrame").getConstructor(long.class, boolean.class);
            frame = (Frame) c.newInstance(id, false);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new EmbeddingException("AWT's embedded frame could not be made: " + e);
        }
        frame.add(content);
        frame.setSize(width, height);
        frame.validate();
        frame.setVisible(true);
        long child = x11.windowOf(frame);
        long parent = child == 0 ? 0 : x11.parentOf(child);
        if (parent != id) {
            frame.dispose();
            throw new EmbeddingException("AWT's frame 0x" + Long.toHexString(child) + " did not become a child of the host's window 0x"
                    + Long.toHexString(id) + " (its parent is 0x" + Long.toHexString(parent) + ")");
        }
        return frame;
    }

    /** Whether the host shows the window now (it and its ancestors mapped). */
    boolean viewable() {
        return x11.isViewable(id);
    }

    /** Whether the window still exists (false once the host destroyed it). */
    boolean exists() {
        return x11.geometry(id) != null;
    }

    /**
     * Keeps {@code ownWindow} (displayable, not yet shown) with the host: WM_TRANSIENT_FOR names the
     * host's top-level window, so the window manager keeps it above the host and with it. AWT deletes
     * that hint of an ownerless window whenever the window's ICCCM state changes (mapped, iconified,
     * restored), so it is set again after each of those. Returns the host's top-level window, or 0.
     */
    long keepWith(Frame ownWindow) {
        long top = x11.toplevelOf(id), window = x11.windowOf(ownWindow);
        if (top == 0 || window == 0) return 0;
        Runnable again = () -> {
            if (ownWindow.isDisplayable() && x11.windowOf(ownWindow) == window) x11.setTransientFor(window, top);
        };
        // Mapping may reach AWT after the event that says the window shows: once more a little later.
        Runnable againNowAndLater = () -> {
            again.run();
            Timer later = new Timer(REASSERT_MS, t -> again.run());
            later.setRepeats(false);
            later.start();
        };
        again.run();
        ownWindow.addWindowListener(new WindowAdapter() {
            @Override public void windowOpened(WindowEvent e) {
                againNowAndLater.run();
            }
            @Override public void windowActivated(WindowEvent e) {
                again.run();
            }
            @Override public void windowDeiconified(WindowEvent e) {
                again.run();
            }
        });
        ownWindow.addWindowStateListener(e -> again.run());
        ownWindow.addComponentListener(new ComponentAdapter() {
            @Override public void componentShown(ComponentEvent e) {
                againNowAndLater.run(); // shown again with the host's window: mapped again
            }
        });
        return top;
    }

    /** Waits until the X server has done what AWT asked (after disposing the embedded frame). */
    void sync() {
        x11.sync();
    }
}
