package dev.downbeat.model.magenta;

import dev.downbeat.model.JsonText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Magenta.js {@code MusicRNN} checkpoint folder as Magenta publishes {@code drum_kit_rnn}:
 * {@code config.json} (the model type and its data converter), {@code weights_manifest.json}
 * (TensorFlow.js weight groups: shard file names, then each weight's name, shape and dtype, laid
 * out back to back across the group's shards) and the binary shards. Reading checks everything
 * Downbeat's graph relies on and refuses the rest with a message naming the file and the field.
 * Immutable once read; any thread.
 */
public final class MagentaCheckpoint {
    /** The files of a checkpoint folder. */
    public static final String CONFIG_FILE = "config.json";
    /** See {@link #CONFIG_FILE}. */
    public static final String MANIFEST_FILE = "weights_manifest.json";

    /** Magenta's drum classes ({@code DEFAULT_DRUM_PITCH_CLASSES}), used when the config names none. */
    public static final List<List<Integer>> DEFAULT_PITCH_CLASSES = List.of(
            List.of(36, 35),
            List.of(38, 27, 28, 31, 32, 33, 34, 37, 39, 40, 56, 65, 66, 75, 85),
            List.of(42, 44, 54, 68, 69, 70, 71, 73, 78, 80),
            List.of(46, 67, 72, 74, 79, 81),
            List.of(45, 29, 41, 61, 64, 84),
            List.of(48, 47, 60, 63, 77, 86, 87),
            List.of(50, 30, 43, 62, 76, 83),
            List.of(49, 55, 57, 58),
            List.of(51, 52, 53, 59, 82));

    private static final int ATTENTION_LENGTH = 32;
    private static final int COUNTER_BITS = 6;

    private final Path folder;
    private final List<List<Integer>> classPitches;
    private final Map<String, CheckpointTensor> tensors;

    private MagentaCheckpoint(Path folder, List<List<Integer>> classPitches, Map<String, CheckpointTensor> tensors) {
        this.folder = folder;
        this.classPitches = classPitches;
        this.tensors = tensors;
    }

    /**
     * Reads and checks a checkpoint folder.
     *
     * @throws ImportException naming the missing or malformed file, field or shard
     */
    public static MagentaCheckpoint read(Path folder) throws ImportException {
        if (!Files.isDirectory(folder)) {
            throw new ImportException(folder + " is not a folder (a Magenta.js checkpoint is a folder with "
                    + CONFIG_FILE + ", " + MANIFEST_FILE + " and weight shards)");
        }
        List<List<Integer>> pitches = readConfig(folder.resolve(CONFIG_FILE));
        Map<String, CheckpointTensor> tensors = readWeights(folder);
        return new MagentaCheckpoint(folder, pitches, tensors);
    }

    /** The folder read. */
    public Path folder() {
        return folder;
    }

    /** The 9 drum classes' input pitches: the config's, or Magenta's defaults. */
    public List<List<Integer>> classPitches() {
        return classPitches;
    }

    /** Every weight in the manifest, by name, in manifest order. */
    public Map<String, CheckpointTensor> tensors() {
        return tensors;
    }

    // ---- config.json

    private static List<List<Integer>> readConfig(Path file) throws ImportException {
        Map<?, ?> config = object(parseJson(file), CONFIG_FILE);
        Object type = config.get("type");
        if (!"MusicRNN".equals(type)) {
            throw new ImportException(CONFIG_FILE + ": model type " + quoted(type)
                    + " is not supported (Downbeat imports MusicRNN checkpoints of drum_kit_rnn)");
        }
        Map<?, ?> converter = object(config.get("dataConverter"), CONFIG_FILE + " \"dataConverter\"");
        Object converterType = converter.get("type");
        if (!"DrumsOneHotConverter".equals(converterType)) {
            throw new ImportException(CONFIG_FILE + ": data converter " + quoted(converterType)
                    + " is not supported (drum_kit_rnn uses DrumsOneHotConverter: 9 drum classes, 512 events)");
        }
        if (config.get("chordEncoder") != null) {
            throw new ImportException(CONFIG_FILE + ": the model is conditioned on chords (\"chordEncoder\"), "
                    + "which Downbeat's drum graph has no input for");
        }
        Object attention = config.get("attentionLength");
        if (!(attention instanceof Double) || (Double) attention != ATTENTION_LENGTH) {
            throw new ImportException(CONFIG_FILE + ": \"attentionLength\" is " + quoted(attention)
                    + ", but Downbeat's graph is drum_kit_rnn with attention over " + ATTENTION_LENGTH + " steps");
        }
        checkCounter(config.get("auxInputs"));
        Object args = converter.get("args");
        Object pitchClasses = args instanceof Map ? ((Map<?, ?>) args).get("pitchClasses") : null;
        return pitchClasses == null ? DEFAULT_PITCH_CLASSES : pitchClasses(pitchClasses);
    }

    private static void checkCounter(Object auxInputs) throws ImportException {
        String expected = "drum_kit_rnn has exactly one auxiliary input, {\"type\": \"BinaryCounter\", "
                + "\"args\": {\"numBits\": " + COUNTER_BITS + "}}";
        if (!(auxInputs instanceof List) || ((List<?>) auxInputs).size() != 1
                || !(((List<?>) auxInputs).get(0) instanceof Map)) {
            throw new ImportException(CONFIG_FILE + ": \"auxInputs\" is " + quoted(auxInputs) + "; " + expected);
        }
        Map<?, ?> counter = (Map<?, ?>) ((List<?>) auxInputs).get(0);
        Object bits = counter.get("args") instanceof Map ? ((Map<?, ?>) counter.get("args")).get("numBits") : null;
        if (!"BinaryCounter".equals(counter.get("type")) || !(bits instanceof Double) || (Double) bits != COUNTER_BITS) {
            throw new ImportException(CONFIG_FILE + ": auxiliary input " + quoted(counter.get("type")) + " with numBits "
                    + quoted(bits) + "; " + expected);
        }
    }

    private static List<List<Integer>> pitchClasses(Object value) throws ImportException {
        String what = CONFIG_FILE + " \"pitchClasses\"";
        if (!(value instanceof List) || ((List<?>) value).size() != DEFAULT_PITCH_CLASSES.size()) {
            throw new ImportException(what + " must be a list of " + DEFAULT_PITCH_CLASSES.size()
                    + " pitch lists (Downbeat's drum encoding has 9 classes)");
        }
        List<List<Integer>> classes = new ArrayList<>();
        for (Object list : (List<?>) value) {
            if (!(list instanceof List) || ((List<?>) list).isEmpty()) {
                throw new ImportException(what + " holds " + quoted(list) + ", not a non-empty list of pitches");
            }
            List<Integer> pitches = new ArrayList<>();
            for (Object p : (List<?>) list) {
                if (!(p instanceof Double) || (Double) p != Math.rint((Double) p) || (Double) p < 0 || (Double) p > 127) {
                    throw new ImportException(what + " holds " + quoted(p) + ", not a MIDI pitch 0..127");
                }
                pitches.add(((Double) p).intValue());
            }
            classes.add(List.copyOf(pitches));
        }
        return List.copyOf(classes);
    }

    // ---- weights_manifest.json and the shards

    private static Map<String, CheckpointTensor> readWeights(Path folder) throws ImportException {
        Object manifest = parseJson(folder.resolve(MANIFEST_FILE));
        if (!(manifest instanceof List) || ((List<?>) manifest).isEmpty()) {
            throw new ImportException(MANIFEST_FILE + " must be a non-empty list of weight groups");
        }
        Map<String, CheckpointTensor> tensors = new LinkedHashMap<>();
        int groupNumber = 0;
        for (Object groupValue : (List<?>) manifest) {
            groupNumber++;
            String where = MANIFEST_FILE + " group " + groupNumber;
            Map<?, ?> group = object(groupValue, where);
            List<String> paths = strings(group.get("paths"), where + " \"paths\"");
            List<WeightEntry> weights = weightEntries(group.get("weights"), where);
            ByteBuffer bytes = concatenatedShards(folder, paths, where);
            long needed = 0;
            for (WeightEntry w : weights) {
                needed += w.byteLength();
            }
            if (bytes.remaining() != needed) {
                throw new ImportException(shardSizeMessage(where, paths, bytes.remaining(), needed, weights));
            }
            for (WeightEntry w : weights) {
                CheckpointTensor tensor = w.decode(bytes);
                if (tensors.put(w.name(), tensor) != null) {
                    throw new ImportException(MANIFEST_FILE + " lists the weight \"" + w.name() + "\" twice");
                }
            }
        }
        return tensors;
    }

    private static String shardSizeMessage(String where, List<String> paths, long have, long needed,
                                           List<WeightEntry> weights) {
        if (have > needed) {
            return "the shards of " + where + " " + paths + " hold " + have + " bytes, but its " + weights.size()
                    + " weights take " + needed + ": the manifest does not describe these shards";
        }
        long offset = 0;
        String firstShort = "";
        for (WeightEntry w : weights) {
            offset += w.byteLength();
            if (offset > have) {
                firstShort = w.name();
                break;
            }
        }
        return "the shards of " + where + " " + paths + " hold " + have + " bytes, but its " + weights.size()
                + " weights need " + needed + ": a shard is short or truncated (\"" + firstShort
                + "\" and the weights after it are incomplete)";
    }

    private static ByteBuffer concatenatedShards(Path folder, List<String> paths, String where) throws ImportException {
        if (paths.isEmpty()) {
            throw new ImportException(where + " lists no shard files");
        }
        List<byte[]> shards = new ArrayList<>();
        long total = 0;
        for (String name : paths) {
            Path shard = folder.resolve(name).normalize();
            if (!shard.startsWith(folder.normalize()) || name.isEmpty()) {
                throw new ImportException(where + " names the shard \"" + name + "\" outside the checkpoint folder");
            }
            if (!Files.isRegularFile(shard)) {
                throw new ImportException(MANIFEST_FILE + " lists the shard \"" + name + "\", but " + shard + " is missing");
            }
            try {
                byte[] data = Files.readAllBytes(shard);
                shards.add(data);
                total += data.length;
            } catch (IOException unreadable) {
                throw new ImportException("shard " + shard + " cannot be read: " + unreadable.getMessage(), unreadable);
            }
        }
        if (total > Integer.MAX_VALUE) {
            throw new ImportException(where + ": shards of " + total + " bytes are far larger than drum_kit_rnn");
        }
        ByteBuffer all = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] data : shards) {
            all.put(data);
        }
        return all.flip();
    }

    private static List<WeightEntry> weightEntries(Object value, String where) throws ImportException {
        if (!(value instanceof List)) {
            throw new ImportException(where + " has no \"weights\" list");
        }
        List<WeightEntry> entries = new ArrayList<>();
        for (Object entryValue : (List<?>) value) {
            Map<?, ?> entry = object(entryValue, where + " weight");
            Object name = entry.get("name");
            if (!(name instanceof String)) {
                throw new ImportException(where + " has a weight without a \"name\"");
            }
            String what = MANIFEST_FILE + " weight \"" + name + "\"";
            String dtype = text(entry.get("dtype"), what + " dtype");
            Quantization quantization = quantization(entry.get("quantization"), what);
            entries.add(new WeightEntry((String) name, shape(entry.get("shape"), what), dtype, quantization,
                    bytesPerElement((String) name, dtype, quantization)));
        }
        return entries;
    }

    private static int[] shape(Object value, String what) throws ImportException {
        if (!(value instanceof List)) {
            throw new ImportException(what + " has no \"shape\" list");
        }
        List<?> dims = (List<?>) value;
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            Object d = dims.get(i);
            if (!(d instanceof Double) || (Double) d != Math.rint((Double) d) || (Double) d < 0 || (Double) d > 1 << 24) {
                throw new ImportException(what + " has the dimension " + quoted(d) + ", not a size");
            }
            shape[i] = ((Double) d).intValue();
        }
        return shape;
    }

    private static Quantization quantization(Object value, String what) throws ImportException {
        if (value == null) {
            return null;
        }
        Map<?, ?> q = object(value, what + " quantization");
        String dtype = text(q.get("dtype"), what + " quantization dtype");
        if (dtype.equals("float16")) {
            return new Quantization(dtype, 0, 0);
        }
        if (!dtype.equals("uint8") && !dtype.equals("uint16")) {
            throw new ImportException(what + ": quantization " + quoted(dtype) + " is not supported (uint8, uint16, float16 are)");
        }
        if (!(q.get("scale") instanceof Double) || !(q.get("min") instanceof Double)) {
            throw new ImportException(what + ": " + dtype + " quantization needs \"scale\" and \"min\"");
        }
        return new Quantization(dtype, (Double) q.get("scale"), (Double) q.get("min"));
    }

    /** TensorFlow.js quantization of one weight: stored integers (or halves) that expand to floats. */
    private record Quantization(String dtype, double scale, double min) {
        int bytesPerElement() {
            return dtype.equals("uint8") ? 1 : 2;
        }
    }

    private static int bytesPerElement(String name, String dtype, Quantization quantization) throws ImportException {
        if (quantization != null) {
            return quantization.bytesPerElement();
        }
        switch (dtype) {
            case "float32":
            case "int32":
                return 4;
            case "bool":
                return 1;
            default:
                throw new ImportException(MANIFEST_FILE + " weight \"" + name + "\" has dtype " + quoted(dtype)
                        + " (float32, int32 and bool are supported)");
        }
    }

    /** One weight as the manifest describes it, before its bytes are read. */
    private record WeightEntry(String name, int[] shape, String dtype, Quantization quantization, int bytesPerElement) {
        long byteLength() {
            return CheckpointTensor.elementCount(shape) * bytesPerElement;
        }

        /** Reads this weight's values from the group's bytes, advancing past them. */
        CheckpointTensor decode(ByteBuffer bytes) {
            int n = (int) CheckpointTensor.elementCount(shape);
            float[] values = new float[n];
            if (quantization != null) {
                for (int i = 0; i < n; i++) {
                    values[i] = switch (quantization.dtype()) {
                        case "uint8" -> (float) ((bytes.get() & 0xff) * quantization.scale() + quantization.min());
                        case "uint16" -> (float) ((bytes.getShort() & 0xffff) * quantization.scale() + quantization.min());
                        default -> halfToFloat(bytes.getShort());
                    };
                }
            } else {
                for (int i = 0; i < n; i++) {
                    values[i] = switch (dtype) {
                        case "float32" -> bytes.getFloat();
                        case "int32" -> bytes.getInt();
                        default -> bytes.get() != 0 ? 1f : 0f;
                    };
                }
            }
            return new CheckpointTensor(name, shape, values);
        }
    }

    /** IEEE 754 half precision to float (the JDK has this only from Java 20). */
    static float halfToFloat(short half) {
        int sign = (half >> 15) & 1;
        int exponent = (half >> 10) & 0x1f;
        int mantissa = half & 0x3ff;
        float magnitude;
        if (exponent == 0) {
            magnitude = mantissa * 0x1p-24f;
        } else if (exponent == 31) {
            magnitude = mantissa == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            magnitude = Float.intBitsToFloat(((exponent + 112) << 23) | (mantissa << 13));
        }
        return sign == 1 ? -magnitude : magnitude;
    }

    // ---- JSON helpers

    private static Object parseJson(Path file) throws ImportException {
        if (!Files.isRegularFile(file)) {
            throw new ImportException(file.getParent() + " has no " + file.getFileName() + " (a Magenta.js checkpoint folder has "
                    + CONFIG_FILE + ", " + MANIFEST_FILE + " and weight shards)");
        }
        try {
            return JsonText.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException unreadable) {
            throw new ImportException(file + " cannot be read: " + unreadable.getMessage(), unreadable);
        } catch (IllegalArgumentException badJson) {
            throw new ImportException(file.getFileName() + " is not valid JSON: " + badJson.getMessage(), badJson);
        }
    }

    private static Map<?, ?> object(Object value, String what) throws ImportException {
        if (!(value instanceof Map)) {
            throw new ImportException(what + " must be a JSON object");
        }
        return (Map<?, ?>) value;
    }

    private static String text(Object value, String what) throws ImportException {
        if (!(value instanceof String)) {
            throw new ImportException(what + " must be a string");
        }
        return (String) value;
    }

    private static List<String> strings(Object value, String what) throws ImportException {
        if (!(value instanceof List)) {
            throw new ImportException(what + " must be a list of file names");
        }
        List<String> out = new ArrayList<>();
        for (Object s : (List<?>) value) {
            out.add(text(s, what + " entry"));
        }
        return out;
    }

    private static String quoted(Object value) {
        if (value == null) {
            return "missing";
        }
        if (value instanceof Double && (Double) value == Math.rint((Double) value)) {
            return Long.toString(((Double) value).longValue());
        }
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }
}
