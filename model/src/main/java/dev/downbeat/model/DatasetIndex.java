package dev.downbeat.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code info.csv} of a folder laid out like the Groove MIDI Dataset: a header naming the
 * columns ({@code midi_filename}, {@code split}, {@code bpm}, ...), then one row per performance.
 * Plain comma splitting, as the dataset has no quoted fields. Immutable once read; the thread that
 * reads the corpus.
 */
public final class DatasetIndex {
    /** The index file's name inside the dataset folder. */
    public static final String FILE = "info.csv";

    private final Path file;
    private final List<String> header;
    private final List<Row> rows;

    /**
     * One line after the header.
     *
     * @param number the 1-based line number in the file, for messages
     * @param text   the line as written
     * @param fields the line split at every comma (as many as the header when well formed)
     */
    public record Row(int number, String text, List<String> fields) {
        /** Copies the fields so the row stays immutable. */
        public Row {
            fields = List.copyOf(fields);
        }
    }

    private DatasetIndex(Path file, List<String> header, List<Row> rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
    }

    /**
     * Reads {@code root/info.csv} and checks that its header has the columns a reader needs.
     *
     * @param columns the column names the caller reads
     * @throws IOException if the file is missing, unreadable, empty or lacks one of {@code columns}
     */
    public static DatasetIndex read(Path root, String... columns) throws IOException {
        Path file = root.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(root + " has no " + FILE + " (expected the Groove MIDI Dataset layout)");
        }
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) {
            throw new IOException(file + " is empty");
        }
        List<String> header = List.copyOf(Arrays.asList(lines.get(0).split(",", -1)));
        for (String column : columns) {
            if (!header.contains(column)) {
                throw new IOException(file + " lacks a " + alternatives(columns) + " column");
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            rows.add(new Row(i + 1, lines.get(i), Arrays.asList(lines.get(i).split(",", -1))));
        }
        return new DatasetIndex(file, header, List.copyOf(rows));
    }

    /** "a", "a or b", "a, b or c". */
    private static String alternatives(String[] columns) {
        if (columns.length == 1) {
            return columns[0];
        }
        return String.join(", ", Arrays.asList(columns).subList(0, columns.length - 1)) + " or " + columns[columns.length - 1];
    }

    /** The {@code info.csv} file, for messages. */
    public Path file() {
        return file;
    }

    /** How many columns the header names: a well-formed row has this many fields. */
    public int width() {
        return header.size();
    }

    /** The position of a column checked by {@link #read}. */
    public int column(String name) {
        return header.indexOf(name);
    }

    /** The lines after the header, in file order, blank and malformed ones included. */
    public List<Row> rows() {
        return rows;
    }
}
