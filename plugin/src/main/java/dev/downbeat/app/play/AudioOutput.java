package dev.downbeat.app.play;

/**
 * A running sound output that pulls audio from a {@link TransportDriver}. Created already running;
 * {@link #close} from the thread that made it.
 */
interface AudioOutput extends AutoCloseable {
    /** What plays, for the status line, e.g. "JACK 48000 Hz, 256 frames". */
    String description();

    /** Whether sound actually reaches a device (false for the silent clock). */
    boolean audible();

    @Override
    void close();
}
