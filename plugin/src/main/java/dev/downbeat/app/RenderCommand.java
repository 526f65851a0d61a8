package dev.downbeat.app;

import dev.downbeat.dsp.DrumHit;
import dev.downbeat.dsp.ImpulseResponse;
import dev.downbeat.dsp.Kit;
import dev.downbeat.dsp.KitLoader;
import dev.downbeat.dsp.LoadException;
import dev.downbeat.dsp.OfflineRenderer;
import dev.downbeat.dsp.StereoBuffer;
import dev.downbeat.dsp.WavFile;
import dev.downbeat.model.AtomicFile;
import dev.downbeat.model.NoteMap;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code downbeat render}: plays any drum MIDI file through a kit and room and saves a WAV,
 * ring-out included. Notes map to the nine drums by the seed's General MIDI table. Main thread.
 */
@Command(name = "render", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Render a drum MIDI file to a WAV file through Downbeat's kit and room reverb.",
            "Notes are read with the General MIDI drum table (36 kick, 38 snare, 42 closed",
            "hi-hat, 46 open hi-hat, toms, 49 clap, 51 rim, and their neighbours); other",
            "notes are skipped. Tempo changes in the file are followed.",
            "  downbeat render --midi groove.mid --wav groove.wav --kit ~/kits/808 --ir hall.wav",
            ""})
final class RenderCommand implements Callable<Integer> {
    @Option(names = "--midi", required = true, paramLabel = "FILE.mid", description = "The drum MIDI file to play.")
    Path midi;

    @Option(names = "--wav", required = true, paramLabel = "FILE.wav", description = "Where to write the stereo WAV (24-bit).")
    Path wav;

    @Option(names = "--kit", paramLabel = "DIR", description = {"A kit folder: a Hydrogen drumkit.xml, a kit.txt mapping, or WAVs "
        + "named after the drums (kick.wav, snare.wav, chh.wav, ...). Default: the bundled 808/909 kit."})
    Path kit;

    @Mixin
    RoomOption ir;

    @Option(names = "--sample-rate", paramLabel = "HZ", defaultValue = "48000", description = "Sample rate of the WAV, 22050 to 192000. Default: ${DEFAULT-VALUE}.")
    double sampleRate;

    @Option(names = "--reverb-mix", paramLabel = "0..1", defaultValue = "0.3", description = "How wet the reverb is. Default: ${DEFAULT-VALUE}.")
    float reverbMix;

    @Option(names = "--gain-db", paramLabel = "DB", defaultValue = "0", description = "Master gain in dB, -60 to +6. Default: ${DEFAULT-VALUE}.")
    double gainDb;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!(gainDb >= -60 && gainDb <= 6)) {
            throw new BadInputException("--gain-db " + gainDb + " is outside -60..6");
        }
        if (sampleRate < 22050 || sampleRate > 192000) {
            throw new BadInputException("--sample-rate " + sampleRate + " is outside 22050..192000");
        }
        if (!(reverbMix >= 0 && reverbMix <= 1)) {
            throw new BadInputException("--reverb-mix " + reverbMix + " is outside 0..1");
        }
        Path folder = wav.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new BadInputException(wav + ": the folder " + folder + " does not exist");
        }
        DrumNotes notes = readMidi(midi, sampleRate);
        if (notes.hits().isEmpty()) {
            throw new BadInputException(midi + ": no drum notes Downbeat plays (" + notes.skipped() + " other notes skipped)");
        }
        Kit chosenKit;
        try {
            chosenKit = kit == null ? Kit.bundled() : KitLoader.load(kit);
        } catch (LoadException e) {
            throw new BadInputException(e.getMessage(), e);
        }
        ImpulseResponse room = ir.load();
        StereoBuffer audio = OfflineRenderer.render(notes.hits(), sampleRate, chosenKit, room, 512, mix -> {
            mix.setReverbMix(reverbMix);
            mix.setMasterLevel((float) Math.pow(10, gainDb / 20));
        });
        AtomicFile.write(wav, temporary -> WavFile.write(temporary, audio, WavFile.Encoding.PCM_24));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s: %d hits%s, %.2f s at %.0f Hz, kit '%s', room '%s'%n", wav, notes.hits().size(),
                notes.skipped() > 0 ? " (" + notes.skipped() + " non-drum notes skipped)" : "", audio.seconds(), sampleRate,
                chosenKit.name(), room.name());
        float peak = audio.peak();
        if (peak > 1f) {
            out.printf(Locale.ROOT, "warning: the mix peaks at %+.1f dBFS and was clipped; lower it with --gain-db %.1f%n",
                    20 * Math.log10(peak), -20 * Math.log10(peak) - 0.5);
        }
        return 0;
    }

    /** The hits of a MIDI file and how many notes had no drum. */
    record DrumNotes(List<DrumHit> hits, int skipped) {
    }

    /** Reads note-ons with the default note map, timing them through the file's tempo map. */
    static DrumNotes readMidi(Path file, double sampleRate) {
        Sequence sequence;
        try {
            sequence = MidiSystem.getSequence(file.toFile());
        } catch (InvalidMidiDataException e) {
            throw new BadInputException(file + ": not a MIDI file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        List<MidiEvent> events = new ArrayList<>();
        for (Track track : sequence.getTracks()) {
            for (int i = 0; i < track.size(); i++) {
                events.add(track.get(i));
            }
        }
        events.sort(Comparator.comparingLong(MidiEvent::getTick));
        TempoClock clock = new TempoClock(sequence);
        List<DrumHit> hits = new ArrayList<>();
        int skipped = 0;
        for (MidiEvent event : events) {
            if (event.getMessage() instanceof MetaMessage meta && meta.getType() == 0x51 && meta.getData().length == 3) {
                byte[] d = meta.getData();
                clock.setTempo(event.getTick(), ((d[0] & 0xff) << 16) | ((d[1] & 0xff) << 8) | (d[2] & 0xff));
            } else if (event.getMessage() instanceof ShortMessage note && note.getCommand() == ShortMessage.NOTE_ON && note.getData2() > 0) {
                int drum = NoteMap.DEFAULT.classOfPitch(note.getData1());
                if (drum < 0) {
                    skipped++;
                    continue;
                }
                long frame = Math.round(clock.seconds(event.getTick()) * sampleRate);
                hits.add(new DrumHit(drum, note.getData2() / 127f, frame));
            }
        }
        return new DrumNotes(hits, skipped);
    }

    /** Converts ticks to seconds through tempo changes (events arrive in tick order). */
    private static final class TempoClock {
        private final boolean smpte;
        private final double ticksPerSecondSmpte;
        private final int resolution;
        private long lastTick;
        private double lastSeconds;
        private double secondsPerTick;

        TempoClock(Sequence sequence) {
            resolution = sequence.getResolution();
            smpte = sequence.getDivisionType() != Sequence.PPQ;
            ticksPerSecondSmpte = smpte ? sequence.getDivisionType() * resolution : 0;
            secondsPerTick = smpte ? 1 / ticksPerSecondSmpte : 0.5 / resolution; // 120 BPM until told otherwise
        }

        void setTempo(long tick, int microsPerQuarter) {
            if (smpte || microsPerQuarter <= 0) {
                return;
            }
            lastSeconds = seconds(tick);
            lastTick = tick;
            secondsPerTick = microsPerQuarter * 1e-6 / resolution;
        }

        double seconds(long tick) {
            return lastSeconds + (tick - lastTick) * secondsPerTick;
        }
    }
}
