package dev.downbeat.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The two files of a model (the drum model and the groove model alike), the graph and its spec,
 * read whole from a model folder or from the class-path folder bundled inside Downbeat; every
 * failure is a {@link ModelLoadException} that names the file. Any thread but the audio thread
 * (it reads files).
 *
 * @param onnx     the ONNX graph's bytes
 * @param specJson the spec file's text
 * @param onnxName names the graph file in messages
 * @param specName names the spec file in messages
 */
public record ModelFiles(byte[] onnx, String specJson, String onnxName, String specName) {
    /** Class-path folder of the models that ship inside Downbeat. */
    public static final String BUNDLED_RESOURCE = "/dev/downbeat/model/bundled/";

    /**
     * Reads a model bundled with Downbeat.
     *
     * @param kind what the model is, for messages ("model", "groove model": "the bundled model
     *             (class path ...) has no spec.json")
     * @throws ModelLoadException if the build lacks a file or it cannot be read
     */
    public static ModelFiles bundled(String onnxFile, String specFile, String kind) throws ModelLoadException {
        String where = "the bundled " + kind + " (class path " + BUNDLED_RESOURCE + ")";
        byte[] onnx = bundled(onnxFile, where);
        String spec = new String(bundled(specFile, where), StandardCharsets.UTF_8);
        return new ModelFiles(onnx, spec, onnxFile, specFile);
    }

    /**
     * Reads a model from a model folder.
     *
     * @param kind what the folder holds, for messages ("model", "groove model")
     * @throws ModelLoadException if the folder or a file is missing or unreadable
     */
    public static ModelFiles inFolder(Path folder, String onnxFile, String specFile, String kind) throws ModelLoadException {
        requireFolder(folder, kind);
        Path onnxPath = folder.resolve(onnxFile);
        Path specPath = folder.resolve(specFile);
        byte[] onnx = read(onnxPath, kind);
        String spec = new String(read(specPath, kind), StandardCharsets.UTF_8);
        return new ModelFiles(onnx, spec, onnxPath.toString(), specPath.toString());
    }

    /**
     * Checks that a model folder exists before its files are read.
     *
     * @param kind what the folder holds, for the message ("model", "groove model")
     * @throws ModelLoadException if {@code folder} is not a folder
     */
    private static void requireFolder(Path folder, String kind) throws ModelLoadException {
        if (!Files.isDirectory(folder)) {
            throw new ModelLoadException(kind + " folder " + folder + " does not exist or is not a folder");
        }
    }

    /**
     * Reads one file of a model folder whole.
     *
     * @param kind what the file belongs to, for the message ("model", "groove model")
     * @throws ModelLoadException if the file is missing or unreadable
     */
    private static byte[] read(Path file, String kind) throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(kind + " file " + file + " is missing");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException unreadable) {
            throw new ModelLoadException(kind + " file " + file + " cannot be read: " + unreadable.getMessage(), unreadable);
        }
    }

    /**
     * Reads one file of the bundled class-path folder whole.
     *
     * @param where names the bundled model in messages
     * @throws ModelLoadException if the build lacks the file or it cannot be read
     */
    private static byte[] bundled(String name, String where) throws ModelLoadException {
        try (InputStream in = ModelFiles.class.getResourceAsStream(BUNDLED_RESOURCE + name)) {
            if (in == null) {
                throw new ModelLoadException(where + " has no " + name);
            }
            return in.readAllBytes();
        } catch (IOException unreadable) {
            throw new ModelLoadException(where + ": " + name + " cannot be read: " + unreadable.getMessage(), unreadable);
        }
    }

    /**
     * Parses a spec file's text, which must hold one JSON object.
     *
     * @param where names the file in messages
     * @throws ModelLoadException if the text is not JSON or not an object
     */
    public static Map<?, ?> jsonObject(String json, String where) throws ModelLoadException {
        Object root;
        try {
            root = JsonText.parse(json);
        } catch (IllegalArgumentException badJson) {
            throw new ModelLoadException(where + " is not valid JSON: " + badJson.getMessage());
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new ModelLoadException(where + " must hold a JSON object");
        }
        return map;
    }

    /** Checks a spec's {@code format} against the one this Downbeat reads, naming the file. */
    public static void checkFormat(String format, String expected, String where) throws ModelLoadException {
        if (!expected.equals(format)) {
            throw new ModelLoadException(where + ": format is \"" + format + "\", expected \"" + expected + "\"");
        }
    }

    /**
     * Checks a spec's {@code version} against the one this Downbeat reads.
     *
     * @param label how messages name the version, e.g. "format version"
     */
    public static void checkVersion(int version, int expected, String label, String where) throws ModelLoadException {
        if (version != expected) {
            throw new ModelLoadException(where + ": " + label + " " + version + " is not supported (this Downbeat reads "
                    + expected + ")");
        }
    }

    /** The first line of an ONNX Runtime message (the rest is a native stack), for user messages. */
    public static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
