package dev.downbeat.app.play;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks what {@link JackRecorder} recorded of {@code downbeat play} on JACK (stage 45):
 * <ul>
 *   <li>note-ons arrived, every one a drum pitch of the product's note map (36 38 42 46 41 43 45 49 51);
 *   <li>they sit on the 16th grid of the tempo: each within {@value #GRID_TOLERANCE} frame of
 *       origin + k * (rate * 60 / bpm / 4), the origin being the first note-on;
 *   <li>all within the bars asked for, and every note-on ended by a note-off of its pitch half a step
 *       later (the plugin's gate);
 *   <li>the audio is silent until the first note-on's frame and has a hit in the 1 ms from it; at
 *       every note-on the attack (second-difference) energy rises in the 1 ms after its frame and
 *       not in the 1 ms before; at the grid steps without a note-on it does not rise.
 * </ul>
 * An xrun, a buffer size change or a gap in JACK's frame time while the app plays (the recorder
 * logs them with their frame) can skip the app's cycle: the grid may then move (a new origin) and
 * that cycle's audio and MIDI may disagree, so each allows one phase break and one onset miss, and
 * the note-offs of notes whose note-on or gate lies within {@value #WINDOW_CYCLES} cycles of any
 * discontinuity the recorder logged are not checked ({@link NoteOffCheck}).
 *
 * <p>With a jack_midi_dump log of the same port ({@code jack_midi_dump -a}) and the number of
 * note-ons the app says it sent: the recorded note-ons must be the dumped ones, step for step and
 * pitch for pitch ({@link NoteOnComparison}), and only within {@value #WINDOW_CYCLES} cycles of a
 * discontinuity the recorder logged may they differ, as what a late client reads of JACK's port
 * there is not what was sent (see {@link JackRecorder}). The app's count must be the dumped
 * note-ons plus those lost on the way: a note-off that arrived without its note-on proves one,
 * and it may only be at a discontinuity (JACK lets the app's next cycle clear its port buffer when
 * the app's callback ran late, before the other clients read it).
 * Usage: {@code StandaloneJackCheck RECORDING BPM BARS [DUMP SENT]}. Prints its numbers; exits 1 on a failure.
 */
public final class StandaloneJackCheck {
    static final int GRID_TOLERANCE = 1;
    /** An onset: the attack energy in the 1 ms after a frame at least this many times that of the 1 ms before. */
    static final double ONSET_RISE = 3;
    /**
     * Cycles either side of a discontinuity whose note-ons may differ from jack_midi_dump's: JACK's
     * notices reach the recorder's notification thread a cycle or more after the cycle they are
     * about, and a late read can see a neighbouring cycle's events. 4 cycles of 512 frames are
     * under half a 16th at 120 bpm, so one discontinuity excuses the notes of one step at most.
     */
    static final int WINDOW_CYCLES = 4;
    private static final Set<Integer> NOTE_MAP = Set.of(36, 38, 42, 46, 41, 43, 45, 49, 51);

    private final List<String> failures = new ArrayList<>();

    public static void main(String[] args) throws IOException {
        StandaloneJackCheck check = new StandaloneJackCheck();
        Recording recording = Recording.read(Path.of(args[0]));
        check.run(recording, Double.parseDouble(args[1]), Integer.parseInt(args[2]));
        if (args.length > 4) check.compareWithDump(recording, Double.parseDouble(args[1]), Path.of(args[3]), Integer.parseInt(args[4]));
        for (String f : check.failures) System.out.println("FAIL: " + f);
        System.exit(check.failures.isEmpty() ? 0 : 1);
    }

    /**
     * A recording read once: its .info.txt lines, the rate they give, the windows around the
     * discontinuities they log, and its .midi.txt events as {frame, status, data1, data2}.
     */
    private record Recording(Path path, List<String> info, int rate, List<NoteOnComparison.Window> windows, List<int[]> events) {
        static Recording read(Path path) throws IOException {
            List<String> info = Files.readAllLines(Path.of(path + ".info.txt"));
            List<int[]> events = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of(path + ".midi.txt"))) {
                String[] f = line.trim().split(" ");
                if (f.length == 4) events.add(new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3])});
            }
            return new Recording(path, info, infoNumber(info, "rate"), discontinuityWindows(info), events);
        }
    }

    private void run(Recording recording, double bpm, int bars) throws IOException {
        List<Long> xrunFrames = new ArrayList<>();
        List<NoteOnComparison.Window> windows = recording.windows();
        int rate = recording.rate();
        for (String line : recording.info()) {
            String[] f = line.split(" ");
            if (f[0].equals("xrun") || f[0].equals("bufsize") || f[0].equals("gap")) xrunFrames.add(Long.parseLong(f[1]));
        }
        double step = rate * 60.0 / bpm / 4;
        List<int[]> events = recording.events();
        List<int[]> ons = new ArrayList<>();
        for (int[] e : events) if ((e[1] & 0xF0) == 0x90 && e[3] > 0) ons.add(e);
        if (ons.isEmpty()) {
            failures.add("no note-on arrived on the recorder's midi_in (" + events.size() + " MIDI events)");
            return;
        }
        for (int[] on : ons) {
            if (!NOTE_MAP.contains(on[2])) failures.add("note-on at frame " + on[0] + " has pitch " + on[2] + ", not a drum of the note map");
        }
        int first = ons.get(0)[0], last = ons.get(ons.size() - 1)[0];
        long xruns = xrunFrames.stream().filter(f -> f >= first - 16 * step && f <= last + step).count();

        // The grid, in segments: a note-on more than the tolerance off the grid starts a new segment
        // (a phase break) with itself as the origin.
        List<Segment> segments = new ArrayList<>();
        Segment current = new Segment(first);
        segments.add(current);
        long worst = 0;
        TreeSet<Integer> stepFrames = new TreeSet<>();
        for (int[] on : ons) {
            long off = Math.round(Math.abs(on[0] - current.gridFrame(on[0], step)));
            if (off > GRID_TOLERANCE) {
                current = new Segment(on[0]);
                segments.add(current);
                off = 0;
            }
            worst = Math.max(worst, off);
            current.last = on[0];
            stepFrames.add(on[0]);
        }
        int breaks = segments.size() - 1;
        long span = Math.round((last - first) / step) + 1;
        System.out.printf(Locale.ROOT, "MIDI: %d note-ons on %d steps spanning %d steps (16th = %.1f frames); worst distance from the grid "
                + "%d frame(s); %d phase break(s); %d xrun(s), buffer size change(s) or gap(s) of JACK's clock while playing%n",
                ons.size(), stepFrames.size(), span, step, worst, breaks, xruns);
        if (breaks > xruns) failures.add(breaks + " note-on(s) off the 16th grid by more than " + GRID_TOLERANCE + " frame (xruns: " + xruns + ")");
        if (span > bars * 16 + breaks) failures.add("note-ons span " + span + " steps, more than the " + bars + " bars asked for");
        if (stepFrames.size() < bars * 2) failures.add("only " + stepFrames.size() + " steps with notes in " + bars + " bars");

        // Note-offs: each note-on's pitch ends half a step later, but where the recorder's read was disturbed.
        int gate = (int) (step / 2);
        List<NoteOffCheck.Event> midi = events.stream().map(e -> new NoteOffCheck.Event(e[0], e[1], e[2], e[3])).toList();
        NoteOffCheck.Result gates = NoteOffCheck.check(midi, windows, gate, GRID_TOLERANCE);
        System.out.println("MIDI: " + gates.unended().size() + " of " + gates.checked() + " note-on(s) without their note-off " + gate
                + " frames later (" + gates.excused() + " not checked: their note-on or gate within " + WINDOW_CYCLES
                + " cycles of a discontinuity the recorder logged)");
        failures.addAll(gates.unended());

        float[] audio = readMonoSum(Path.of(recording.path() + ".wav"));
        double before = peak(audio, first - rate / 10, first);
        double attack = peak(audio, first, first + rate / 1000);
        System.out.printf(Locale.ROOT, "audio: %d frames; peak %.2g in the 100 ms before the first note-on, %.3f in the 1 ms from it%n",
                audio.length, before, attack);
        if (before > 1e-6) failures.add("the audio is not silent before the first note-on (peak " + before + ")");
        if (attack < 0.01) failures.add("no hit in the audio within 1 ms of the first note-on (peak " + attack + ")");

        // Onsets: the energy of the second difference (the attack's high frequencies, not the ringing
        // low end of earlier hits) in the 1 ms after a frame against the 1 ms before it.
        float[] attacks = secondDifference(audio);
        int window = rate / 1000;
        int onsets = 0, early = 0, flat = 0, emptySteps = 0;
        double weakest = Double.MAX_VALUE, strongestEmpty = 0;
        for (int frame : stepFrames) {
            double rise = rise(attacks, frame, window);
            weakest = Math.min(weakest, rise);
            if (rise >= ONSET_RISE) onsets++;
            if (rise(attacks, frame - window, window) >= ONSET_RISE) early++;
        }
        for (Segment s : segments) {
            for (long k = 0; s.origin + k * step < s.last; k++) {
                int frame = (int) Math.round(s.origin + k * step);
                if (stepFrames.contains(frame)) continue;
                emptySteps++;
                double rise = rise(attacks, frame, window);
                strongestEmpty = Math.max(strongestEmpty, rise);
                if (rise < ONSET_RISE) flat++;
            }
        }
        System.out.printf(Locale.ROOT, "audio: an onset (attack energy x%.0f or more) in the 1 ms after %d of %d note-on steps (weakest x%.1f), "
                + "in the 1 ms before %d; none at %d of %d empty grid steps (strongest x%.2f)%n",
                ONSET_RISE, onsets, stepFrames.size(), weakest, early, flat, emptySteps, strongestEmpty);
        int missed = stepFrames.size() - onsets;
        if (missed > xruns) failures.add("the audio has no onset within 1 ms after " + missed + " note-on(s) (xruns: " + xruns + ")");
        if (early > xruns) failures.add("the audio has an onset in the 1 ms before " + early + " note-on(s) (xruns: " + xruns + ")");
        if (emptySteps - flat > xruns) failures.add("the audio has onsets at " + (emptySteps - flat) + " grid steps without a note-on");
    }

    /** The recorded note-ons against jack_midi_dump's, outside the windows of the recorder's discontinuities. */
    private void compareWithDump(Recording recording, double bpm, Path dump, int sent) throws IOException {
        List<NoteOnComparison.Window> windows = recording.windows();
        int rate = recording.rate();
        List<NoteOnComparison.NoteOn> recorded = new ArrayList<>();
        for (int[] e : recording.events()) {
            if ((e[1] & 0xF0) == 0x90 && e[3] > 0) recorded.add(new NoteOnComparison.NoteOn(e[0], e[2]));
        }
        List<NoteOnComparison.NoteOn> dumped = new ArrayList<>();
        List<NoteOnComparison.NoteOff> dumpedOffs = new ArrayList<>();
        for (String line : Files.readAllLines(dump)) { // "  83968: 90 24 64 note on  (channel  0): ..."
            String[] f = line.trim().split(" +");
            if (f.length < 4 || !f[0].matches("[0-9]+:")) continue;
            long frame = Long.parseLong(f[0].substring(0, f[0].length() - 1));
            int type = Integer.parseInt(f[1], 16) & 0xF0, pitch = Integer.parseInt(f[2], 16), velocity = Integer.parseInt(f[3], 16);
            if (type == 0x90 && velocity > 0) dumped.add(new NoteOnComparison.NoteOn(frame, pitch));
            else if (type == 0x80 || type == 0x90) dumpedOffs.add(new NoteOnComparison.NoteOff(frame, pitch));
        }
        double step = rate * 60.0 / bpm / 4;
        NoteOnComparison.Result result = NoteOnComparison.compare(dumped, recorded, windows, step);
        System.out.println("MIDI against jack_midi_dump: " + dumped.size() + " note-ons dumped, " + recorded.size() + " recorded, "
                + result.matched() + " alike; " + result.excused().size() + " difference(s) within " + WINDOW_CYCLES
                + " cycles of the recorder's " + windows.size() + " discontinuities, " + result.unexcused().size() + " elsewhere");
        for (String d : result.excused()) System.out.println("  excused: " + d);
        for (String d : result.unexcused()) failures.add("the recording differs from jack_midi_dump away from any discontinuity: " + d);

        int lostAtDiscontinuities = 0;
        for (NoteOnComparison.NoteOn lost : NoteOnComparison.noteOnsLostInTransit(dumped, dumpedOffs, step / 2, step)) {
            long at = result.recorderFrame(lost.frame());
            String what = "jack_midi_dump saw the note-off but not the note-on of pitch " + lost.pitch() + " due at its frame "
                    + lost.frame() + " (recorder frame " + at + ")";
            if (NoteOnComparison.inAnyWindow(windows, at)) {
                lostAtDiscontinuities++;
                System.out.println("  lost on the way at a discontinuity: " + what);
            } else {
                failures.add(what + ", away from any discontinuity");
            }
        }
        System.out.println("note-ons: " + sent + " sent (the app's count), " + dumped.size() + " seen by jack_midi_dump, "
                + lostAtDiscontinuities + " lost on the way at a discontinuity (their note-offs arrived)");
        if (sent != dumped.size() + lostAtDiscontinuities) {
            failures.add("the note-on counts differ: " + sent + " sent, " + dumped.size() + " seen by jack_midi_dump"
                    + (lostAtDiscontinuities > 0 ? " and " + lostAtDiscontinuities + " lost on the way at a discontinuity" : ""));
        }
    }

    /**
     * The recorder frames around each discontinuity it logged in {@code info} (its .info.txt), where
     * what it read of JACK's port may not be what was sent: {@value #WINDOW_CYCLES} of its largest
     * cycles either side of a notice, late, torn or re-read cycle, and of the frames a gap skipped or
     * repeated. The note-on comparison and the note-off check excuse differences in these only.
     */
    static List<NoteOnComparison.Window> discontinuityWindows(List<String> info) {
        long reach = (long) WINDOW_CYCLES * infoNumber(info, "largestCycle");
        List<NoteOnComparison.Window> windows = new ArrayList<>();
        for (String line : info) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "xrun", "bufsize", "late", "torn" -> {
                    long at = Long.parseLong(f[1]);
                    windows.add(new NoteOnComparison.Window(at - reach, at + reach));
                }
                case "gap" -> { // the frames skipped or repeated, and their surroundings
                    long expected = Long.parseLong(f[1]), at = expected + Long.parseLong(f[2]);
                    windows.add(new NoteOnComparison.Window(Math.min(expected, at) - reach, Math.max(expected, at) + reach));
                }
                case "reread" -> { // the late cycle and the next one, which read the same buffer
                    long late = Long.parseLong(f[1]), next = Long.parseLong(f[2]);
                    windows.add(new NoteOnComparison.Window(late - reach, next + reach));
                }
                default -> { }
            }
        }
        return windows;
    }

    /** The number on the line "KEY NUMBER" of the recorder's .info.txt, or 0 if it has none. */
    private static int infoNumber(List<String> info, String key) {
        for (String line : info) {
            String[] f = line.split(" ");
            if (f.length == 2 && f[0].equals(key)) return Integer.parseInt(f[1]);
        }
        return 0;
    }

    /** A stretch of note-ons on one grid. */
    private static final class Segment {
        final int origin;
        int last;

        Segment(int origin) {
            this.origin = origin;
            this.last = origin;
        }

        double gridFrame(int frame, double step) {
            return origin + Math.round((frame - origin) / step) * step;
        }
    }

    /** How much the attack energy rises at {@code frame}: the window after it over the window before it. */
    private static double rise(float[] attacks, int frame, int window) {
        return rms(attacks, frame, frame + window) / Math.max(1e-12, rms(attacks, frame - window, frame));
    }

    private static float[] secondDifference(float[] x) {
        float[] d = new float[x.length];
        for (int i = 2; i < x.length; i++) d[i] = x[i] - 2 * x[i - 1] + x[i - 2];
        return d;
    }

    private static float[] readMonoSum(Path wav) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
        int frames = (b.capacity() - 44) / 8;
        float[] mono = new float[frames];
        b.position(44);
        for (int i = 0; i < frames; i++) mono[i] = b.getFloat() + b.getFloat();
        return mono;
    }

    private static double peak(float[] x, int from, int to) {
        double p = 0;
        for (int i = Math.max(0, from); i < Math.min(x.length, to); i++) p = Math.max(p, Math.abs(x[i]));
        return p;
    }

    private static double rms(float[] x, int from, int to) {
        double sum = 0;
        int n = 0;
        for (int i = Math.max(0, from); i < Math.min(x.length, to); i++, n++) sum += (double) x[i] * x[i];
        return n == 0 ? 0 : Math.sqrt(sum / n);
    }
}
