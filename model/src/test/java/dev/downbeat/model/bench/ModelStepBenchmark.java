package dev.downbeat.model.bench;

import dev.downbeat.model.DrumGenerator;
import dev.downbeat.model.DrumModel;
import dev.downbeat.model.DrumPattern;
import dev.downbeat.model.StepSampler;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The model's speed on one thread: one step, one 16-step bar (sample + feed), and the roofline
 * they are compared with in the same run: a plain fp32 matrix-vector product over as many
 * weights as the model has (2,967,850), which is the memory traffic a step cannot avoid.
 *
 * <pre>
 *   mvn -q -B -o -pl model -am install -DskipTests
 *   mvn -q -B -o -pl model test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 *   java -cp model/target/test-classes:model/target/classes:$(cat model/target/cp.txt) org.openjdk.jmh.Main ModelStepBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(1)
@Threads(1)
public class ModelStepBenchmark {
    /** Weights of drum_kit_rnn: linear1, 3 LSTM layers, attention, linear2/3, dense (see drumrnn.py). */
    static final int MODEL_WEIGHTS = 2_967_850;
    static final int COLUMNS = 1024;
    static final int ROWS = MODEL_WEIGHTS / COLUMNS;

    private DrumModel model;
    private DrumGenerator generator;
    private StepSampler sampler;
    private int event;
    private float[] matrix;
    private float[] vector;
    private float[] product;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        model = DrumModel.loadBundled();
        generator = model.newGenerator();
        sampler = new StepSampler(1.0, 1);
        generator.feedAll(DrumPattern.DEFAULT_SEED);
        SplittableRandom random = new SplittableRandom(1);
        matrix = new float[ROWS * COLUMNS];
        vector = new float[COLUMNS];
        product = new float[ROWS];
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = (float) random.nextDouble(-0.1, 0.1);
        }
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) random.nextDouble(-1, 1);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        generator.close();
        model.close();
    }

    /** One network step (ONNX Runtime run through pinned buffers). */
    @Benchmark
    public int step() {
        event = (event + 37) & 511;
        generator.feed(event);
        return generator.position();
    }

    /** One bar: 16 times sample the next step and feed it. */
    @Benchmark
    public int bar() {
        int last = 0;
        for (int i = 0; i < 16; i++) {
            last = generator.sampleAndFeed(sampler);
        }
        return last;
    }

    /** The roofline: y = W x over the model's weight count in plain Java fp32. */
    @Benchmark
    public float[] roofline() {
        float[] w = matrix;
        float[] x = vector;
        float[] y = product;
        for (int r = 0; r < ROWS; r++) {
            int base = r * COLUMNS;
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            for (int c = 0; c < COLUMNS; c += 4) {
                s0 += w[base + c] * x[c];
                s1 += w[base + c + 1] * x[c + 1];
                s2 += w[base + c + 2] * x[c + 2];
                s3 += w[base + c + 3] * x[c + 3];
            }
            y[r] = (s0 + s1) + (s2 + s3);
        }
        return y;
    }
}
