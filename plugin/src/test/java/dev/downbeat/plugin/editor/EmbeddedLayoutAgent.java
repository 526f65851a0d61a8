package dev.downbeat.plugin.editor;

import java.awt.Container;
import java.awt.Frame;
import java.awt.Point;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.swing.SwingUtilities;

/**
 * For stage 41: a Java agent the stage loads into the plugin's JVM inside the C host (through
 * jvm.conf's {@code option=-javaagent:...=LAYOUT}), since the grid's cells are laid out by the real
 * editor in there. When the first editor shows, and its size has settled, it writes to LAYOUT where
 * every seed cell's centre is relative to the editor's top-level AWT frame (with the frame at (0, 0)
 * of the host's window, that is relative to the host's window too):
 * "frame CLASS W H", "seed STEP VOICE X Y". It reads nothing but the editor's layout and then stops.
 */
public final class EmbeddedLayoutAgent {
    private EmbeddedLayoutAgent() {
    }

    public static void premain(String args) {
        Thread t = new Thread(() -> watch(Path.of(args)), "downbeat-layout-agent");
        t.setDaemon(true);
        t.start();
    }

    private static void watch(Path layout) {
        try {
            String last = null;
            int stable = 0;
            while (stable < 3) {
                Thread.sleep(200);
                if (Frame.getFrames().length == 0) continue; // no AWT use until the editor starts it
                String[] now = new String[1];
                SwingUtilities.invokeAndWait(() -> now[0] = describe());
                stable = now[0] != null && now[0].equals(last) ? stable + 1 : 0;
                last = now[0];
            }
            Path tmp = Path.of(layout + ".tmp");
            Files.writeString(tmp, last);
            Files.move(tmp, layout, StandardCopyOption.ATOMIC_MOVE);
        } catch (Exception e) {
            System.err.println("EmbeddedLayoutAgent: " + e);
        }
    }

    /** The layout of the first showing editor, or null. Swing thread. */
    private static String describe() {
        for (Frame f : Frame.getFrames()) {
            if (!f.isShowing()) continue;
            EditorPanel panel = find(f);
            if (panel == null || !panel.isShowing()) continue;
            DrumGrid grid = panel.grid();
            GridGeometry geo = grid.geometry();
            Point origin = SwingUtilities.convertPoint(grid, 0, 0, f);
            java.io.StringWriter text = new java.io.StringWriter();
            try (PrintWriter out = new PrintWriter(text)) {
                out.printf("frame %s %d %d%n", f.getClass().getName(), f.getWidth(), f.getHeight());
                for (int s = 0; s < grid.view().seedCapacity(); s++)
                    for (int voice = 0; voice < 9; voice++) {
                        Point c = geo.cellCentre(geo.seedColumn(s), voice);
                        out.printf("seed %d %d %d %d%n", s, voice, origin.x + c.x, origin.y + c.y);
                    }
            }
            return text.toString();
        }
        return null;
    }

    private static EditorPanel find(Container root) {
        for (java.awt.Component c : root.getComponents()) {
            if (c instanceof EditorPanel p) return p;
            if (c instanceof Container k) {
                EditorPanel p = find(k);
                if (p != null) return p;
            }
        }
        return null;
    }
}
