package dev.downbeat.model.magenta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MagentaCheckpointTest {
    @TempDir
    Path temp;

    @Test
    void readsQuantizedWeightsAsTensorFlowJsExpandsThem() throws Exception {
        CheckpointFixture fixture = new CheckpointFixture(1, false);
        fixture.write(temp);
        // Append a uint8-quantized extra weight group; extra tensors are read and then ignored.
        Files.write(temp.resolve("group2-shard1of1"), new byte[] {0, 1, (byte) 255});
        String manifest = Files.readString(temp.resolve("weights_manifest.json"));
        manifest = manifest.substring(0, manifest.length() - 1) + ", {\"paths\": [\"group2-shard1of1\"], \"weights\": [{\"name\": "
                + "\"extra\", \"shape\": [3], \"dtype\": \"float32\", \"quantization\": {\"dtype\": \"uint8\", \"scale\": 0.5, "
                + "\"min\": -1}}]}]";
        Files.writeString(temp.resolve("weights_manifest.json"), manifest);

        MagentaCheckpoint checkpoint = MagentaCheckpoint.read(temp);

        assertThat(checkpoint.tensors().get("extra").values()).containsExactly(-1f, -0.5f, 126.5f);
        assertThat(checkpoint.tensors().get(DrumKitRnnWeights.DENSE_BIASES).values())
                .isEqualTo(fixture.values.get(DrumKitRnnWeights.DENSE_BIASES));
    }

    @Test
    void halfPrecisionExpandsExactly() {
        assertThat(MagentaCheckpoint.halfToFloat((short) 0x3c00)).isEqualTo(1f);
        assertThat(MagentaCheckpoint.halfToFloat((short) 0xc000)).isEqualTo(-2f);
        assertThat(MagentaCheckpoint.halfToFloat((short) 0x3555)).isEqualTo(0.33325195f);
        assertThat(MagentaCheckpoint.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(MagentaCheckpoint.halfToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
    }
}
