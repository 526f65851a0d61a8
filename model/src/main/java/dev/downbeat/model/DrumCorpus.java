package dev.downbeat.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * MIDI performances read as drum event sequences the way the training script reads them
 * ({@code model/training/groove_data.py}): every note-on of a known pitch, rounded to the
 * nearest 16th, each sequence ending on its last hit; sequences shorter than 2 steps are skipped.
 * Used to score a model against baselines. Main or worker thread (file I/O).
 */
public final class DrumCorpus {
    private final List<DrumPattern> sequences;
    private final String description;

    private DrumCorpus(List<DrumPattern> sequences, String description) {
        this.sequences = List.copyOf(sequences);
        this.description = description;
    }

    /**
     * One split ({@code train}, {@code validation}, {@code test}) of a folder laid out like the
     * Groove MIDI Dataset: an {@code info.csv} with {@code midi_filename} and {@code split} columns.
     *
     * @param pitches the input pitches of each class (a model spec's {@code classPitches})
     * @param limit   read at most this many files (0 = all), in info.csv order
     * @throws IOException naming the file that is missing or unreadable
     */
    public static DrumCorpus split(Path root, String split, List<List<Integer>> pitches, int limit) throws IOException {
        DatasetIndex index = DatasetIndex.read(root, "midi_filename", "split");
        int fileColumn = index.column("midi_filename");
        int splitColumn = index.column("split");
        List<Path> files = new ArrayList<>();
        for (DatasetIndex.Row row : index.rows()) {
            if (row.fields().size() != index.width()) {
                if (row.text().isBlank()) {
                    continue;
                }
                throw new IOException(index.file() + " line " + row.number() + " has " + row.fields().size() + " fields, the header "
                        + index.width());
            }
            if (row.fields().get(splitColumn).equals(split)) {
                files.add(root.resolve(row.fields().get(fileColumn)));
            }
        }
        if (files.isEmpty()) {
            throw new IOException(index.file() + " lists no files of split \"" + split + "\"");
        }
        return read(files, pitches, limit, root + " (" + split + ")");
    }

    /**
     * Every {@code .mid}/{@code .midi} file under {@code folder}, in path order.
     *
     * @throws IOException if the folder is missing, holds no MIDI file, or a file is unreadable
     */
    public static DrumCorpus folder(Path folder, List<List<Integer>> pitches, int limit) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("folder " + folder + " does not exist");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(p -> {
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return Files.isRegularFile(p) && (name.endsWith(".mid") || name.endsWith(".midi"));
            }).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException(folder + " holds no .mid files");
        }
        return read(files, pitches, limit, folder.toString());
    }

    private static DrumCorpus read(List<Path> files, List<List<Integer>> pitches, int limit, String description)
            throws IOException {
        NoteMap table = NoteMap.readingOnly(pitches);
        List<DrumPattern> sequences = new ArrayList<>();
        for (Path file : limit > 0 && limit < files.size() ? files.subList(0, limit) : files) {
            DrumPattern pattern;
            try {
                pattern = PatternMidi.read(file, table);
            } catch (IOException noDrums) {
                if (Files.isRegularFile(file) && noDrums.getMessage().contains("no drum notes")) {
                    continue;   // as in training: a file without drums adds nothing
                }
                throw noDrums;
            }
            DrumPattern trimmed = pattern.trimmedToLastHit();
            if (trimmed.length() >= 2) {
                sequences.add(trimmed);
            }
        }
        return new DrumCorpus(sequences, description);
    }

    /** The sequences, in file order. */
    public List<DrumPattern> sequences() {
        return sequences;
    }

    /** Where the sequences came from, for reports. */
    public String description() {
        return description;
    }

    /** Total steps over all sequences. */
    public long steps() {
        return sequences.stream().mapToLong(DrumPattern::length).sum();
    }

    /**
     * The scoring windows, as the training script's {@code evaluate}: each sequence cut into
     * windows of {@code length + 1} events starting every {@code length} steps (so on bar lines),
     * stopping at the first window shorter than 17 events.
     */
    public List<int[]> windows(int length) {
        List<int[]> windows = new ArrayList<>();
        for (DrumPattern sequence : sequences) {
            int[] events = sequence.events();
            for (int start = 0; start < Math.max(1, events.length - 1); start += length) {
                int[] window = Arrays.copyOfRange(events, start, Math.min(events.length, start + length + 1));
                if (window.length < 17) {
                    break;
                }
                windows.add(window);
            }
        }
        return windows;
    }
}
