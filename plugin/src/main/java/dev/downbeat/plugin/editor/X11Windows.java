package dev.downbeat.plugin.editor;

import java.awt.Component;
import java.awt.Frame;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Toolkit;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The few X11 calls the editor needs about a host's window, made through AWT's own Xlib binding
 * (the JDK's internal {@code sun.awt.X11} classes, reached by reflection) so that they go over
 * AWT's X connection, under AWT's lock, with AWT's error handler catching a stale window id. The
 * JVM must have been started with {@code --add-opens=java.desktop/sun.awt.X11=ALL-UNNAMED} and
 * {@code --add-exports=java.desktop/sun.awt=ALL-UNNAMED} (plugin/native/jvm_boot.c does).
 *
 * <p>Swing thread only (the calls take AWT's lock, which the Swing thread may hold already).
 */
final class X11Windows {
    private static final int IS_VIEWABLE = 2; // XWindowAttributes.map_state
    private final Method geometry, parent, isToplevel, mapState, transientFor, sync, display, lock, unlock, peer, peerWindow;
    private final Object componentAccessor;

    private X11Windows(Class<?> xlibUtil, Class<?> xlibWrapper, Class<?> toolkit, Class<?> sunToolkit,
                       Class<?> awtAccessor, Class<?> baseWindow) throws ReflectiveOperationException {
        geometry = open(xlibUtil.getDeclaredMethod("getWindowGeometry", long.class, int.class));
        parent = open(xlibUtil.getDeclaredMethod("getParentWindow", long.class));
        isToplevel = open(xlibUtil.getDeclaredMethod("isToplevelWindow", long.class));
        mapState = open(xlibUtil.getDeclaredMethod("getWindowMapState", long.class));
        transientFor = open(xlibWrapper.getDeclaredMethod("XSetTransientFor", long.class, long.class, long.class));
        sync = open(xlibWrapper.getDeclaredMethod("XSync", long.class, int.class));
        display = toolkit.getMethod("getDisplay");
        lock = sunToolkit.getMethod("awtLock");
        unlock = sunToolkit.getMethod("awtUnlock");
        componentAccessor = awtAccessor.getMethod("getComponentAccessor").invoke(null);
        peer = open(Class.forName("sun.awt.AWTAccessor$ComponentAccessor").getMethod("getPeer", Component.class));
        peerWindow = baseWindow.getMethod("getWindow");
    }

    private static Method open(Method m) {
        m.setAccessible(true);
        return m;
    }

    /**
     * AWT's X11 binding, or an exception saying why it is out of reach (no display, another
     * toolkit, or the JVM started without the module options above).
     */
    static X11Windows bind() throws EmbeddingException {
        if (GraphicsEnvironment.isHeadless()) throw new EmbeddingException("Java runs headless (no display)");
        String toolkit = Toolkit.getDefaultToolkit().getClass().getName();
        if (!toolkit.equals("sun.awt.X11.XToolkit")) throw new EmbeddingException("the AWT toolkit is " + toolkit + ", not X11's");
        try {
            return new X11Windows(Class.forName("sun.awt.X11.XlibUtil"), Class.forName("sun.awt.X11.XlibWrapper"),
                    Class.forName("sun.awt.X11.XToolkit"), Class.forName("sun.awt.SunToolkit"),
                    Class.forName("sun.awt.AWTAccessor"), Class.forName("sun.awt.X11.XBaseWindow"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            // InaccessibleObjectException (a RuntimeException) when the module options are missing.
            throw new EmbeddingException("AWT's X11 classes are not open to Downbeat (the JVM needs "
                    + "--add-opens=java.desktop/sun.awt.X11=ALL-UNNAMED --add-exports=java.desktop/sun.awt=ALL-UNNAMED): " + e);
        }
    }

    /** The window's position in its parent and size in device pixels, or null if there is no such window. */
    Rectangle geometry(long window) {
        return (Rectangle) call(geometry, null, window, 1);
    }

    /** The window's parent, or 0 if there is no such window. */
    long parentOf(long window) {
        return (Long) call(parent, null, window);
    }

    /** Whether the window and all its ancestors are mapped (X11's IsViewable): the user can see it. */
    boolean isViewable(long window) {
        return (Integer) call(mapState, null, window) == IS_VIEWABLE;
    }

    /** Whether the window is a top-level window of some client (it has WM_STATE, or is one of AWT's frames). */
    boolean isToplevel(long window) {
        return (Boolean) call(isToplevel, null, window);
    }

    /**
     * The client top-level window that holds {@code window}: the nearest ancestor with WM_STATE, or,
     * with no window manager, the ancestor right below the root. 0 if {@code window} does not exist.
     */
    long toplevelOf(long window) {
        long w = window;
        for (int depth = 0; depth < 64 && w != 0; depth++) {
            if (isToplevel(w)) return w;
            long up = parentOf(w);
            if (up == 0) return 0;
            if (parentOf(up) == 0) return w; // up is the root (the root's parent is None)
            w = up;
        }
        return w;
    }

    /** The X11 window of an AWT window that has a peer (a frame's shell window), or 0. */
    long windowOf(Frame frame) {
        Object p = call(peer, componentAccessor, frame);
        return p == null || !peerWindow.getDeclaringClass().isInstance(p) ? 0 : (Long) call(peerWindow, p);
    }

    /** Sets WM_TRANSIENT_FOR of {@code window} to {@code owner}, so the window manager keeps it with the host. */
    void setTransientFor(long window, long owner) {
        withLock(() -> call(transientFor, null, display(), window, owner));
    }

    /** Waits until the X server has carried out every request AWT sent (so a destroyed window is gone). */
    void sync() {
        withLock(() -> call(sync, null, display(), 0));
    }

    private long display() {
        return (Long) call(display, null);
    }

    private void withLock(Runnable r) {
        call(lock, null);
        try {
            r.run();
        } finally {
            call(unlock, null);
        }
    }

    private static Object call(Method m, Object target, Object... args) {
        try {
            return m.invoke(target, args);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("AWT's " + m.getName() + " is not accessible", e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException("AWT's " + m.getName() + " failed", cause);
        }
    }
}
