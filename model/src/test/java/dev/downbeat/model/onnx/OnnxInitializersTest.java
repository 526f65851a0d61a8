package dev.downbeat.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.downbeat.model.DrumModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxInitializersTest {
    private static byte[] bundledOnnx() throws IOException {
        try (InputStream in = DrumModel.class.getResourceAsStream(DrumModel.BUNDLED_RESOURCE + DrumModel.ONNX_FILE)) {
            return in.readAllBytes();
        }
    }

    @Test
    void findsTheBundledGraphsWeightsWithTheirShapes() throws IOException {
        Map<String, OnnxInitializers.Initializer> found = OnnxInitializers.read(bundledOnnx());
        assertThat(found.get("model.linear1.weight").dims()).containsExactly(518, 774);
        assertThat(found.get("model.cells.0.weight").dims()).containsExactly(1024, 774);
        assertThat(found.get("model.cells.2.weight").dims()).containsExactly(1024, 512);
        assertThat(found.get("model.attn_w").dims()).containsExactly(256, 256);
        assertThat(found.get("model.dense.bias").dims()).containsExactly(512);
        for (OnnxInitializers.Initializer i : found.values()) {
            assertThat(i.dataType()).isEqualTo(OnnxInitializers.FLOAT);
            assertThat((long) i.rawDataLength()).isEqualTo(4 * i.elementCount());
        }
    }

    @Test
    void rewritingWithTheSameValuesGivesTheSameBytes() throws IOException {
        byte[] model = bundledOnnx();
        Map<String, float[]> same = new HashMap<>();
        for (OnnxInitializers.Initializer i : OnnxInitializers.read(model).values()) {
            same.put(i.name(), OnnxInitializers.floats(model, i));
        }
        assertThat(Arrays.equals(OnnxInitializers.withFloats(model, same), model)).isTrue();
    }

    @Test
    void rewrittenValuesReadBackAndNothingElseChanges() throws IOException {
        byte[] model = bundledOnnx();
        float[] bias = new float[512];
        Arrays.fill(bias, 0.25f);
        bias[3] = -7f;
        byte[] patched = OnnxInitializers.withFloats(model, Map.of("model.dense.bias", bias));
        Map<String, OnnxInitializers.Initializer> found = OnnxInitializers.read(patched);
        assertThat(OnnxInitializers.floats(patched, found.get("model.dense.bias"))).isEqualTo(bias);
        OnnxInitializers.Initializer where = found.get("model.dense.bias");
        int changed = 0;
        for (int b = 0; b < model.length; b++) {
            if (model[b] != patched[b]) {
                assertThat(b).isBetween(where.rawDataOffset(), where.rawDataOffset() + where.rawDataLength() - 1);
                changed++;
            }
        }
        assertThat(changed).isPositive();
    }

    @Test
    void refusesWrongSizesAndUnknownNames() throws IOException {
        byte[] model = bundledOnnx();
        assertThatThrownBy(() -> OnnxInitializers.withFloats(model, Map.of("model.dense.bias", new float[511])))
                .hasMessageContaining("model.dense.bias").hasMessageContaining("512");
        assertThatThrownBy(() -> OnnxInitializers.withFloats(model, Map.of("model.nothing", new float[1])))
                .hasMessageContaining("no initializer \"model.nothing\"");
    }

    @Test
    void truncatedModelIsReportedNotCrashed() throws IOException {
        byte[] model = bundledOnnx();
        byte[] cut = Arrays.copyOf(model, model.length / 2);
        assertThatThrownBy(() -> OnnxInitializers.read(cut)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("protobuf");
        assertThatThrownBy(() -> OnnxInitializers.read("not a model at all".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
