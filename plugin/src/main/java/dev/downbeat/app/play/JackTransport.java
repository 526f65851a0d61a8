package dev.downbeat.app.play;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.PointerType;
import java.lang.reflect.Field;
import org.jaudiolibs.jnajack.JackClient;

/**
 * JACK's transport as the process thread reads it each cycle: rolling or not, and where, in
 * quarter notes (from a timebase master's bar/beat/tick when one runs, else from the frame at the
 * app's tempo). jnajack's {@code transportQuery} fills a JNA {@code Structure}, which allocates on
 * every call; this binds {@code jack_transport_query} directly and reads the fields from one block
 * of native memory, so a query allocates nothing.
 *
 * <p>Threads: {@link #open} on the main thread; {@link #query} and the getters on JACK's process
 * thread, which owns the fields; {@link #start}/{@link #stop} on any other thread.
 */
final class JackTransport {
    // jack_position_t (jack/types.h): the offsets of the fields read here.
    private static final int FRAME_RATE = 16, FRAME = 20, VALID = 24, BAR = 28, BEAT = 32, TICK = 36,
            BEATS_PER_BAR = 48, BEAT_TYPE = 52, TICKS_PER_BEAT = 56, BEATS_PER_MINUTE = 64;
    private static final int POSITION_BBT = 0x10;
    private static final int ROLLING = 1;
    private static final int POSITION_SIZE = 256; // the struct is 136 bytes; room to spare

    static {
        Native.register("jack");
    }

    private static native int jack_transport_query(Pointer client, Pointer position);

    private static native void jack_transport_start(Pointer client);

    private static native void jack_transport_stop(Pointer client);

    private static native int jack_transport_locate(Pointer client, int frame);

    private final Pointer client;
    private final Memory position = new Memory(POSITION_SIZE);
    private boolean rolling, bbt; // process thread
    private double quarters, tempoBpm;

    private JackTransport(Pointer client) {
        this.client = client;
    }

    /**
     * Binds to {@code client}'s native handle (jnajack keeps it in a package-private field).
     *
     * @throws IllegalStateException when this jnajack has no such field (the message says so)
     */
    static JackTransport open(JackClient client) {
        try {
            Field f = JackClient.class.getDeclaredField("clientPtr");
            f.setAccessible(true);
            return new JackTransport(((PointerType) f.get(client)).getPointer());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new IllegalStateException("--jack-transport: cannot reach the JACK client's handle in this jnajack (" + e + ")", e);
        }
    }

    /** Reads the transport for this cycle; {@code ownTempo} places the frame when no timebase master runs. */
    void query(double ownTempo) {
        rolling = jack_transport_query(client, position) == ROLLING;
        bbt = (position.getInt(VALID) & POSITION_BBT) != 0 && position.getDouble(TICKS_PER_BEAT) > 0
                && position.getFloat(BEAT_TYPE) > 0 && position.getDouble(BEATS_PER_MINUTE) > 1;
        if (bbt) {
            double beatsPerBar = position.getFloat(BEATS_PER_BAR);
            double beats = (position.getInt(BAR) - 1) * beatsPerBar + (position.getInt(BEAT) - 1)
                    + position.getInt(TICK) / position.getDouble(TICKS_PER_BEAT);
            double beatType = position.getFloat(BEAT_TYPE);
            quarters = beats * 4.0 / beatType;
            tempoBpm = position.getDouble(BEATS_PER_MINUTE) * 4.0 / beatType;
        } else {
            long frame = position.getInt(FRAME) & 0xFFFFFFFFL;
            int rate = position.getInt(FRAME_RATE);
            tempoBpm = ownTempo;
            quarters = rate > 0 ? frame / (double) rate * ownTempo / 60.0 : 0;
        }
    }

    boolean rolling() {
        return rolling;
    }

    /** Whether a timebase master gave bar, beat and tick (else the position is the frame at the app's tempo). */
    boolean bbt() {
        return bbt;
    }

    double quarters() {
        return quarters;
    }

    double tempoBpm() {
        return tempoBpm;
    }

    /** Locates JACK's transport to frame 0 and starts it (the app's Play). Not the process thread. */
    void start() {
        jack_transport_locate(client, 0);
        jack_transport_start(client);
    }

    /** Stops JACK's transport (the app's Stop). Not the process thread. */
    void stop() {
        jack_transport_stop(client);
    }
}
