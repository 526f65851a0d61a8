package dev.downbeat.plugin.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StepSamplingTest {
    /**
     * Storing each event's weight and reusing it for the draw must pick exactly the event the former
     * two-pass rule picked (an exp computed again), or the worker's bars and the audio thread's
     * re-sampled steps would differ from bars written before the change under the same seed.
     */
    @Test
    void oneWeightPassPicksTheEventTheTwoPassRulePicked() {
        SplittableRandom random = new SplittableRandom(7);
        float[] logits = new float[3 * StepSampling.EVENTS];
        double[] weights = new double[StepSampling.EVENTS];
        float[] temperatures = {0f, 0.01f, 0.1f, 0.3f, 0.8f, 1f, 1.5f, 5f};
        int draws = 0, distinct = 0, last = -1;
        for (int trial = 0; trial < 400; trial++) {
            for (int i = 0; i < logits.length; i++) {
                // Model-like spreads, some coarse (ties) and some far below the best (underflowing weights).
                logits[i] = trial % 3 == 0 ? Math.round(random.nextDouble(-4, 4)) : (float) random.nextDouble(-60, 12);
            }
            int offset = (trial % 3) * StepSampling.EVENTS;
            for (float t : temperatures) {
                for (double u : new double[] {0, random.nextDouble(), random.nextDouble(), Math.nextDown(1.0)}) {
                    int expected = DownbeatBlockBenchmark.twoPassSample(logits, offset, t, u);
                    int actual = StepSampling.sample(logits, offset, t, u, weights);
                    assertThat(actual).as("trial %d, T %s, u %s", trial, t, u).isEqualTo(expected);
                    if (actual != last) distinct++;
                    last = actual;
                    draws++;
                }
            }
        }
        assertThat(draws).isEqualTo(400 * 8 * 4);
        assertThat(distinct).as("the draws cover many events, not one").isGreaterThan(draws / 4);
    }
}
