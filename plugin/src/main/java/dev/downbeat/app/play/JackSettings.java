package dev.downbeat.app.play;

import java.util.List;

/**
 * How the app meets JACK: its client name and where its ports are connected once it runs.
 *
 * @param clientName the JACK client name asked for (JACK appends a number when it is taken)
 * @param connectPlayback connect out_L/out_R to the first two physical playback ports (system:playback_1/2)
 * @param audioTo empty, or two input ports out_L and out_R are connected to (as well, with {@code connectPlayback})
 * @param midiTo the MIDI input ports midi_out is connected to (any number)
 * @param followTransport follow JACK's transport (Play/Stop start and stop it) instead of the app's own
 */
record JackSettings(String clientName, boolean connectPlayback, List<String> audioTo, List<String> midiTo,
        boolean followTransport) {
    /** The client name a JACK user expects for Downbeat. */
    static final String CLIENT_NAME = "downbeat";

    /** No connections: the user patches (qjackctl, jack_connect, a session manager). */
    static final JackSettings UNCONNECTED = new JackSettings(CLIENT_NAME, false, List.of(), List.of(), false);

    JackSettings {
        if (clientName == null || clientName.isBlank()) throw new IllegalArgumentException("--jack-name must not be empty");
        audioTo = List.copyOf(audioTo);
        midiTo = List.copyOf(midiTo);
        if (!audioTo.isEmpty() && audioTo.size() != 2) {
            throw new IllegalArgumentException("--audio-to takes two ports, for out_L and out_R (got " + audioTo.size() + ": "
                    + String.join(",", audioTo) + ")");
        }
    }

    /** The server libjack talks to: $JACK_DEFAULT_SERVER, else "default". */
    static String serverName() {
        String name = System.getenv("JACK_DEFAULT_SERVER");
        return name == null || name.isBlank() ? "default" : name;
    }
}
