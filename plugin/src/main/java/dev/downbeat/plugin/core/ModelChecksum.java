package dev.downbeat.plugin.core;

import dev.downbeat.model.DrumModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint a project keeps of the model it was made with: SHA-256 over {@code drum_rnn.onnx}
 * then {@code spec.json} of the model folder, as lowercase hex. A project reopened against a folder
 * whose files changed (retrained, replaced) is told apart from the one it was saved with. Pure; any
 * non-audio thread (reads the files).
 */
public final class ModelChecksum {
    private ModelChecksum() {
    }

    /** @throws IOException if either file cannot be read */
    public static String of(Path folder) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) { // every JDK has SHA-256
            throw new IllegalStateException(impossible);
        }
        for (String name : new String[] {DrumModel.ONNX_FILE, DrumModel.SPEC_FILE}) {
            sha.update(Files.readAllBytes(folder.resolve(name)));
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
