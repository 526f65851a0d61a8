package dev.downbeat.app.play;

import dev.downbeat.plugin.core.HostCallbacks;
import java.awt.GraphicsEnvironment;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code downbeat play}: the standalone app. Main thread. */
@Command(name = "play", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Open Downbeat as a desktop app: press Play and hear a new pattern each time;",
            "edit the seed, audition variations, drag or export the bars as MIDI.",
            "Sound goes to JACK when a server runs, else to the system's sound device; with neither it",
            "says so and everything but the sound still works."})
public final class PlayCommand implements Callable<Integer> {
    @Option(names = "--tempo", paramLabel = "BPM", defaultValue = "120", description = "Tempo, 20..300. Default: 120.")
    double tempo;

    @Option(names = "--audio", paramLabel = "OUTPUT", defaultValue = "auto",
            description = "Where the sound goes: auto (JACK, else Java Sound), jack, javasound or none. Default: auto.")
    String audio;

    @Override
    public Integer call() throws Exception {
        if (tempo < 20 || tempo > 300) throw new IllegalArgumentException("--tempo " + tempo + " is outside 20..300");
        StandaloneApp.Audio output;
        try {
            output = StandaloneApp.Audio.valueOf(audio.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--audio " + audio + ": choose auto, jack, javasound or none");
        }
        if (GraphicsEnvironment.isHeadless()) {
            throw new IllegalArgumentException("play opens a window and needs a display (DISPLAY is not set); "
                    + "'downbeat generate' works without one");
        }
        HostCallbacks log = new HostCallbacks() {
            @Override public void beginEdit(int index) { }
            @Override public void performEdit(int index, float normalized) { }
            @Override public void endEdit(int index) { }
            @Override public void log(String message) { System.err.println("downbeat play: " + message); }
        };
        try (StandaloneApp app = StandaloneApp.start(output, tempo, log)) {
            app.show("Downbeat");
            if (!app.status().startsWith("Sound:")) System.err.println("downbeat play: " + app.status());
            app.awaitClose();
        }
        return 0;
    }
}
