package dev.downbeat.app.play;

import dev.downbeat.plugin.core.DownbeatInstrument;
import dev.downbeat.plugin.core.HostCallbacks;
import dev.downbeat.plugin.editor.DownbeatEditor;
import dev.downbeat.plugin.editor.EditorPanel;
import dev.downbeat.plugin.editor.InstrumentSession;
import java.awt.Dimension;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.concurrent.CountDownLatch;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;

/**
 * {@code downbeat play}: one Downbeat instrument, a transport, a sound output and the editor in a
 * window of its own. Sound goes to JACK when a server runs, else to Java Sound's default output,
 * else nowhere: then the status line says so and everything else (editing, generating, MIDI
 * export) still works on a silent clock.
 *
 * <p>Threads: built and closed on the main thread; the window lives on the Swing thread.
 */
public final class StandaloneApp implements AutoCloseable {
    /** Where the sound may go. */
    public enum Audio { AUTO, JACK, JAVASOUND, NONE }

    static final int JAVA_SOUND_RATE = 48000;

    private final DownbeatInstrument instrument;
    private final AudioOutput output;
    private final StandaloneSession session;
    private JFrame frame; // Swing thread
    private EditorPanel panel; // Swing thread
    private final CountDownLatch closed = new CountDownLatch(1);

    private StandaloneApp(DownbeatInstrument instrument, AudioOutput output, StandaloneSession session) {
        this.instrument = instrument;
        this.output = output;
        this.session = session;
    }

    /** Starts the instrument and the sound (no window yet). {@code log} receives what was tried. */
    public static StandaloneApp start(Audio audio, double tempoBpm, HostCallbacks log) {
        DownbeatInstrument instrument = new DownbeatInstrument();
        instrument.setHostCallbacks(log);
        StringBuilder tried = new StringBuilder();
        TransportDriver[] jackDriver = new TransportDriver[1];
        AudioOutput output = null;
        if (audio == Audio.AUTO || audio == Audio.JACK) {
            try {
                output = JackOutput.open(instrument, tempoBpm, d -> jackDriver[0] = d);
            } catch (Exception | LinkageError e) {
                tried.append("JACK: ").append(jackProblem(e));
                log.log("JACK not used: " + e);
            }
        }
        TransportDriver driver = jackDriver[0];
        if (output == null) {
            instrument.prepare(JAVA_SOUND_RATE, BlockThreadOutput.BLOCK);
            driver = new TransportDriver(instrument, JAVA_SOUND_RATE, BlockThreadOutput.BLOCK, tempoBpm);
            if (audio == Audio.AUTO || audio == Audio.JAVASOUND) {
                try {
                    output = BlockThreadOutput.javaSound(driver);
                } catch (Exception e) {
                    tried.append(tried.length() == 0 ? "" : "; ").append("Java Sound has no output line");
                }
            }
        }
        String status;
        if (output == null) {
            String why = audio == Audio.NONE ? "sound off (--audio none)" : "No sound device (" + tried + ")";
            output = BlockThreadOutput.silent(driver, why);
            status = why + ": plays silently; editing, generating and MIDI export work";
        } else {
            status = "";
        }
        log.log("sound: " + output.description() + (tried.length() > 0 && output.audible() ? " (" + tried + ")" : ""));
        StandaloneSession session = new StandaloneSession(new InstrumentSession(instrument, log), driver,
                status.isEmpty() ? "Sound: " + output.description() : status);
        return new StandaloneApp(instrument, output, session);
    }

    private static String jackProblem(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof LinkageError || m.contains("Unable to load library") || m.contains("library")) return "libjack is not installed";
        return "no server running";
    }

    /** Shows the window; closing it ends {@link #awaitClose}. Any thread. */
    public void show(String title) throws Exception {
        SwingUtilities.invokeAndWait(() -> {
            DownbeatEditor.installLook();
            panel = new EditorPanel(session);
            frame = new JFrame(title);
            frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
            frame.getContentPane().add(panel);
            frame.setMinimumSize(new Dimension(720, 400));
            frame.setSize(DownbeatEditor.preferredWidth(), DownbeatEditor.preferredHeight() + 40);
            frame.setLocationByPlatform(true);
            frame.addWindowListener(new WindowAdapter() {
                @Override
                public void windowClosed(WindowEvent e) {
                    panel.dispose();
                    closed.countDown();
                }
            });
            frame.setVisible(true);
        });
    }

    /** Blocks until the window is closed. Main thread. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /** The session the window shows (tests). */
    StandaloneSession session() {
        return session;
    }

    /** The window's panel (tests). Swing thread. */
    public EditorPanel panel() {
        return panel;
    }

    public String audioDescription() {
        return output.description();
    }

    public boolean audible() {
        return output.audible();
    }

    /** The status line the editor shows. Any thread. */
    public String status() {
        return session.status();
    }

    @Override
    public void close() {
        output.close();
        instrument.close();
        SwingUtilities.invokeLater(() -> {
            if (frame != null) frame.dispose();
        });
    }
}
