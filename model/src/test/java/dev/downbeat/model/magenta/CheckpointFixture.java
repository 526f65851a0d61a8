package dev.downbeat.model.magenta;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes Magenta.js drum_kit_rnn checkpoints with seeded random weights, the way Magenta
 * publishes them (config.json, weights_manifest.json, shards), for the importer's tests. Each
 * tensor's values are uniform in ±3/sqrt(fan-in) (the output layer's ±8/sqrt(fan-in)): large enough
 * that gates saturate, attention is peaked and the logits span several nats, as in a trained model,
 * so that a wrong mapping shows.
 */
final class CheckpointFixture {
    static final String CONFIG = "{\"type\": \"MusicRNN\", \"dataConverter\": {\"type\": \"DrumsOneHotConverter\", \"args\": {}},"
            + " \"attentionLength\": 32, \"auxInputs\": [{\"type\": \"BinaryCounter\", \"args\": {\"numBits\": 6}}]}";

    final Map<String, int[]> shapes = new LinkedHashMap<>(DrumKitRnnWeights.expectedShapes());
    final Map<String, float[]> values = new LinkedHashMap<>();
    String config = CONFIG;
    int shards = 2;

    CheckpointFixture(long seed, boolean zeroAttentionBias) {
        Random random = new Random(seed);
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            int[] shape = e.getValue();
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            double fanIn = shape.length >= 2 ? shape[shape.length - 2] : 256;
            double scale = (e.getKey().startsWith("fully_connected/") ? 8 : 3) / Math.sqrt(fanIn);
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
            }
            values.put(e.getKey(), v);
        }
        if (zeroAttentionBias) {
            values.put(DrumKitRnnWeights.ATTN_BIAS, new float[256]);
        }
    }

    /** Writes the checkpoint; returns the shard file names in order. */
    List<String> write(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(MagentaCheckpoint.CONFIG_FILE), config);
        int total = 0;
        for (float[] v : values.values()) {
            total += v.length * 4;
        }
        ByteBuffer all = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        StringBuilder weights = new StringBuilder();
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            for (float f : e.getValue()) {
                all.putFloat(f);
            }
            int[] shape = shapes.get(e.getKey());
            if (weights.length() > 0) {
                weights.append(", ");
            }
            weights.append("{\"name\": \"").append(e.getKey()).append("\", \"shape\": ")
                    .append(java.util.Arrays.toString(shape)).append(", \"dtype\": \"float32\"}");
        }
        List<String> names = new ArrayList<>();
        int per = (total + shards - 1) / shards;
        for (int s = 0; s < shards; s++) {
            String name = "group1-shard" + (s + 1) + "of" + shards;
            int from = s * per;
            int to = Math.min(total, from + per);
            byte[] part = new byte[to - from];
            System.arraycopy(all.array(), from, part, 0, part.length);
            Files.write(folder.resolve(name), part);
            names.add(name);
        }
        StringBuilder paths = new StringBuilder();
        for (String n : names) {
            paths.append(paths.length() == 0 ? "" : ", ").append('"').append(n).append('"');
        }
        Files.writeString(folder.resolve(MagentaCheckpoint.MANIFEST_FILE),
                "[{\"paths\": [" + paths + "], \"weights\": [" + weights + "]}]");
        return names;
    }
}
