package dev.downbeat.dsp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@link PartitionedConvolver} cuts an impulse response: a zero-latency head of
 * {@code headPartitions} blocks, then delayed stages of growing partition sizes, chosen to
 * minimize a cost model of this machine's FFT and multiply-add speed. Larger
 * partitions make long tails cheap; small ones keep the head fast and the latency zero.
 *
 * <p>Stages start at powers of two and partitions are powers of two, so every stage starts at a
 * whole number of its own partitions, which is what lets it run one block late.
 *
 * @param stages the delayed stages in order; each covers [offset, end)
 */
record PartitionPlan(int headBlock, int headPartitions, List<Stage> stages) {

    /** One delayed stage: partitions of {@code partition} samples covering [offset, end). */
    record Stage(int partition, int offset, int end) {
        int partitions() {
            return (end - offset + partition - 1) / partition;
        }
    }

    // Cost model, nanoseconds per sample per channel, measured with JTransforms 3.1 on x86-64:
    // a forward plus inverse real FFT of n = 2P costs about 2 ns · n · log2 n, i.e. 4·log2(2P)
    // per sample of a P-block; one complex multiply-add per bin about 1.7 ns; bookkeeping per stage.
    static final double FFT_NS_PER_LOG2 = 4.0;
    static final double MAC_NS_PER_PARTITION = 1.7;
    static final double STAGE_OVERHEAD_NS = 3.0;
    /**
     * How many times cheaper the model takes a transform on {@link ConvolutionFft} (sizes from
     * {@link StageTransform#OWN_FFT_FROM}) than JTransforms' of the same size. It measured 1.2–1.4×
     * for the pair ({@code FftPairRatio}), but in a plan trial ({@code PlanTrial}, docs/benchmarks.md)
     * the plans chosen with 1.15–1.45 ran 3–26 % slower than those chosen with 1.0 wherever they
     * differed but once (2 s at block 64, 2.8 % faster), so the model keeps 1.0.
     */
    static final double OWN_FFT_SPEEDUP = 1.0;

    /** Cost of one real transform of 2·partition in multiply-adds of one partition (the spread steps' weights). */
    static double transformWeight(int partition) {
        return transformPairCost(2 * partition, OWN_FFT_SPEEDUP) / 2 / MAC_NS_PER_PARTITION;
    }

    /** Model cost per sample of a block of n/2 of a forward plus inverse transform of n. */
    static double transformPairCost(int n, double ownFftSpeedup) {
        double cost = FFT_NS_PER_LOG2 * log2(n);
        return n >= StageTransform.OWN_FFT_FROM ? cost / ownFftSpeedup : cost;
    }

    /**
     * The largest partition of a stage that may start one partition in. Such a stage transforms
     * forward and back in the call that completes its block (its first product needs that block),
     * so only small ones may: at 16 head blocks, both channels' transform pairs take about 2 % of
     * a head-block period (measured 1.0–1.3 ns · log2 n per sample for a pair of size n). Larger
     * stages start two or more partitions in and spread their transforms over the block period
     * ({@link DelayedStage}), which keeps the worst call short.
     */
    static int largestImmediatePartition(int headBlock) {
        return 16 * headBlock;
    }

    /**
     * The largest partition for a head block. Any head block may use the largest: the stages
     * that large spread their work ({@link #largestImmediatePartition}), so the worst call pays
     * for one of its transforms, and long rooms measured 10–20 % cheaper at blocks 32–64 with
     * 4096–8192 partitions than with the 2048 cap there was before.
     */
    static int maxPartition(int headBlock) {
        return PartitionedConvolver.MAX_PARTITION;
    }

    /** The cheapest plan for an impulse response of {@code length} samples. */
    static PartitionPlan choose(int length, int headBlock) {
        return choose(length, headBlock, OWN_FFT_SPEEDUP);
    }

    /** The cheapest plan if the model took {@link ConvolutionFft}'s sizes to be {@code ownFftSpeedup} times cheaper (the plan trial's question). */
    static PartitionPlan choose(int length, int headBlock, double ownFftSpeedup) {
        int uniform = Math.max(1, (length + headBlock - 1) / headBlock);
        PartitionPlan best = new PartitionPlan(headBlock, uniform, List.of());
        double bestCost = best.cost(ownFftSpeedup);
        Planner planner = new Planner(length, headBlock, maxPartition(headBlock), ownFftSpeedup);
        for (int head = 1; (long) head * headBlock < length && head <= 1024; head *= 2) {
            int offset = head * headBlock;
            Planner.Tail tail = planner.best(offset, headBlock);
            if (tail == null) {
                continue;
            }
            double cost = headCost(headBlock, head, ownFftSpeedup) + tail.cost();
            if (cost < bestCost) {
                bestCost = cost;
                best = new PartitionPlan(headBlock, head, tail.stages());
            }
        }
        return best;
    }

    double cost(double ownFftSpeedup) {
        double total = headCost(headBlock, headPartitions, ownFftSpeedup);
        for (Stage stage : stages) {
            total += stageCost(stage.partition(), stage.partitions(), ownFftSpeedup);
        }
        return total;
    }

    static double headCost(int block, int partitions, double ownFftSpeedup) {
        return transformPairCost(2 * block, ownFftSpeedup) + MAC_NS_PER_PARTITION * partitions + STAGE_OVERHEAD_NS;
    }

    static double stageCost(int partition, int partitions, double ownFftSpeedup) {
        return transformPairCost(2 * partition, ownFftSpeedup) + MAC_NS_PER_PARTITION * partitions * (partition + 1.0) / partition + STAGE_OVERHEAD_NS;
    }

    private static double log2(int n) {
        return 31 - Integer.numberOfLeadingZeros(n);
    }

    /** Dynamic programming over (stage start, previous partition): the cheapest way to cover the rest. */
    private static final class Planner {
        record Tail(double cost, List<Stage> stages) {
        }

        private final int length;
        private final int headBlock;
        private final int maxPartition;
        private final double ownFftSpeedup;
        private final Map<Long, Tail> memo = new HashMap<>();

        Planner(int length, int headBlock, int maxPartition, double ownFftSpeedup) {
            this.length = length;
            this.headBlock = headBlock;
            this.maxPartition = maxPartition;
            this.ownFftSpeedup = ownFftSpeedup;
        }

        /** Cheapest stages covering [offset, length), each partition larger than {@code previous}. */
        Tail best(int offset, int previous) {
            long key = ((long) offset << 32) | previous;
            if (memo.containsKey(key)) {
                return memo.get(key);
            }
            Tail best = null;
            for (int partition = previous * 2; partition <= Math.min(maxPartition, offset); partition *= 2) {
                if (partition == offset && partition > largestImmediatePartition(headBlock)) {
                    continue;
                }
                Stage last = new Stage(partition, offset, length);
                double cost = stageCost(partition, last.partitions(), ownFftSpeedup);
                if (best == null || cost < best.cost()) {
                    best = new Tail(cost, List.of(last));
                }
                for (long end = 2L * offset; end < length; end *= 2) {
                    Stage stage = new Stage(partition, offset, (int) end);
                    Tail rest = best((int) end, partition);
                    if (rest == null) {
                        continue;
                    }
                    double total = stageCost(partition, stage.partitions(), ownFftSpeedup) + rest.cost();
                    if (total < best.cost()) {
                        List<Stage> stages = new ArrayList<>();
                        stages.add(stage);
                        stages.addAll(rest.stages());
                        best = new Tail(total, List.copyOf(stages));
                    }
                }
            }
            memo.put(key, best);
            return best;
        }
    }
}
