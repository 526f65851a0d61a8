package dev.downbeat.dsp;

import java.lang.management.ManagementFactory;
import java.util.Random;

/**
 * Runs the engine through every audio-thread path (notes, steals, chokes, parameter ramps, kit
 * and room swaps) and prints the bytes the thread allocated inside {@code noteOn}/{@code process}.
 * Run in a JVM of its own by {@link DrumEngineTest}, interpreted (-Xint), where every allocation
 * the code makes really happens: nothing is optimized away, nothing is hidden by the JIT.
 */
public final class AllocationProbe {
    public static void main(String[] args) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        DrumEngine engine = new DrumEngine();
        // small kit and room: preparing the bundled ones interpreted would take minutes
        engine.setKit(TestKits.sines(44100, 200, 0.1f, 0.3));
        engine.setRoom(ImpulseResponse.of("room", Sample.mono(ReverbBench.noise(44100, 0.3, 5)[0], 44100)));
        engine.prepare(44100, 512);
        float[] left = new float[512], right = new float[512];
        Random random = new Random(3);
        int blocks = Integer.parseInt(args[0]);
        long total = 0;
        for (int b = 0; b < blocks; b++) {
            if (b == blocks / 3) {
                engine.setKit(TestKits.impulses(44100)); // published off the measured span
                engine.setRoom(ImpulseResponse.of("short", Sample.mono(new float[] {1, 0.5f, 0.25f}, 44100)));
            }
            engine.mix().setPan(b % 9, (b % 7) / 3f - 1);
            engine.mix().setLevel(b % 9, (b % 5) / 4f);
            engine.mix().setReverbMix((b % 11) / 10f);
            if (b % 50 == 0) {
                engine.requestReset();
            }
            long before = threads.getThreadAllocatedBytes(id);
            for (int k = 0; k < 12; k++) {
                engine.noteOn(random.nextInt(9), 0.1f + 0.9f * random.nextFloat(), random.nextInt(1024));
            }
            engine.process(left, right, 0, 1 + random.nextInt(512));
            total += threads.getThreadAllocatedBytes(id) - before;
        }
        System.out.println("allocated " + total);
    }
}
