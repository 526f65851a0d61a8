package dev.downbeat.app.play;

import dev.downbeat.app.play.NoteOnComparison.NoteOn;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A stage 45 run kept as test resources (a folder beside this class): what {@link JackRecorder}
 * recorded (rec.midi.txt, rec.info.txt) and what jack_midi_dump saw (dump.txt), to replay it.
 */
record RecordedRun(List<NoteOffCheck.Event> recorded, List<String> info, List<NoteOn> dumped) {
    static RecordedRun load(String folder) throws IOException {
        List<NoteOffCheck.Event> recorded = new ArrayList<>();
        for (String line : lines(folder + "/rec.midi.txt")) { // "frame status data1 data2"
            String[] f = line.trim().split(" ");
            recorded.add(new NoteOffCheck.Event(Long.parseLong(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3])));
        }
        List<NoteOn> dumped = new ArrayList<>();
        for (String line : lines(folder + "/dump.txt")) { // "  83968: 90 24 64 note on  (channel  0): ..."
            String[] f = line.trim().split(" +");
            if (line.contains("note on") && Integer.parseInt(f[3], 16) > 0) {
                dumped.add(new NoteOn(Long.parseLong(f[0].replace(":", "")), Integer.parseInt(f[2], 16)));
            }
        }
        return new RecordedRun(recorded, lines(folder + "/rec.info.txt"), dumped);
    }

    /** The recorded note-ons, for {@link NoteOnComparison}. */
    static List<NoteOn> noteOns(List<NoteOffCheck.Event> events) {
        return events.stream().filter(NoteOffCheck.Event::isNoteOn).map(e -> new NoteOn(e.frame(), e.pitch())).toList();
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = RecordedRun.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("no test resource " + resource + " beside " + RecordedRun.class.getName());
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
