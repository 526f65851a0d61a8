package dev.downbeat.plugin.editor;

import dev.downbeat.plugin.core.HostCallbacks;
import java.awt.Window;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import javax.swing.SwingUtilities;

/**
 * For the Xvfb stage: opens and closes the editor {@code args[0]} times (100 by default) the way a
 * host does, then checks that every editor panel, window and session was garbage collected (but
 * the one emptied window AWT's focus manager remembers, see {@link #lastFocused}), that no
 * window is left displayable, and that the thread count came back to where it was after the first
 * cycle.
 * Exit 0 when nothing leaked.
 */
public final class EditorLeakCheck {
    public static void main(String[] args) throws Exception {
        int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        List<WeakReference<Object>> refs = new ArrayList<>(), sessions = new ArrayList<>();
        int threadsAfterFirst = -1;
        for (int i = 0; i < cycles; i++) {
            cycle(i, refs, sessions);
            if (i == 0) threadsAfterFirst = liveThreads();
        }
        SwingUtilities.invokeAndWait(() -> { });
        int alive = 0;
        for (int attempt = 0; attempt < 20; attempt++) {
            System.gc();
            Thread.sleep(100);
            alive = 0;
            for (int r = 0; r < refs.size(); r++) if (refs.get(r).get() != null && !lastFocused(refs, r)) alive++;
            for (WeakReference<Object> r : sessions) if (r.get() != null) alive++;
            if (alive == 0) break;
        }
        int[] shownWindows = new int[1];
        SwingUtilities.invokeAndWait(() -> {
            for (Window w : Window.getWindows()) if (w.isDisplayable()) shownWindows[0]++;
        });
        List<Integer> leaked = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) if (refs.get(i).get() != null && !lastFocused(refs, i)) leaked.add(i);
        if (!leaked.isEmpty()) System.out.println("still reachable (even = panel, odd = window of cycle index/2): " + leaked);
        int threads = liveThreads();
        System.out.printf("cycles %d, panels, sessions and windows still reachable: %d of %d, displayable windows %d, threads after first cycle %d, now %d%n",
                cycles, alive, refs.size() + sessions.size(), shownWindows[0], threadsAfterFirst, threads);
        boolean ok = alive == 0 && shownWindows[0] == 0 && threads <= threadsAfterFirst + 1;
        System.out.println(ok ? "no leak" : "LEAK");
        System.exit(ok ? 0 : 1);
    }

    /** One open/close, as a host does it; in a method of its own so no local outlives it. */
    private static void cycle(int i, List<WeakReference<Object>> refs, List<WeakReference<Object>> sessions) throws Exception {
        ScriptedSession session = ScriptedSession.empty();
        DownbeatEditor editor = DownbeatEditor.open(session, HostCallbacks.NONE, 0, "Downbeat leak check " + i);
        sessions.add(new WeakReference<>(session));
        EditorPanel panel = EditorProbe.waitForPanel(editor);
        Thread.sleep(60); // let a couple of poll ticks run
        refs.add(new WeakReference<>(panel));
        refs.add(new WeakReference<>(SwingUtilities.getWindowAncestor(panel)));
        editor.close();
        SwingUtilities.invokeAndWait(() -> { });
    }

    /**
     * AWT's focus manager remembers the last focused window (which the editor's close empties)
     * until another window takes focus: the last cycle's window, never more, so not a leak.
     */
    private static boolean lastFocused(List<WeakReference<Object>> refs, int index) {
        return index == refs.size() - 1 && refs.get(index).get() instanceof javax.swing.JFrame f
                && f.getContentPane().getComponentCount() == 0;
    }

    private static int liveThreads() {
        return Thread.getAllStackTraces().size();
    }
}
