package dev.downbeat.dsp.bench;

import dev.downbeat.dsp.DrumEngine;
import dev.downbeat.dsp.KitPiece;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The whole engine per block at 48 kHz with the bundled kit and default room: all nine pieces
 * retriggered every 100 ms, so nine or more voices sound in every block (open hats choked).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EngineBenchmark {
    @Param({"64", "256", "1024"})
    int block;

    private DrumEngine engine;
    private float[] left, right;
    private long frame;
    private static final int RETRIGGER = 4800;

    @Setup
    public void setUp() {
        engine = new DrumEngine();
        engine.prepare(48000, block);
        left = new float[block];
        right = new float[block];
    }

    @Benchmark
    public float nineVoicesBusy() {
        long untilHit = (RETRIGGER - frame % RETRIGGER) % RETRIGGER;
        if (untilHit < block) {
            for (int piece = 0; piece < KitPiece.COUNT; piece++) {
                engine.noteOn(piece, 0.8f, untilHit);
            }
        }
        engine.process(left, right, 0, block);
        frame += block;
        return left[0] + right[block - 1];
    }
}
