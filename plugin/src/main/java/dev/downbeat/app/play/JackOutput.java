package dev.downbeat.app.play;

import dev.downbeat.plugin.core.DownbeatInstrument;
import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackMidi;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackStatus;

/**
 * Sound and MIDI through a running JACK server (never starts one): a client (normally
 * "downbeat") with audio out ports {@code out_L}, {@code out_R} and a MIDI out port
 * {@code midi_out}, connected where {@link JackSettings} asks. The instrument runs at the server's
 * sample rate; any buffer size, including one changed while running, is rendered in blocks the
 * instrument was prepared for. JACK's process thread is the audio thread.
 *
 * <p>The process callback also measures, with {@code ThreadMXBean}, what it allocates itself and
 * what jnajack/JNA allocate on the same thread around it (see {@link #allocation}).
 */
final class JackOutput implements AudioOutput {
    /** The largest block the instrument is prepared for; longer JACK cycles are rendered in pieces. */
    static final int MAX_BLOCK = 8192;

    private final JackClient client;
    private final TransportDriver driver;
    private final JackCycle cycle;
    private final CallbackAllocation allocation;
    private final int sampleRate;
    private final boolean followsTransport;
    private volatile String connections = "not connected";
    private volatile int bufferSize;
    private volatile boolean serverGone;
    private boolean closed; // main thread

    private JackOutput(JackClient client, TransportDriver driver, JackCycle cycle, CallbackAllocation allocation,
            int sampleRate, int bufferSize, boolean followsTransport) {
        this.client = client;
        this.driver = driver;
        this.cycle = cycle;
        this.allocation = allocation;
        this.sampleRate = sampleRate;
        this.bufferSize = bufferSize;
        this.followsTransport = followsTransport;
    }

    /**
     * Connects to JACK, prepares the instrument for its rate, makes the ports and connections, and
     * starts the process callback (the transport stands until the app plays). Main thread.
     *
     * @param serverGone called once, on a thread of its own, when the server shuts down or kicks the client out
     * @throws JackUnavailableException when JACK's library is missing or no server runs (the message says which)
     * @throws IllegalArgumentException when a port named in {@code settings} does not exist (nothing stays open)
     */
    static JackOutput open(DownbeatInstrument instrument, double tempoBpm, JackSettings settings,
            Consumer<String> serverGone) throws JackUnavailableException {
        Jack jack;
        JackClient client;
        EnumSet<JackStatus> status = EnumSet.noneOf(JackStatus.class);
        try {
            jack = Jack.getInstance();
        } catch (JackException | LinkageError e) {
            throw new JackUnavailableException("JACK's library (libjack) is not installed or cannot be loaded: " + e.getMessage(), e);
        }
        try {
            client = jack.openClient(settings.clientName(), EnumSet.of(JackOptions.JackNoStartServer), status);
        } catch (JackException e) {
            throw new JackUnavailableException(status.contains(JackStatus.JackServerFailed) || status.isEmpty()
                    ? "no JACK server is running (server \"" + JackSettings.serverName() + "\"); start one, e.g. "
                            + "'jackd -d alsa' or 'jackd -d dummy', or choose --audio auto, javasound or none"
                    : "JACK refused the client \"" + settings.clientName() + "\" (" + status + ")", e);
        }
        JackOutput active = null;
        try {
            int rate = client.getSampleRate();
            instrument.prepare(rate, MAX_BLOCK);
            TransportDriver driver = new TransportDriver(instrument, rate, MAX_BLOCK, tempoBpm);
            JackPort left = client.registerPort("out_L", JackPortType.AUDIO, JackPortFlags.JackPortIsOutput);
            JackPort right = client.registerPort("out_R", JackPortType.AUDIO, JackPortFlags.JackPortIsOutput);
            JackPort midi = client.registerPort("midi_out", JackPortType.MIDI, JackPortFlags.JackPortIsOutput);
            JackCycle cycle = new JackCycle(driver, new MidiPortOf(midi));
            CallbackAllocation allocation = new CallbackAllocation();
            JackTransport transport = settings.followTransport() ? JackTransport.open(client) : null;
            if (transport != null) {
                driver.follow(new TransportDriver.Remote() {
                    @Override public void start() { transport.start(); }
                    @Override public void stop() { transport.stop(); }
                });
            }
            client.setProcessCallback((c, frames) -> {
                allocation.enter(); // also marks the callback as running (see close)
                try {
                    if (transport != null) {
                        transport.query(driver.tempoBpm());
                        driver.locate(transport.rolling(), transport.quarters(), transport.tempoBpm());
                    }
                    FloatBuffer l = left.getFloatBuffer(), r = right.getFloatBuffer();
                    if (l.capacity() >= frames && r.capacity() >= frames) cycle.run(l, r, frames);
                    else allocation.tooShort(); // jnajack kept buffers of an older, smaller size (see PortBufferReset)
                } catch (Throwable t) {
                    // Never into JACK: the instrument silences and reports its own failures; what
                    // fails here is the app's own code, kept for a non-audio thread to report.
                    allocation.failed(t);
                }
                allocation.exit();
                return true;
            });
            JackOutput output = new JackOutput(client, driver, cycle, allocation, rate, client.getBufferSize(), transport != null);
            client.setBuffersizeCallback((c, frames) -> {
                PortBufferReset.forget(left, right, midi);
                output.bufferSize = frames;
            });
            client.onShutdown(c -> {
                output.serverGone = true;
                Thread notify = new Thread(() -> serverGone.accept("the JACK server \"" + JackSettings.serverName()
                        + "\" went away (it stopped or dropped the client)"), "Downbeat JACK shutdown");
                notify.setDaemon(true);
                notify.start();
            });
            client.activate();
            active = output;
            output.connections = connect(jack, client, settings, left, right, midi);
            return output;
        } catch (JackException | RuntimeException | LinkageError e) {
            if (active != null) active.close(); // deactivates and waits for the callback, as any close
            else client.close();
            if (e instanceof RuntimeException r) throw r;
            throw new JackUnavailableException("JACK failed while setting up the client: " + e, e);
        }
    }

    /** Makes the connections the settings ask for; says what is connected. */
    private static String connect(Jack jack, JackClient client, JackSettings settings, JackPort left, JackPort right,
            JackPort midi) throws JackException {
        List<String> said = new ArrayList<>();
        List<String> audioTo = new ArrayList<>(settings.audioTo());
        if (settings.connectPlayback()) {
            String[] playback = jack.getPorts(client, "", JackPortType.AUDIO,
                    EnumSet.of(JackPortFlags.JackPortIsInput, JackPortFlags.JackPortIsPhysical));
            if (playback.length == 0) throw new IllegalArgumentException("--connect: JACK has no physical playback ports");
            // A mono device gets both channels.
            audioTo.addAll(0, List.of(playback[0], playback[playback.length > 1 ? 1 : 0]));
        }
        if (!audioTo.isEmpty()) {
            String[] inputs = jack.getPorts(client, "", JackPortType.AUDIO, EnumSet.of(JackPortFlags.JackPortIsInput));
            for (int i = 0; i < audioTo.size(); i += 2) {
                connectOne(jack, client, left, audioTo.get(i), inputs, "--audio-to");
                connectOne(jack, client, right, audioTo.get(i + 1), inputs, "--audio-to");
                said.add("audio to " + audioTo.get(i) + ", " + audioTo.get(i + 1));
            }
        }
        if (!settings.midiTo().isEmpty()) {
            String[] inputs = jack.getPorts(client, "", JackPortType.MIDI, EnumSet.of(JackPortFlags.JackPortIsInput));
            for (String port : settings.midiTo()) connectOne(jack, client, midi, port, inputs, "--midi-to");
            said.add("MIDI to " + String.join(", ", settings.midiTo()));
        }
        return said.isEmpty() ? "not connected" : String.join("; ", said);
    }

    private static void connectOne(Jack jack, JackClient client, JackPort from, String to, String[] inputs, String option)
            throws JackException {
        if (!Arrays.asList(inputs).contains(to)) {
            throw new IllegalArgumentException(option + " " + to + ": JACK has no such input port (it has: "
                    + (inputs.length == 0 ? "none" : String.join(", ", inputs)) + ")");
        }
        jack.connect(client, from.getName(), to);
    }

    /** The transport the callback plays. */
    TransportDriver driver() {
        return driver;
    }

    /** The client's name as JACK gave it (JACK appends a number when the name is taken). */
    String clientName() {
        return client.getName();
    }

    int sampleRate() {
        return sampleRate;
    }

    /** JACK's current buffer size: follows changes made while running. Any thread. */
    int bufferSize() {
        return bufferSize;
    }

    /** Whether the server shut down under us. Any thread. */
    boolean serverGone() {
        return serverGone;
    }

    JackCycle cycle() {
        return cycle;
    }

    /** What the process callback allocated so far. Any thread. */
    CallbackAllocation allocation() {
        return allocation;
    }

    @Override
    public String description() {
        return "JACK " + sampleRate + " Hz, " + bufferSize + " frames, client " + client.getName() + " (out_L, out_R, midi_out; "
                + connections + ")" + (followsTransport ? ", following JACK's transport" : "");
    }

    @Override
    public boolean audible() {
        return !serverGone;
    }

    /**
     * Stops the client. Closing a JACK client stops its threads (JACK2 cancels them); closed right
     * after the server died, while the process thread could still be in the Java callback, the JVM
     * was left a thread it could not detach and crashed seconds later. So the client is deactivated
     * first (no more cycles) and closed only once the process thread has left the callback and no
     * cycle ran for a few periods. Main thread, or the thread that reports the server gone.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (!serverGone) client.deactivate();
        awaitCallbackLeft();
        client.close();
    }

    /** Waits (at most a second) until no cycle has run for a few periods and none is running. */
    private void awaitCallbackLeft() {
        long quietNanos = Math.max(20_000_000L, 4L * bufferSize * 1_000_000_000L / Math.max(1, sampleRate));
        long end = System.nanoTime() + 1_000_000_000L;
        long seen = allocation.cycles(), quietSince = System.nanoTime();
        while (System.nanoTime() < end) {
            long now = System.nanoTime();
            if (allocation.running() || allocation.cycles() != seen) {
                seen = allocation.cycles();
                quietSince = now;
            } else if (now - quietSince >= quietNanos) {
                return;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** jnajack's MIDI port for {@link JackCycle}. JACK's process thread. */
    private static final class MidiPortOf implements JackCycle.MidiPort {
        private final JackPort port;

        MidiPortOf(JackPort port) {
            this.port = port;
        }

        @Override
        public void clear() {
            try {
                JackMidi.clearBuffer(port);
            } catch (JackException e) {
                // Only a failed native call throws; the next write fails too and counts as lost.
            }
        }

        @Override
        public boolean write(int frame, byte[] message, int length) {
            try {
                JackMidi.eventWrite(port, frame, message, length);
                return true;
            } catch (JackException e) {
                return false;
            }
        }
    }

    /**
     * Bytes allocated on JACK's process thread, measured with {@code ThreadMXBean}: inside the
     * callback (the app's own code: must be nothing once warm) and between callbacks (jnajack's and
     * JNA's dispatch around it, outside the app's control). Written by the process thread only.
     */
    static final class CallbackAllocation {
        private final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private long entered, exited = -1, enteredNanos; // process thread
        private volatile long totalNanos, worstNanos;
        private volatile boolean running;
        private volatile Throwable firstFailure;
        private volatile long cycles, allocatingCycles, lastAllocatingCycle = -1, insideBytes, aroundBytes, aroundCycles, failures, tooShort;

        void enter() {
            running = true;
            enteredNanos = System.nanoTime();
            entered = threads.getCurrentThreadAllocatedBytes();
            if (exited >= 0) {
                aroundBytes += entered - exited;
                aroundCycles++;
            }
        }

        void failed(Throwable t) {
            if (failures == 0) firstFailure = t;
            failures++;
        }

        /** The first exception the callback caught, or null. */
        Throwable firstFailure() {
            return firstFailure;
        }

        void tooShort() {
            tooShort++;
        }

        /** Cycles skipped because jnajack's port buffers were shorter than the cycle. */
        long tooShortCycles() {
            return tooShort;
        }

        void exit() {
            exited = threads.getCurrentThreadAllocatedBytes();
            long bytes = exited - entered;
            if (bytes > 0) {
                insideBytes += bytes;
                allocatingCycles++;
                lastAllocatingCycle = cycles;
            }
            long nanos = System.nanoTime() - enteredNanos;
            totalNanos += nanos;
            if (nanos > worstNanos) worstNanos = nanos;
            cycles++;
            running = false;
        }

        /** Mean time in the callback, in microseconds. */
        double meanMicros() {
            long n = cycles;
            return n == 0 ? 0 : totalNanos / 1000.0 / n;
        }

        /** Longest time in one callback, in microseconds. */
        double worstMicros() {
            return worstNanos / 1000.0;
        }

        /** Whether the process thread is inside the callback now. */
        boolean running() {
            return running;
        }

        /** Callbacks measured. */
        long cycles() {
            return cycles;
        }

        /** Callbacks in which the app's own code allocated anything. */
        long allocatingCycles() {
            return allocatingCycles;
        }

        /** The last callback (counted from 0) that allocated, -1 if none did. */
        long lastAllocatingCycle() {
            return lastAllocatingCycle;
        }

        /** Bytes the app's own code allocated in all callbacks. */
        long insideBytes() {
            return insideBytes;
        }

        /** Bytes allocated on the thread between callbacks, per callback (jnajack/JNA dispatch). */
        double aroundBytesPerCycle() {
            long n = aroundCycles;
            return n == 0 ? 0 : (double) aroundBytes / n;
        }

        /** Callbacks that threw (the instrument catches its own errors, so this should stay 0). */
        long failures() {
            return failures;
        }

        /** One line for the log. */
        String summary() {
            return "JACK process callback: " + cycles() + " cycles; the app's code allocated " + insideBytes() + " bytes in "
                    + allocatingCycles() + " of them (last in cycle " + lastAllocatingCycle() + "); jnajack/JNA dispatch around it: "
                    + String.format(java.util.Locale.ROOT, "%.0f", aroundBytesPerCycle()) + " bytes a cycle; "
                    + failures() + " callback failures, " + tooShortCycles() + " cycles skipped for short port buffers; "
                    + String.format(java.util.Locale.ROOT, "time in the callback: mean %.0f us, worst %.0f us", meanMicros(), worstMicros());
        }
    }
}
