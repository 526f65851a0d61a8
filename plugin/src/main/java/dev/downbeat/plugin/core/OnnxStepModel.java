package dev.downbeat.plugin.core;

import dev.downbeat.model.DrumGenerator;
import dev.downbeat.model.DrumModel;
import dev.downbeat.model.GeneratorSnapshot;
import dev.downbeat.model.ModelLoadException;

/** The trained DrumRNN (ONNX Runtime) as a {@link StepModel}. Worker thread. */
public final class OnnxStepModel implements StepModel {
    private final DrumModel model;
    private final DrumGenerator generator;
    private final float[] logits = new float[StepSampling.EVENTS];

    private OnnxStepModel(DrumModel model, DrumGenerator generator) {
        this.model = model;
        this.generator = generator;
    }

    /** Loads the model bundled in the jar. Host or worker thread. */
    public static OnnxStepModel bundled() throws ModelLoadException {
        DrumModel model = DrumModel.loadBundled();
        try {
            return new OnnxStepModel(model, model.newGenerator());
        } catch (ModelLoadException | RuntimeException failed) {
            model.close();
            throw failed;
        }
    }

    /** Loads a model folder (drum_rnn.onnx + spec.json). */
    public static OnnxStepModel load(java.nio.file.Path folder) throws ModelLoadException {
        DrumModel model = DrumModel.load(folder);
        try {
            return new OnnxStepModel(model, model.newGenerator());
        } catch (ModelLoadException | RuntimeException failed) {
            model.close();
            throw failed;
        }
    }

    /** Where the model came from ("bundled model" or its folder), for display. Any thread. */
    public String description() {
        return model.description();
    }

    /** The model's validation NLL (nats/step) from training, NaN when its spec has none. Any thread. */
    public double validNll() {
        return model.spec().validNll();
    }

    @Override public void reset() { generator.reset(); }
    @Override public void feed(int event) { generator.feed(event); }

    @Override
    public void logits(float[] out, int offset) {
        generator.logits(logits);
        System.arraycopy(logits, 0, out, offset, logits.length);
    }

    @Override public int position() { return generator.position(); }
    @Override public Object snapshot() { return generator.snapshot(); }
    @Override public void restore(Object snapshot) { generator.restore((GeneratorSnapshot) snapshot); }

    @Override
    public void close() {
        generator.close();
        model.close();
    }
}
