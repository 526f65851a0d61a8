package dev.downbeat.dsp;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Does the cost model's {@link PartitionPlan#OWN_FFT_SPEEDUP} pick faster plans? For each room and
 * block, the plans {@link PartitionPlan#choose(int, int, double)} picks with several speedups are
 * run in this one JVM on the same input (stereo, two lanes, as the engine runs them), all warmed
 * up first, then in rounds alternating between the plans; each plan keeps its fastest round of
 * this thread's CPU time. Prints CPU seconds per second of audio per plan.
 *
 * <p>{@code java -cp ... dev.downbeat.dsp.PlanTrial [ROUNDS] [SPEEDUPS,...] [IR/BLOCK ...]}, e.g.
 * {@code PlanTrial 7 1.0,1.3 0.5/256 2/1024}
 */
public final class PlanTrial {
    static volatile float sink;

    private PlanTrial() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        String[] speedups = (args.length > 1 ? args[1] : "1.0,1.15,1.3,1.45").split(",");
        List<String> cases = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            cases.add(args[i]);
        }
        if (cases.isEmpty()) {
            for (String ir : new String[] {"room", "0.5", "2", "4"}) {
                for (int block : new int[] {32, 64, 256, 1024}) {
                    cases.add(ir + "/" + block);
                }
            }
        }
        double rate = 48000, seconds = 5;
        float[][] input = ReverbBench.noise(rate, 10, 1);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String c : cases) {
            String ir = c.split("/")[0];
            int block = Integer.parseInt(c.split("/")[1]);
            ImpulseResponse room = ir.equals("room") ? ImpulseResponse.defaultRoom() : ReverbBench.syntheticRoom(rate, Double.parseDouble(ir));
            float[][] h = room.channelsAt(rate);
            int headBlock = PartitionedConvolver.headBlockFor(block);
            Map<String, PartitionPlan> plans = new LinkedHashMap<>();
            Map<String, String> pickedBy = new LinkedHashMap<>();
            for (String speedup : speedups) {
                PartitionPlan plan = PartitionPlan.choose(h[0].length, headBlock, Double.parseDouble(speedup));
                String name = ReverbBench.describe(plan);
                plans.putIfAbsent(name, plan);
                pickedBy.merge(name, speedup, (a, b) -> a + "," + b);
            }
            Map<String, Double> best = new LinkedHashMap<>();
            for (int round = -1; round < rounds; round++) { // round -1: 30 s of warm-up per plan
                for (Map.Entry<String, PartitionPlan> plan : plans.entrySet()) {
                    PartitionedConvolver left = new PartitionedConvolver(h[0], plan.getValue(), 0, 2);
                    PartitionedConvolver right = new PartitionedConvolver(h[1], plan.getValue(), 1, 2);
                    long start = threads.getCurrentThreadCpuTime();
                    double audio = run(left, right, block, (round < 0 ? 30 : seconds) * rate, input);
                    double cpu = (threads.getCurrentThreadCpuTime() - start) * 1e-9 / audio;
                    if (round >= 0) {
                        best.merge(plan.getKey(), cpu, Math::min);
                    }
                }
            }
            double fastest = best.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            for (Map.Entry<String, Double> plan : best.entrySet()) {
                System.out.printf("%-5s %5d  %.5f  %.3f  speedup %-16s %s%n", ir, block, plan.getValue(), plan.getValue() / fastest,
                        pickedBy.get(plan.getKey()), plan.getKey());
            }
        }
    }

    private static double run(PartitionedConvolver left, PartitionedConvolver right, int block, double frames, float[][] input) {
        long blocks = (long) (frames / block);
        float[] outLeft = new float[block], outRight = new float[block];
        float sum = 0;
        for (long b = 0; b < blocks; b++) {
            int at = (int) ((b * block) % (input[0].length - block));
            left.process(input[0], at, outLeft, 0, block);
            right.process(input[1], at, outRight, 0, block);
            sum += outLeft[block - 1];
        }
        sink = sum;
        return blocks * block / 48000.0;
    }
}
