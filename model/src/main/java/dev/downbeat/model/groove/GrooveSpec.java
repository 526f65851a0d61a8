package dev.downbeat.model.groove;

import dev.downbeat.model.ModelFiles;
import dev.downbeat.model.ModelLoadException;
import java.util.Map;

/**
 * The checked contents of {@code groove_spec.json}, written by {@code model/training/groove.py}:
 * tensor names and sizes of the groove network and the baselines measured when it was trained.
 * Immutable; any thread.
 *
 * <p>The network reads {@code features} float[batch, steps, 26]: per step the 9 hit bits, the
 * step's position in the bar one-hot (16) and the tempo as bpm / 120; it writes {@code groove}
 * float[batch, steps, 18]: per class the velocity 0..1, then per class the offset in steps.
 *
 * @param context how many steps either side the network sees (its receptive field)
 */
public record GrooveSpec(String inputName, String outputName, int context, String credit,
                         double constantVelocityMae, double constantOffsetMae,
                         double positionVelocityMae, double positionOffsetMae) {
    /** What {@code format} must say. */
    public static final String FORMAT = "downbeat-groove";
    /** The one format version this runtime reads. */
    public static final int VERSION = 1;
    /** Drum classes, positions per bar, feature and output widths this runtime encodes. */
    public static final int CLASSES = 9, POSITIONS = 16, FEATURES = CLASSES + POSITIONS + 1, OUTPUTS = 2 * CLASSES;
    /** The network's offsets are 0.5·tanh: at most half a step either way. */
    public static final float MAX_OFFSET = 0.5f;
    /** The tempo feature is bpm divided by this. */
    public static final double TEMPO_SCALE = 120.0;

    /**
     * Reads and checks a spec.
     *
     * @param where names the file in messages
     * @throws ModelLoadException naming the field and what is wrong
     */
    public static GrooveSpec parse(String json, String where) throws ModelLoadException {
        Map<?, ?> map = ModelFiles.jsonObject(json, where);
        ModelFiles.checkFormat(text(map, "format", where), FORMAT, where);
        ModelFiles.checkVersion(integer(map, "version", where), VERSION, "groove format version", where);
        expect(map, "classes", CLASSES, where);
        expect(map, "positions", POSITIONS, where);
        expect(map, "features", FEATURES, where);
        expect(map, "outputs", OUTPUTS, where);
        int context = integer(map, "context", where);
        if (context < 0 || context > 4096) {
            throw new ModelLoadException(where + ": context " + context + " is outside 0..4096 steps");
        }
        Object data = map.get("data");
        String credit = data instanceof String s ? s : "";
        double[] constant = baseline(map, "constant", where);
        double[] position = baseline(map, "voicePositionMean", where);
        return new GrooveSpec(text(map, "inputName", where), text(map, "outputName", where), context, credit,
                constant[0], constant[1], position[0], position[1]);
    }

    private static double[] baseline(Map<?, ?> map, String name, String where) throws ModelLoadException {
        if (!(map.get("baselines") instanceof Map<?, ?> baselines) || !(baselines.get(name) instanceof Map<?, ?> row)
                || !(row.get("velocityMae") instanceof Double velocity) || !(row.get("offsetMae") instanceof Double offset)) {
            throw new ModelLoadException(where + " lacks baselines." + name + " with velocityMae and offsetMae");
        }
        return new double[] {velocity, offset};
    }

    private static void expect(Map<?, ?> map, String key, int wanted, String where) throws ModelLoadException {
        int value = integer(map, key, where);
        if (value != wanted) {
            throw new ModelLoadException(where + ": " + key + " is " + value + ", but this Downbeat's groove encoding has " + wanted);
        }
    }

    private static String text(Map<?, ?> map, String key, String where) throws ModelLoadException {
        if (!(map.get(key) instanceof String value) || value.isEmpty()) {
            throw new ModelLoadException(where + " lacks the text field \"" + key + "\"");
        }
        return value;
    }

    private static int integer(Map<?, ?> map, String key, String where) throws ModelLoadException {
        if (!(map.get(key) instanceof Double value) || value != Math.rint(value)) {
            throw new ModelLoadException(where + " lacks the whole-number field \"" + key + "\"");
        }
        return value.intValue();
    }
}
