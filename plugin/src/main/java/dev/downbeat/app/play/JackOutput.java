package dev.downbeat.app.play;

import dev.downbeat.plugin.core.DownbeatInstrument;
import java.nio.FloatBuffer;
import java.util.EnumSet;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackStatus;

/**
 * Sound through a running JACK server (never starts one): a client "Downbeat" with ports out_left
 * and out_right, connected to the first two physical playback ports when there are any. JACK's
 * process thread is the audio thread.
 */
final class JackOutput implements AudioOutput {
    private final JackClient client;
    private final String description;

    private JackOutput(JackClient client, String description) {
        this.client = client;
        this.description = description;
    }

    /**
     * Connects to JACK and starts playing; the driver is made for JACK's rate and buffer size.
     *
     * @throws JackException when JACK's library is missing or no server runs (the message says which)
     */
    static JackOutput open(DownbeatInstrument instrument, double tempoBpm, DriverSink driverSink) throws JackException {
        Jack jack = Jack.getInstance();
        JackClient client = jack.openClient("Downbeat", EnumSet.of(JackOptions.JackNoStartServer), EnumSet.noneOf(JackStatus.class));
        try {
            int rate = client.getSampleRate();
            // JACK may change its buffer size later: prepare for the largest block a bridge may see.
            int maxBlock = Math.max(8192, client.getBufferSize());
            instrument.prepare(rate, maxBlock);
            TransportDriver driver = new TransportDriver(instrument, rate, maxBlock, tempoBpm);
            JackPort left = client.registerPort("out_left", JackPortType.AUDIO, JackPortFlags.JackPortIsOutput);
            JackPort right = client.registerPort("out_right", JackPortType.AUDIO, JackPortFlags.JackPortIsOutput);
            Sink sink = new Sink();
            client.setProcessCallback((c, frames) -> {
                try {
                    sink.left = left.getFloatBuffer();
                    sink.right = right.getFloatBuffer();
                    driver.render(frames, sink);
                } catch (Throwable t) {
                    return true; // the instrument already silences and reports its own failures
                }
                return true;
            });
            client.activate();
            String[] playback = jack.getPorts(client, "", JackPortType.AUDIO,
                    EnumSet.of(JackPortFlags.JackPortIsInput, JackPortFlags.JackPortIsPhysical));
            if (playback.length >= 2) {
                jack.connect(client, client.getName() + ":out_left", playback[0]);
                jack.connect(client, client.getName() + ":out_right", playback[1]);
            }
            driverSink.accept(driver);
            return new JackOutput(client, "JACK " + rate + " Hz, " + client.getBufferSize() + " frames"
                    + (playback.length >= 2 ? ", to " + playback[0] + " and " + playback[1] : ", not connected"));
        } catch (JackException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Receives the driver the output runs, so the app can bind its transport to it. */
    interface DriverSink {
        void accept(TransportDriver driver);
    }

    /** Copies blocks into this cycle's port buffers. JACK's process thread. */
    private static final class Sink implements TransportDriver.AudioSink {
        FloatBuffer left, right;

        @Override
        public void write(float[] l, float[] r, int offset, int frames) {
            left.position(offset);
            left.put(l, 0, frames);
            right.position(offset);
            right.put(r, 0, frames);
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean audible() {
        return true;
    }

    @Override
    public void close() {
        client.deactivate();
        client.close();
    }
}
