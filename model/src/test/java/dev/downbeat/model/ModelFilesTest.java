package dev.downbeat.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
    @Test
    void aBuildThatLacksABundledFileSaysWhichModelAndWhere() {
        assertThatThrownBy(() -> ModelFiles.bundled("missing.onnx", DrumModel.SPEC_FILE, "groove model"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("the bundled groove model (class path /dev/downbeat/model/bundled/) has no missing.onnx");
    }

    @Test
    void aFolderThatLacksAFileSaysWhichModelAndTheFile(@TempDir Path dir) {
        assertThatThrownBy(() -> ModelFiles.inFolder(dir, DrumModel.ONNX_FILE, DrumModel.SPEC_FILE, "model"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("model file " + dir.resolve(DrumModel.ONNX_FILE) + " is missing");
    }
}
