package dev.downbeat.model;

import java.util.Arrays;
import java.util.List;

/**
 * How MIDI note numbers map to the 9 drum classes, in both directions. Immutable; any thread.
 *
 * <p>Reading: the seed app's General MIDI table, plus 22 and 26 (the closed and open hi-hat
 * edges the Groove MIDI Dataset's Roland TD-11 writes). Writing: one pitch per class, by
 * default the seed's 36, 38, 42, 46, 41, 43, 45, 49, 51.
 *
 * <p>The seed's reading table disagrees with its own writing pitches on the toms: it reads 43 as
 * high tom and 45 as low tom, while it writes mid tom on 43 and high tom on 45. So that a file
 * Downbeat writes reads back as the same pattern, <strong>the output pitches take precedence when
 * reading</strong>: a note on a class's output pitch is that class, and the rest of the table
 * applies to the other pitches.
 */
public final class NoteMap {
    /** The seed's output pitches, in class order. */
    public static final List<Integer> DEFAULT_OUTPUT_PITCHES = List.of(36, 38, 42, 46, 41, 43, 45, 49, 51);

    /** The seed's reading table (plus 22 and 26), in class order; the training data used the same. */
    static final int[][] INPUT_TABLE = {
        {36, 35},
        {38, 27, 28, 31, 32, 33, 34, 37, 39, 40, 56, 65, 66, 75, 85},
        {42, 44, 54, 68, 69, 70, 71, 73, 78, 80, 22},
        {46, 67, 72, 74, 79, 81, 26},
        {45, 29, 41, 61, 64, 84},
        {48, 47, 60, 63, 77, 86, 87},
        {50, 30, 43, 62, 76, 83},
        {49, 55, 57, 58},
        {51, 52, 53, 59, 82},
    };

    /** Downbeat's default map. */
    public static final NoteMap DEFAULT = new NoteMap(DEFAULT_OUTPUT_PITCHES.stream().mapToInt(Integer::intValue).toArray());

    private final int[] outputPitches;
    private final int[] classOfPitch = new int[128];

    private NoteMap(int[] outputPitches) {
        this.outputPitches = outputPitches;
        Arrays.fill(classOfPitch, -1);
        for (int c = 0; c < INPUT_TABLE.length; c++) {
            for (int pitch : INPUT_TABLE[c]) {
                classOfPitch[pitch] = c;
            }
        }
        for (int c = 0; c < outputPitches.length; c++) {
            classOfPitch[outputPitches[c]] = c;
        }
    }

    private NoteMap(List<List<Integer>> classPitches) {
        this.outputPitches = DEFAULT_OUTPUT_PITCHES.stream().mapToInt(Integer::intValue).toArray();
        Arrays.fill(classOfPitch, -1);
        for (int c = 0; c < classPitches.size(); c++) {
            for (int pitch : classPitches.get(c)) {
                classOfPitch[pitch] = c;
            }
        }
    }

    /**
     * A map that reads exactly the given table, without the output-pitch precedence: how a
     * model's training data was read (its spec's {@code classPitches}), for scoring on the same
     * terms. Writes the default pitches.
     *
     * @throws IllegalArgumentException unless there are 9 lists of pitches 0..127
     */
    public static NoteMap readingOnly(List<List<Integer>> classPitches) {
        if (classPitches.size() != DrumEncoding.CLASS_COUNT) {
            throw new IllegalArgumentException("a pitch table needs " + DrumEncoding.CLASS_COUNT + " classes, got "
                    + classPitches.size());
        }
        for (List<Integer> pitches : classPitches) {
            for (int p : pitches) {
                if (p < 0 || p > 127) {
                    throw new IllegalArgumentException("pitch " + p + " is outside 0..127");
                }
            }
        }
        return new NoteMap(classPitches);
    }

    /** The seed's reading table (plus 22 and 26), in class order, as the training data was read. */
    public static List<List<Integer>> seedTable() {
        List<List<Integer>> table = new java.util.ArrayList<>();
        for (int[] pitches : INPUT_TABLE) {
            table.add(Arrays.stream(pitches).boxed().toList());
        }
        return List.copyOf(table);
    }

    /**
     * A map writing the given pitches, one per class in class order.
     *
     * @throws IllegalArgumentException unless there are 9 distinct pitches 0..127
     */
    public static NoteMap withOutputPitches(int... pitches) {
        if (pitches.length != DrumEncoding.CLASS_COUNT) {
            throw new IllegalArgumentException("a note map needs " + DrumEncoding.CLASS_COUNT
                    + " pitches (kick, snare, closed hat, open hat, low tom, mid tom, high tom, clap, rim), got "
                    + pitches.length);
        }
        for (int c = 0; c < pitches.length; c++) {
            if (pitches[c] < 0 || pitches[c] > 127) {
                throw new IllegalArgumentException("note map: pitch " + pitches[c] + " for "
                        + DrumEncoding.CLASS_NAMES.get(c) + " is outside 0..127");
            }
            for (int d = 0; d < c; d++) {
                if (pitches[d] == pitches[c]) {
                    throw new IllegalArgumentException("note map: pitch " + pitches[c] + " is given to both "
                            + DrumEncoding.CLASS_NAMES.get(d) + " and " + DrumEncoding.CLASS_NAMES.get(c));
                }
            }
        }
        return new NoteMap(pitches.clone());
    }

    /**
     * Reads output pitches from text such as {@code 36,38,42,46,41,43,45,49,51}.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static NoteMap parse(String text) {
        String[] parts = text.split(",", -1);
        int[] pitches = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                pitches[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException notANumber) {
                throw new IllegalArgumentException("note map: '" + parts[i].strip() + "' is not a MIDI note number");
            }
        }
        return withOutputPitches(pitches);
    }

    /** The pitch written for a class. */
    public int outputPitch(int drumClass) {
        return outputPitches[drumClass];
    }

    /** The 9 output pitches in class order (a copy). */
    public int[] outputPitches() {
        return outputPitches.clone();
    }

    /** The class a MIDI pitch reads as, or -1 when the pitch is not a drum of this map. */
    public int classOfPitch(int pitch) {
        return pitch >= 0 && pitch < 128 ? classOfPitch[pitch] : -1;
    }

    /** The text form {@code 36,38,...}, which {@link #parse} reads back. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (int p : outputPitches) {
            out.append(out.length() == 0 ? "" : ",").append(p);
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NoteMap && Arrays.equals(((NoteMap) other).outputPitches, outputPitches)
                && Arrays.equals(((NoteMap) other).classOfPitch, classOfPitch);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(outputPitches);
    }
}
