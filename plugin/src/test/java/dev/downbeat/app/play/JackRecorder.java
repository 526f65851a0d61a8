package dev.downbeat.app.play;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
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
 * The standalone stage's recorder (tests/stages/45-standalone-jack.sh): a JACK client "recorder"
 * with audio inputs {@code in_L}, {@code in_R} and a MIDI input {@code midi_in} that records both
 * on one clock, JACK's frame time, so audio onsets and MIDI events can be compared frame by frame.
 * Runs until the file {@code STOP} appears, then writes {@code OUT.wav} (32-bit float stereo, from
 * the first recorded frame), {@code OUT.midi.txt} ("frame status data1 data2" per line, frames in
 * the recording's own count from 0) and {@code OUT.info.txt} (rate, frames, largest cycle seen, and
 * a line for every discontinuity while recording, see {@link RecorderTake}).
 *
 * <p>What a late client can see of a cycle. The recorder reads the sender's port buffer itself
 * (JACK2 passes a single connection's buffer through), and when a client runs late JACK starts the
 * next cycle anyway: the sender then rewrites that buffer while or before the recorder reads it, so
 * the late cycle's MIDI may be cut short (jack_midi_event_get fails: "torn"), or hold the next
 * cycle's events, and a cycle the recorder never got to before its buffer was rewritten is lost
 * ("gap"). None of that can be recovered here; it is logged with its frame so the checks excuse
 * exactly those frames. Two reads of one buffer are put right ({@link RecorderTake} records such a
 * re-read once): a late callback and the one after it at the same frame time, and a late callback
 * that read the next cycle's buffer, which the next callback reads again a period later.
 *
 * <p>Usage: {@code JackRecorder OUT STOP [maxSeconds]}. Threads: main sets up and waits; JACK's
 * process thread records (this is test code: it allocates a little per MIDI event and discontinuity).
 */
public final class JackRecorder {
    private final float[] left, right;
    private final RecorderTake take = new RecorderTake(200_000);
    private volatile int frames, largestCycle;
    private volatile long firstFrameTime = -1; // written by the process thread

    private JackRecorder(int capacity) {
        left = new float[capacity];
        right = new float[capacity];
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path stop = Path.of(args[1]);
        double maxSeconds = args.length > 2 ? Double.parseDouble(args[2]) : 120;
        Jack jack = Jack.getInstance();
        JackClient client = jack.openClient("recorder", EnumSet.of(JackOptions.JackNoStartServer, JackOptions.JackUseExactName),
                EnumSet.noneOf(JackStatus.class));
        int rate = client.getSampleRate();
        JackRecorder recorder = new JackRecorder((int) (maxSeconds * rate));
        JackPort inL = client.registerPort("in_L", JackPortType.AUDIO, JackPortFlags.JackPortIsInput);
        JackPort inR = client.registerPort("in_R", JackPortType.AUDIO, JackPortFlags.JackPortIsInput);
        JackPort midiIn = client.registerPort("midi_in", JackPortType.MIDI, JackPortFlags.JackPortIsInput);
        JackMidi.Event event = new JackMidi.Event();
        client.setProcessCallback((c, n) -> {
            try {
                recorder.record(c, inL.getFloatBuffer(), inR.getFloatBuffer(), midiIn, event, n);
            } catch (Exception e) {
                e.printStackTrace();
            }
            return true;
        });
        client.setBuffersizeCallback((c, n) -> {
            PortBufferReset.forget(inL, inR, midiIn);
            recorder.discontinuity("bufsize", c);
        });
        client.setXrunCallback(c -> recorder.discontinuity("xrun", c));
        client.activate();
        System.out.println("recorder: recording at " + rate + " Hz until " + stop + " appears");
        long end = System.nanoTime() + (long) (maxSeconds * 1e9);
        while (!Files.exists(stop) && System.nanoTime() < end) Thread.sleep(20);
        client.deactivate();
        client.close();
        recorder.write(out, rate);
        System.exit(0);
    }

    private void record(JackClient c, FloatBuffer l, FloatBuffer r, JackPort midiIn, JackMidi.Event event, int n) throws Exception {
        long now = c.getLastFrameTime();
        if (firstFrameTime < 0) firstFrameTime = now;
        // Where this cycle sits in the recording: by JACK's clock, so a skipped cycle leaves a gap of silence.
        long at = now - firstFrameTime;
        largestCycle = Math.max(largestCycle, n);
        take.beginCycle(at, n);
        if (at + n > left.length || l.capacity() < n || r.capacity() < n) {
            take.endCycle(false);
            return;
        }
        l.get(0, left, (int) at, n);
        r.get(0, right, (int) at, n);
        int count = JackMidi.getEventCount(midiIn);
        for (int i = 0; i < count; i++) {
            try {
                JackMidi.eventGet(event, midiIn, i);
            } catch (JackException e) { // jnajack's ENOBUF: fewer events than counted, the buffer changed
                take.torn();
                break;
            }
            byte[] data = new byte[event.size()];
            event.read(data);
            take.event(event.time(), data);
        }
        frames = (int) Math.max(frames, at + n);
        take.endCycle(c.getLastFrameTime() != now);
    }

    /** An xrun or a buffer size change: where it happened in the recording's frames. JACK's notification thread. */
    private void discontinuity(String what, JackClient c) {
        try {
            long first = firstFrameTime;
            if (first >= 0) take.notice(what, c.getFrameTime() - first);
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    private void write(Path out, int rate) throws IOException {
        int n = frames;
        ByteBuffer wav = ByteBuffer.allocate(44 + n * 8).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + n * 8).put("WAVE".getBytes());
        wav.put("fmt ".getBytes()).putInt(16).putShort((short) 3).putShort((short) 2).putInt(rate).putInt(rate * 8)
                .putShort((short) 8).putShort((short) 32);
        wav.put("data".getBytes()).putInt(n * 8);
        for (int i = 0; i < n; i++) wav.putFloat(left[i]).putFloat(right[i]);
        Files.write(Path.of(out + ".wav"), wav.array());
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(out + ".midi.txt")))) {
            for (int i = 0; i < take.count(); i++) {
                StringBuilder line = new StringBuilder().append(take.frame(i));
                for (byte b : take.data(i)) line.append(' ').append(b & 0xFF);
                w.println(line);
            }
        }
        StringBuilder xruns = new StringBuilder();
        for (String d : take.discontinuities()) xruns.append(d).append('\n');
        Files.writeString(Path.of(out + ".info.txt"), "rate " + rate + "\nframes " + n + "\nlargestCycle " + largestCycle + "\n" + xruns);
        System.out.println("recorder: " + n + " frames, " + take.count() + " MIDI events (" + take.rereads()
                + " more read twice, recorded once), largest cycle " + largestCycle);
    }
}
