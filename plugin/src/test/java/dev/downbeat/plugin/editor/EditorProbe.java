package dev.downbeat.plugin.editor;

import dev.downbeat.plugin.core.HostCallbacks;
import java.awt.Component;
import java.awt.Container;
import java.awt.Point;
import java.awt.Window;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.swing.SwingUtilities;

/**
 * For the Xvfb stage: opens the editor on a {@link ScriptedSession} with an empty seed and writes
 * where everything is on screen ({@code args[0]}): every seed cell's and bar cell's centre, the MIDI
 * drag handle's centre. Then it waits; when {@code args[1]} appears it writes the session's seed
 * (what the clicks made) and the bars in view to {@code args[1]}.done and exits.
 */
public final class EditorProbe {
    public static void main(String[] args) throws Exception {
        Path layout = Path.of(args[0]), request = Path.of(args[1]);
        ScriptedSession session = ScriptedSession.empty();
        session.setPlayhead(-1, 0); // stopped: nothing crosses the cells
        DownbeatEditor editor = DownbeatEditor.open(session, HostCallbacks.NONE, 0, "Downbeat editor probe");
        EditorPanel panel = waitForPanel(editor);
        SwingUtilities.invokeAndWait(() -> SwingUtilities.getWindowAncestor(panel).setLocation(0, 0));
        waitUntilSettled(panel);
        SwingUtilities.invokeAndWait(() -> {
            try {
                writeLayout(panel, layout);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        while (!Files.exists(request)) Thread.sleep(100);
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(request + ".done")))) {
            GridView v = session.view();
            out.println("seedLength " + v.seedLength());
            out.println("seed " + join(v.seed()));
            for (BarView b : v.bars()) out.println("bar " + b.number() + " " + join(b.steps()));
        }
        editor.close();
        System.exit(0);
    }

    /** Waits until the window manager has stopped moving the window (same place for a second). */
    static void waitUntilSettled(EditorPanel panel) throws Exception {
        java.awt.Point[] last = {null};
        int stable = 0;
        for (int i = 0; i < 100 && stable < 4; i++) {
            Thread.sleep(250);
            java.awt.Point[] now = new java.awt.Point[1];
            SwingUtilities.invokeAndWait(() -> now[0] = panel.grid().getLocationOnScreen());
            stable = now[0].equals(last[0]) ? stable + 1 : 0;
            last[0] = now[0];
        }
    }

    static String join(int[] a) {
        StringBuilder s = new StringBuilder();
        for (int x : a) s.append(s.length() == 0 ? "" : ",").append(x);
        return s.toString();
    }

    static EditorPanel waitForPanel(DownbeatEditor editor) throws Exception {
        for (int i = 0; i < 200; i++) {
            EditorPanel[] p = new EditorPanel[1];
            SwingUtilities.invokeAndWait(() -> p[0] = editor.panel());
            if (p[0] != null && p[0].isShowing()) return p[0];
            Thread.sleep(50);
        }
        throw new IllegalStateException("the editor did not show within 10 s");
    }

    /** Lines: "seed step voice x y", "bar index step voice x y", "handle x y", "window x y w h". */
    static void writeLayout(EditorPanel panel, Path file) throws IOException {
        DrumGrid grid = panel.grid();
        GridGeometry geo = grid.geometry();
        Point origin = grid.getLocationOnScreen();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            GridView v = grid.view();
            for (int s = 0; s < v.seedCapacity(); s++)
                for (int voice = 0; voice < 9; voice++) {
                    Point c = geo.cellCentre(geo.seedColumn(s), voice);
                    out.printf("seed %d %d %d %d%n", s, voice, origin.x + c.x, origin.y + c.y);
                }
            for (int b = 0; b < v.bars().size(); b++)
                for (int s = 0; s < v.stepsPerBar(); s++)
                    for (int voice = 0; voice < 9; voice++) {
                        Point c = geo.cellCentre(geo.barColumn(b, s), voice);
                        out.printf("bar %d %d %d %d %d%n", b, s, voice, origin.x + c.x, origin.y + c.y);
                    }
            out.printf("marker %d %d%n", origin.x + geo.seedMarkerX(v.seedLength()), origin.y + geo.gridBottom() + geo.footerHeight / 2);
            out.printf("cellwidth %f%n", geo.cellWidth);
            Component handle = find(panel, "midiDragHandle");
            Point h = handle.getLocationOnScreen();
            out.printf("handle %d %d%n", h.x + handle.getWidth() / 2, h.y + handle.getHeight() / 2);
            Window w = SwingUtilities.getWindowAncestor(panel);
            out.printf("window %d %d %d %d%n", w.getX(), w.getY(), w.getWidth(), w.getHeight());
        }
    }

    static Component find(Container root, String name) {
        for (Component c : root.getComponents()) {
            if (name.equals(c.getName())) return c;
            if (c instanceof Container k) {
                Component found = find(k, name);
                if (found != null) return found;
            }
        }
        return null;
    }
}
