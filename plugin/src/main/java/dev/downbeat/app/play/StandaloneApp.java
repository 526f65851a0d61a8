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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;

/**
 * {@code downbeat play}: one Downbeat instrument, a transport, a sound output and, unless run
 * headless, the editor in a window of its own. Sound (and MIDI out) goes to JACK when a server
 * runs, else to Java Sound's default output, else nowhere: then the status line says so and
 * everything else (editing, generating, MIDI export) still works on a silent clock. When the JACK
 * server goes away while the app runs, the app says so and carries on with the silent clock.
 *
 * <p>Threads: built and closed on the main thread; the window lives on the Swing thread; the
 * switch to the silent clock happens on the thread JACK's shutdown notice starts.
 */
public final class StandaloneApp implements AutoCloseable {
    /** Where the sound may go. */
    public enum Audio { AUTO, JACK, JAVASOUND, NONE }

    static final int JAVA_SOUND_RATE = 48000;

    private final DownbeatInstrument instrument;
    private final TransportDriver driver;
    private final StandaloneSession session;
    private final HostCallbacks log;
    private AudioOutput output; // guarded by this
    private boolean closed; // guarded by this
    private volatile String jackGone; // why the JACK server went away, null while it runs (or was never used)
    private JFrame frame; // Swing thread
    private EditorPanel panel; // Swing thread
    private final CountDownLatch windowClosed = new CountDownLatch(1);

    private StandaloneApp(DownbeatInstrument instrument, TransportDriver driver, AudioOutput output,
            StandaloneSession session, HostCallbacks log) {
        this.instrument = instrument;
        this.driver = driver;
        this.output = output;
        this.session = session;
        this.log = log;
    }

    /** Starts the instrument and the sound with an unconnected JACK client (no window yet). */
    public static StandaloneApp start(Audio audio, double tempoBpm, HostCallbacks log) {
        try {
            return start(audio, tempoBpm, JackSettings.UNCONNECTED, log);
        } catch (JackUnavailableException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Starts the instrument and the sound (no window yet); the transport stands. {@code log}
     * receives what was tried. Main thread.
     *
     * @throws JackUnavailableException with {@link Audio#JACK} when JACK cannot be used ({@code AUTO} moves on)
     * @throws IllegalArgumentException when a JACK port named in {@code jack} does not exist
     */
    static StandaloneApp start(Audio audio, double tempoBpm, JackSettings jack, HostCallbacks log)
            throws JackUnavailableException {
        DownbeatInstrument instrument = new DownbeatInstrument();
        instrument.setHostCallbacks(log);
        StringBuilder tried = new StringBuilder();
        // The shutdown notice may come on JACK's thread before the app exists: it finds it here.
        AtomicReference<StandaloneApp> app = new AtomicReference<>();
        AudioOutput output = null;
        TransportDriver driver = null;
        if (audio == Audio.AUTO || audio == Audio.JACK) {
            try {
                JackOutput opened = JackOutput.open(instrument, tempoBpm, jack, why -> {
                    StandaloneApp started = app.get();
                    if (started != null) started.jackWentAway(why);
                });
                output = opened;
                driver = opened.driver();
            } catch (JackUnavailableException e) {
                if (audio == Audio.JACK) {
                    instrument.close();
                    throw e;
                }
                tried.append("JACK: ").append(e.getMessage());
                log.log("JACK not used: " + e.getMessage());
            } catch (RuntimeException e) {
                instrument.close();
                throw e;
            }
        }
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
        Supplier<String> status;
        if (output == null) {
            String why = audio == Audio.NONE ? "sound off (--audio none)" : "No sound device (" + tried + ")";
            output = BlockThreadOutput.silent(driver, why);
            status = () -> why + ": plays silently; editing, generating and MIDI export work";
        } else {
            AudioOutput playing = output;
            status = () -> "Sound: " + playing.description();
        }
        log.log("sound: " + output.description() + (tried.length() > 0 && output.audible() ? " (" + tried + ")" : ""));
        StandaloneSession session = new StandaloneSession(new InstrumentSession(instrument, log), driver, status);
        StandaloneApp started = new StandaloneApp(instrument, driver, output, session, log);
        app.set(started);
        if (output instanceof JackOutput j && j.serverGone()) started.jackWentAway("the JACK server went away while the app started");
        return started;
    }

    /**
     * The JACK server is gone: close its client and go on with the silent clock, so that the
     * transport, the generation and the editor keep working. The thread JACK's shutdown notice started.
     */
    private void jackWentAway(String why) {
        synchronized (this) {
            if (closed || jackGone != null) return;
            jackGone = why;
            // Closing the client waits until its process thread has left the callback: then the
            // silent clock is the only thread rendering.
            output.close();
            output = BlockThreadOutput.silent(driver, "no sound: " + why);
        }
        session.setAudioStatus("No sound: " + why + "; plays silently, editing, generating and MIDI export work");
        log.log(why + "; playing on silently");
    }

    /** Why the JACK server went away, or null while it runs (or was never used). Any thread. */
    String jackGone() {
        return jackGone;
    }

    /** The JACK output while it plays, else null (tests and the headless summary). */
    synchronized JackOutput jack() {
        return output instanceof JackOutput j ? j : null;
    }

    /** Starts the transport from the top: for {@code quarters} quarter notes, or without end when null. Any thread. */
    void play(Double quarters) {
        if (quarters == null) driver.play();
        else driver.playFor(quarters);
    }

    /** Whether the transport follows JACK's (then JACK's transport decides when it plays). Any thread. */
    boolean followsJackTransport() {
        return driver.following();
    }

    /** Whether a play given a length has played it. Any thread. */
    boolean finishedPlaying() {
        return driver.finished();
    }

    /** Steps the instrument found no bar written for in time (0 in a healthy run). Any thread. */
    long lateSteps() {
        return instrument.lateSteps();
    }

    /** Seconds the instrument rings on after its last note (reverb tail). Any thread. */
    double tailSeconds() {
        return instrument.tailSeconds();
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
                    windowClosed.countDown();
                }
            });
            frame.setVisible(true);
        });
    }

    /** Blocks until the window is closed. Main thread. */
    public void awaitClose() throws InterruptedException {
        windowClosed.await();
    }

    /** The session the window shows (tests). */
    StandaloneSession session() {
        return session;
    }

    /** The window's panel (tests). Swing thread. */
    public EditorPanel panel() {
        return panel;
    }

    public synchronized String audioDescription() {
        return output.description();
    }

    public synchronized boolean audible() {
        return output.audible();
    }

    /** The status line the editor shows. Any thread. */
    public String status() {
        return session.status();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            output.close();
        }
        instrument.close();
        SwingUtilities.invokeLater(() -> {
            if (frame != null) frame.dispose();
        });
    }
}
