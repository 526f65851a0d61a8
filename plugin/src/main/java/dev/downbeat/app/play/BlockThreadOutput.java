package dev.downbeat.app.play;

import java.util.concurrent.locks.LockSupport;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;

/**
 * Sound through Java Sound (the system's default output line), or, with no line at all, a silent
 * clock that runs the same block loop in real time so the transport, the generation and the editor
 * behave exactly as with sound. Either way a thread of its own, "Downbeat audio", is the audio
 * thread: it renders a block, then hands it to the line (whose write paces it) or sleeps until the
 * block's time has passed.
 */
final class BlockThreadOutput implements AudioOutput {
    static final int BLOCK = 256;

    private final TransportDriver driver;
    private final SourceDataLine line; // null: silent clock
    private final String description;
    private final Thread thread;
    private volatile boolean running = true;

    private BlockThreadOutput(TransportDriver driver, SourceDataLine line, String description) {
        this.driver = driver;
        this.line = line;
        this.description = description;
        this.thread = new Thread(this::loop, "Downbeat audio");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    /**
     * The default Java Sound output at {@code sampleRate}, 16-bit stereo.
     *
     * @throws LineUnavailableException when the system has no such line (no sound device)
     */
    static BlockThreadOutput javaSound(TransportDriver driver) throws LineUnavailableException {
        AudioFormat format = new AudioFormat((float) driver.sampleRate(), 16, 2, true, false);
        SourceDataLine line;
        try {
            line = AudioSystem.getSourceDataLine(format);
        } catch (IllegalArgumentException | SecurityException e) {
            throw new LineUnavailableException("no audio output line (" + e.getMessage() + ")");
        }
        line.open(format, BLOCK * 4 * 8); // 8 blocks of latency: ~43 ms at 48 kHz
        line.start();
        return new BlockThreadOutput(driver, line, "Java Sound " + (int) driver.sampleRate() + " Hz, " + line.getBufferSize() / 4 + " frames");
    }

    /** No device: the same loop in real time, output discarded. */
    static BlockThreadOutput silent(TransportDriver driver, String why) {
        return new BlockThreadOutput(driver, null, why);
    }

    private void loop() {
        float[] left = new float[BLOCK], right = new float[BLOCK];
        byte[] bytes = new byte[BLOCK * 4];
        TransportDriver.AudioSink sink = (l, r, offset, frames) -> {
            System.arraycopy(l, 0, left, offset, frames);
            System.arraycopy(r, 0, right, offset, frames);
        };
        long blockNanos = (long) (BLOCK * 1e9 / driver.sampleRate());
        long next = System.nanoTime();
        while (running) {
            driver.render(BLOCK, sink);
            if (line != null) {
                for (int i = 0; i < BLOCK; i++) {
                    int l = pcm(left[i]), r = pcm(right[i]);
                    bytes[4 * i] = (byte) l;
                    bytes[4 * i + 1] = (byte) (l >> 8);
                    bytes[4 * i + 2] = (byte) r;
                    bytes[4 * i + 3] = (byte) (r >> 8);
                }
                line.write(bytes, 0, bytes.length);
            } else {
                next += blockNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                else if (wait < -100 * blockNanos) next = System.nanoTime(); // suspended: do not race to catch up
            }
        }
    }

    private static int pcm(float sample) {
        float clamped = Math.max(-1f, Math.min(1f, sample));
        return Math.round(clamped * 32767f);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean audible() {
        return line != null;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (line != null) {
            line.stop();
            line.close();
        }
    }
}
