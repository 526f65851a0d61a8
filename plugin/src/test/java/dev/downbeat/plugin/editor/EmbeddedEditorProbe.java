package dev.downbeat.plugin.editor;

import java.awt.Component;
import java.awt.Point;
import java.awt.Window;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.swing.JSlider;
import javax.swing.SwingUtilities;

/**
 * For tests/stages/32-lv2-ui.sh: a Java agent the stage gives the host's JVM (an {@code option=-javaagent:}
 * line in jvm.conf), so that it can read back where the editor a host opened sits on screen. Once an
 * editor panel shows, it writes the layout {@link EditorProbe#writeLayout} writes (every cell's
 * centre in screen coordinates) plus one line per slider, "slider NAME x y width value maximum"
 * (centre, width, position), and the panel's state: "seedLength N" and "seed e0,e1,...". Afterwards,
 * each time a file {@code <layout>.request} appears it writes {@code <layout>.request.done} with
 * the same slider lines as they are then, and deletes the request. Files appear whole (written
 * beside, then moved). It only reads the editor's components; nothing in the plugin knows of it.
 */
public final class EmbeddedEditorProbe {
    private EmbeddedEditorProbe() {
    }

    public static void premain(String layoutFile, Instrumentation instrumentation) {
        Thread t = new Thread(() -> run(Path.of(layoutFile), instrumentation), "embedded-editor-probe");
        t.setDaemon(true);
        t.start();
    }

    private static void run(Path layout, Instrumentation instrumentation) {
        try {
            // Touch AWT only once the plugin has: the probe must not change how the host's JVM starts.
            while (!loaded(instrumentation, "dev.downbeat.plugin.editor.EditorPanel")) Thread.sleep(200);
            EditorPanel panel = null;
            while (panel == null) {
                Thread.sleep(200);
                EditorPanel[] found = new EditorPanel[1];
                SwingUtilities.invokeAndWait(() -> found[0] = showingPanel());
                panel = found[0];
            }
            EditorProbe.waitUntilSettled(panel);
            Path partial = Path.of(layout + ".partial");
            EditorPanel p = panel;
            SwingUtilities.invokeAndWait(() -> {
                try {
                    EditorProbe.writeLayout(p, partial);
                    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(partial, java.nio.file.StandardOpenOption.APPEND))) {
                        sliders(p, out);
                        GridView v = p.grid().view();
                        out.println("seedLength " + v.seedLength());
                        out.println("seed " + EditorProbe.join(v.seed()));
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Files.move(partial, layout, StandardCopyOption.ATOMIC_MOVE);
            Path request = Path.of(layout + ".request"), done = Path.of(layout + ".request.done");
            while (true) {
                Thread.sleep(100);
                if (!Files.exists(request)) continue;
                Files.deleteIfExists(done);
                SwingUtilities.invokeAndWait(() -> {
                    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(partial))) {
                        sliders(p, out);
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                Files.delete(request);
                Files.move(partial, done, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (Exception e) {
            System.err.println("embedded-editor-probe: " + e);
        }
    }

    private static boolean loaded(Instrumentation instrumentation, String name) {
        for (Class<?> c : instrumentation.getAllLoadedClasses()) if (c.getName().equals(name)) return true;
        return false;
    }

    private static EditorPanel showingPanel() {
        for (Window w : Window.getWindows()) {
            EditorPanel p = find(w);
            if (p != null && p.isShowing()) return p;
        }
        return null;
    }

    private static EditorPanel find(Component c) {
        if (c instanceof EditorPanel p) return p;
        if (c instanceof java.awt.Container k) {
            for (Component child : k.getComponents()) {
                EditorPanel p = find(child);
                if (p != null) return p;
            }
        }
        return null;
    }

    private static void sliders(Component c, PrintWriter out) {
        if (c instanceof JSlider s && s.getName() != null && s.isShowing()) {
            Point at = s.getLocationOnScreen();
            out.printf("slider %s %d %d %d %d %d%n", s.getName().replace("slider:", "").replace(' ', '_'),
                    at.x + s.getWidth() / 2, at.y + s.getHeight() / 2, s.getWidth(), s.getValue(), s.getMaximum());
        }
        if (c instanceof java.awt.Container k) for (Component child : k.getComponents()) sliders(child, out);
    }
}
