package dev.downbeat.model.bench;

import dev.downbeat.model.DrumGenerator;
import dev.downbeat.model.DrumModel;
import dev.downbeat.model.DrumPattern;
import dev.downbeat.model.StepSampler;
import dev.downbeat.model.groove.Groove;
import dev.downbeat.model.groove.GrooveModel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * What the groove step adds to writing a bar: grooving one bar with two bars of context (the
 * plugin's worker call), against writing one DrumRNN bar (16 × sample + step), in the same run.
 *
 * <pre>
 *   mvn -q -B -o -pl model test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 *   java -cp model/target/test-classes:model/target/classes:$(cat model/target/cp.txt) org.openjdk.jmh.Main GrooveBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class GrooveBenchmark {
    private GrooveModel groove;
    private DrumModel drums;
    private DrumGenerator generator;
    private int[] threeBars;
    private long seed;

    @Setup
    public void load() throws Exception {
        groove = GrooveModel.loadBundled();
        drums = DrumModel.loadBundled();
        generator = drums.newGenerator();
        threeBars = generator.continueSeed(DrumPattern.DEFAULT_SEED.slice(0, 0).append(new int[] {1}), 47,
                new StepSampler(1.0, 1)).events();
    }

    @Benchmark
    public Groove grooveOneBar() throws Exception {
        return groove.groove(threeBars, 32, 120);
    }

    @Benchmark
    public DrumPattern writeOneBar() {
        generator.reset();
        return generator.continueSeed(DrumPattern.DEFAULT_SEED, 16, new StepSampler(1.0, seed++));
    }

    @TearDown
    public void close() {
        generator.close();
        drums.close();
        groove.close();
    }
}
