package dev.downbeat.app.play;

import dev.downbeat.plugin.core.HostCallbacks;
import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code downbeat play}: the standalone app, in a window or headless ({@code --no-window}).
 * Main thread.
 *
 * <p>Exit codes: 0 done (window closed, or the headless play length played); 1 an unexpected
 * failure (e.g. the JACK process callback failing); 2 bad input (an
 * option, a JACK port that does not exist); 3 {@code --audio jack} and JACK cannot be used (no
 * server, no libjack); 4 headless and the JACK server went away while playing.
 */
@Command(name = "play", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Open Downbeat as a desktop app: press Play and hear a new pattern each",
            "time; edit the seed, audition variations, drag or export the bars as MIDI.",
            "Sound goes to JACK when a server runs, else to the system's sound device;",
            "with neither it says so and everything but the sound still works.",
            "Under JACK the client 'downbeat' has audio ports out_L, out_R and a MIDI",
            "port midi_out that sends every note played (note-on and note-off on the",
            "note map, at its exact frame). With --no-window it needs no display: it",
            "plays at once and, with --bars or --seconds, exits when done (Ctrl+C stops",
            "it otherwise).", ""},
        footer = {"", "Exit codes: 0 done; 1 unexpected failure; 2 bad option or JACK port;",
            "3 --audio jack but no JACK server (or no libjack); 4 without a window, the",
            "JACK server went away while playing."})
public final class PlayCommand implements Callable<Integer> {
    /** Exit code: {@code --audio jack} and JACK cannot be used. */
    public static final int EXIT_NO_JACK = 3;
    /** Exit code: headless, and the JACK server went away while playing. */
    public static final int EXIT_JACK_GONE = 4;

    @Option(names = "--tempo", paramLabel = "BPM", defaultValue = "120", description = "Tempo, 20..300. Default: 120.")
    double tempo;

    @Option(names = "--audio", paramLabel = "OUTPUT", defaultValue = "auto",
            description = "Where the sound goes: auto (JACK, else Java Sound), jack, javasound or none. Default: auto.")
    String audio;

    @Option(names = "--no-window", description = "No window (no display needed): plays at once, as --play (with --jack-transport: when JACK's transport rolls).")
    boolean noWindow;

    @Option(names = "--play", description = "Start playing at once (as pressing Play).")
    boolean playAtOnce;

    @ArgGroup(exclusive = true)
    Length length;

    static final class Length {
        @Option(names = "--bars", paramLabel = "N", description = "Play N bars (4/4) from the top, then stop; without a window, then exit.")
        Integer bars;

        @Option(names = "--seconds", paramLabel = "S", description = "Play S seconds of music from the top, then stop; without a window, then exit.")
        Double seconds;
    }

    @Option(names = "--connect", description = "JACK: connect out_L/out_R to the first two physical playback ports (system:playback_1/2).")
    boolean connect;

    @Option(names = "--audio-to", paramLabel = "PORT,PORT", split = ",",
            description = "JACK: connect out_L and out_R to these two input ports (as well, with --connect).")
    List<String> audioTo = new ArrayList<>();

    @Option(names = "--midi-to", paramLabel = "PORT", split = ",",
            description = "JACK: connect midi_out to this MIDI input port (repeat or comma-separate for more).")
    List<String> midiTo = new ArrayList<>();

    @Option(names = "--jack-transport", description = {"With --audio jack: follow JACK's transport (jack_transport, a DAW) "
            + "instead of the app's own: it plays while JACK's transport rolls, where it stands (bar/beat/tick and tempo "
            + "from a timebase master, else the frame at --tempo); Play and Stop start and stop JACK's transport."})
    boolean jackTransport;

    @Option(names = "--jack-name", paramLabel = "NAME", defaultValue = JackSettings.CLIENT_NAME,
            description = "JACK client name. Default: downbeat (JACK appends a number when it is taken).")
    String jackName;

    @Override
    public Integer call() throws Exception {
        if (tempo < 20 || tempo > 300) throw new IllegalArgumentException("--tempo " + tempo + " is outside 20..300");
        StandaloneApp.Audio output;
        try {
            output = StandaloneApp.Audio.valueOf(audio.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--audio " + audio + ": choose auto, jack, javasound or none");
        }
        Double quarters = playLength();
        JackSettings jack = new JackSettings(jackName, connect, audioTo, midiTo, jackTransport);
        if (jackTransport && quarters != null) {
            throw new IllegalArgumentException("--bars and --seconds play the app's own transport; with --jack-transport JACK's transport decides");
        }
        boolean jackOptions = connect || !audioTo.isEmpty() || !midiTo.isEmpty() || !JackSettings.CLIENT_NAME.equals(jackName);
        if (jackOptions && (output == StandaloneApp.Audio.NONE || output == StandaloneApp.Audio.JAVASOUND)) {
            throw new IllegalArgumentException("--connect, --audio-to, --midi-to and --jack-name are for JACK; --audio "
                    + audio + " does not use it");
        }
        if (jackTransport && output != StandaloneApp.Audio.JACK) {
            throw new IllegalArgumentException("--jack-transport needs --audio jack");
        }
        if (!noWindow && GraphicsEnvironment.isHeadless()) {
            throw new IllegalArgumentException("play opens a window and needs a display (DISPLAY is not set); "
                    + "use --no-window, or 'downbeat generate'");
        }
        HostCallbacks log = new HostCallbacks() {
            @Override public void beginEdit(int index) { }
            @Override public void performEdit(int index, float normalized) { }
            @Override public void endEdit(int index) { }
            @Override public void log(String message) { System.err.println("downbeat play: " + message); }
        };
        StandaloneApp app;
        try {
            app = StandaloneApp.start(output, tempo, jack, log);
        } catch (JackUnavailableException e) {
            System.err.println("downbeat play: --audio jack: " + e.getMessage());
            return EXIT_NO_JACK;
        }
        try (app) {
            if (noWindow) return playHeadless(app, quarters);
            app.show("Downbeat");
            if (!app.status().startsWith("Sound:")) System.err.println("downbeat play: " + app.status());
            if (playAtOnce || quarters != null) app.play(quarters);
            app.awaitClose();
        }
        return 0;
    }

    /** The play length in quarter notes, or null for no end. */
    private Double playLength() {
        if (length == null) return null;
        if (length.bars != null) {
            if (length.bars < 1 || length.bars > 100_000) throw new IllegalArgumentException("--bars " + length.bars + " is outside 1..100000");
            return length.bars * 4.0;
        }
        double s = length.seconds;
        if (!(s > 0) || s > 86_400) throw new IllegalArgumentException("--seconds " + s + " is outside 0..86400");
        return s * tempo / 60.0;
    }

    private static int playHeadless(StandaloneApp app, Double quarters) throws InterruptedException {
        System.err.println("downbeat play: " + app.status());
        JackOutput playing = app.jack();
        // Ctrl+C (or SIGTERM): say what was sent, and let JACK see the client leave.
        Thread stopper = new Thread(() -> {
            if (playing != null) System.out.println("downbeat play: stopped, " + lateness(app.lateSteps()) + "; " + sent(playing));
            app.close();
        }, "Downbeat play stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        // Following JACK's transport, whoever drives it (jack_transport, a DAW) starts and stops the play.
        if (!app.followsJackTransport()) app.play(quarters);
        int bufferSize = playing == null ? 0 : playing.bufferSize();
        while (!app.finishedPlaying()) {
            if (app.jackGone() != null) return jackGone(app, stopper);
            Throwable failure = playing == null ? null : playing.allocation().firstFailure();
            if (failure != null) {
                System.err.println("downbeat play: the JACK process callback failed and plays nothing: " + failure);
                return dev.downbeat.app.DownbeatCli.EXIT_FAILURE;
            }
            if (playing != null && playing.bufferSize() != bufferSize) {
                bufferSize = playing.bufferSize();
                System.err.println("downbeat play: JACK's buffer size is now " + bufferSize + " frames");
            }
            Thread.sleep(10);
        }
        // The last notes' note-offs go out as the transport stops; let the room ring out before leaving.
        long tailEnd = System.nanoTime() + (long) (Math.max(0.25, Math.min(2.0, app.tailSeconds())) * 1e9);
        while (System.nanoTime() < tailEnd) {
            if (app.jackGone() != null) return jackGone(app, stopper);
            Thread.sleep(10);
        }
        Runtime.getRuntime().removeShutdownHook(stopper);
        String played = String.format(Locale.ROOT, "downbeat play: played %.2f quarter notes, %s", quarters,
                lateness(app.lateSteps()));
        System.out.println(played + (playing != null ? "; " + sent(playing) : " (" + app.audioDescription() + ")"));
        return 0;
    }

    /** Whether every step found its bar written in time; a late step is never lost without a word. */
    static String lateness(long lateSteps) {
        if (lateSteps == 0) return "every step in time";
        return lateSteps + (lateSteps == 1 ? " step" : " steps") + " late (the bar writer had not written "
                + (lateSteps == 1 ? "it" : "them") + " in time: played as a rest, or as written before a temperature change)";
    }

    /** What went out on JACK, and what the process callback allocated. */
    private static String sent(JackOutput jack) {
        JackCycle cycle = jack.cycle();
        return cycle.noteOnsSent() + " note-ons sent on " + jack.clientName() + ":midi_out, " + cycle.messagesLost()
                + " MIDI messages lost; " + jack.allocation().summary() + String.format(Locale.ROOT,
                        " (a cycle of %d frames lasts %.0f us)", jack.bufferSize(), jack.bufferSize() * 1e6 / jack.sampleRate());
    }

    private static int jackGone(StandaloneApp app, Thread stopper) {
        Runtime.getRuntime().removeShutdownHook(stopper);
        System.err.println("downbeat play: " + app.jackGone() + "; stopping (without a window there is nothing left to do)");
        return EXIT_JACK_GONE;
    }
}
