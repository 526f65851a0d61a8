package dev.downbeat.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The contents of a model's {@code spec.json}: tensor names and sizes of the single-step graph,
 * the drum classes' input pitches, and what training reported. Immutable; any thread.
 *
 * @param inputName      name of the graph input {@code float[B, inputSize]}
 * @param stateName      name of the recurrent state input {@code float[B, stateSize]}
 * @param logitsName     name of the output {@code float[B, numClasses]}
 * @param stateOutName   name of the state output {@code float[B, stateSize]}
 * @param inputSize      518: one-hot plus counter bits
 * @param numClasses     512 events
 * @param counterBits    6
 * @param stateSize      length of the packed recurrent and attention state
 * @param stepsPerQuarter 4 (16th notes)
 * @param classPitches   the input pitches of each of the 9 classes
 * @param validNll       validation NLL (nats/step) reported by training, NaN if absent
 * @param dataCredit     the training data's credit line, empty if absent
 */
public record ModelSpec(String inputName, String stateName, String logitsName, String stateOutName,
                        int inputSize, int numClasses, int counterBits, int stateSize, int stepsPerQuarter,
                        List<List<Integer>> classPitches, double validNll, String dataCredit) {

    /** The only format this runtime reads. */
    public static final String FORMAT = "downbeat-drumrnn";
    /** The only format version this runtime reads. */
    public static final int VERSION = 1;

    /** Copies the pitch lists so the record stays immutable. */
    public ModelSpec {
        List<List<Integer>> copy = new ArrayList<>();
        for (List<Integer> pitches : classPitches) {
            copy.add(List.copyOf(pitches));
        }
        classPitches = List.copyOf(copy);
    }

    /**
     * Reads and checks a spec against the encoding this runtime implements.
     *
     * @param where names the file in messages
     * @throws ModelLoadException naming the field and what is wrong
     */
    public static ModelSpec parse(String json, String where) throws ModelLoadException {
        Map<?, ?> map = ModelFiles.jsonObject(json, where);
        ModelFiles.checkFormat(text(map, "format", where), FORMAT, where);
        ModelFiles.checkVersion(integer(map, "version", where), VERSION, "format version", where);
        ModelSpec spec = new ModelSpec(text(map, "inputName", where), text(map, "stateName", where),
                text(map, "logitsName", where), text(map, "stateOutName", where),
                integer(map, "inputSize", where), integer(map, "numClasses", where), integer(map, "counterBits", where),
                integer(map, "stateSize", where), integer(map, "stepsPerQuarter", where),
                pitches(map, where), validNll(map), credit(map));
        spec.checkEncoding(where);
        return spec;
    }

    private void checkEncoding(String where) throws ModelLoadException {
        expect(numClasses, DrumEncoding.EVENT_COUNT, "numClasses", where);
        expect(counterBits, DrumEncoding.COUNTER_BITS, "counterBits", where);
        expect(inputSize, DrumEncoding.INPUT_SIZE, "inputSize", where);
        expect(stepsPerQuarter, DrumEncoding.STEPS_PER_QUARTER, "stepsPerQuarter", where);
        if (stateSize <= 0) {
            throw new ModelLoadException(where + ": stateSize " + stateSize + " must be positive");
        }
        if (classPitches.size() != DrumEncoding.CLASS_COUNT) {
            throw new ModelLoadException(where + ": classPitches has " + classPitches.size() + " classes, expected "
                    + DrumEncoding.CLASS_COUNT);
        }
    }

    private static void expect(int actual, int expected, String field, String where) throws ModelLoadException {
        if (actual != expected) {
            throw new ModelLoadException(where + ": " + field + " is " + actual + ", but Downbeat's drum encoding needs "
                    + expected);
        }
    }

    private static Object field(Map<?, ?> map, String name, String where) throws ModelLoadException {
        if (!map.containsKey(name)) {
            throw new ModelLoadException(where + " has no \"" + name + "\"");
        }
        return map.get(name);
    }

    private static String text(Map<?, ?> map, String name, String where) throws ModelLoadException {
        Object value = field(map, name, where);
        if (!(value instanceof String)) {
            throw new ModelLoadException(where + ": \"" + name + "\" must be a string");
        }
        return (String) value;
    }

    private static int integer(Map<?, ?> map, String name, String where) throws ModelLoadException {
        Object value = field(map, name, where);
        if (!(value instanceof Double) || (Double) value != Math.rint((Double) value)) {
            throw new ModelLoadException(where + ": \"" + name + "\" must be a whole number");
        }
        return ((Double) value).intValue();
    }

    private static List<List<Integer>> pitches(Map<?, ?> map, String where) throws ModelLoadException {
        Object value = field(map, "classPitches", where);
        if (!(value instanceof List)) {
            throw new ModelLoadException(where + ": \"classPitches\" must be a list of pitch lists");
        }
        List<List<Integer>> out = new ArrayList<>();
        for (Object list : (List<?>) value) {
            if (!(list instanceof List)) {
                throw new ModelLoadException(where + ": \"classPitches\" must be a list of pitch lists");
            }
            List<Integer> pitches = new ArrayList<>();
            for (Object p : (List<?>) list) {
                if (!(p instanceof Double) || (Double) p < 0 || (Double) p > 127) {
                    throw new ModelLoadException(where + ": \"classPitches\" holds " + p + ", not a MIDI pitch 0..127");
                }
                pitches.add(((Double) p).intValue());
            }
            out.add(pitches);
        }
        return out;
    }

    private static double validNll(Map<?, ?> map) {
        Object training = map.get("training");
        if (training instanceof Map && ((Map<?, ?>) training).get("validNll") instanceof Double) {
            return (Double) ((Map<?, ?>) training).get("validNll");
        }
        return Double.NaN;
    }

    private static String credit(Map<?, ?> map) {
        Object training = map.get("training");
        if (training instanceof Map && ((Map<?, ?>) training).get("data") instanceof String) {
            return (String) ((Map<?, ?>) training).get("data");
        }
        return "";
    }
}
