package dev.downbeat.model;

import java.util.List;

/**
 * The simple baseline the model must beat: predict a step from its position in the bar and
 * what was played on the same step one bar earlier, backed off to the position alone and then
 * to the overall event frequencies. Counts come from training windows; the smoothing is
 * hierarchical (Dirichlet) interpolation:
 *
 * <pre>
 *   P0(e)      = (n(e) + 1) / (N + 512)
 *   P1(e|p)    = (n(p,e) + β P0(e)) / (n(p) + β)
 *   P2(e|p,q)  = (n(p,q,e) + γ P1(e|p)) / (n(p,q) + γ)        q = the event 16 steps earlier
 * </pre>
 *
 * Within the first bar of a window there is no earlier bar and q is a "none" symbol. Immutable
 * after {@link #fit}; any thread.
 */
public final class BarBaseline {
    private static final int E = DrumEncoding.EVENT_COUNT;
    private static final int BAR = DrumEncoding.STEPS_PER_BAR;
    /** Index of "no bar before this step". */
    private static final int NONE = E;

    private final long[] unigram = new long[E];
    private final long[] position = new long[BAR * E];
    private final long[] positionTotal = new long[BAR];
    private final int[] bar = new int[BAR * (E + 1) * E];
    private final long[] barTotal = new long[BAR * (E + 1)];
    private long total;

    private BarBaseline() {
    }

    /** Counts every prediction of every window (the target at index t ≥ 1 of each window). */
    public static BarBaseline fit(List<int[]> windows) {
        BarBaseline baseline = new BarBaseline();
        for (int[] w : windows) {
            for (int t = 1; t < w.length; t++) {
                int p = t % BAR;
                int q = t >= BAR ? w[t - BAR] : NONE;
                int e = w[t];
                baseline.unigram[e]++;
                baseline.total++;
                baseline.position[p * E + e]++;
                baseline.positionTotal[p]++;
                baseline.bar[(p * (E + 1) + q) * E + e]++;
                baseline.barTotal[p * (E + 1) + q]++;
            }
        }
        return baseline;
    }

    /** Probability under the overall frequencies (P0). */
    public double unigram(int e) {
        return (unigram[e] + 1.0) / (total + E);
    }

    /** Probability under position in bar (P1) with smoothing strength {@code beta}. */
    public double position(int e, int p, double beta) {
        return (position[p * E + e] + beta * unigram(e)) / (positionTotal[p] + beta);
    }

    /** Probability under position plus last bar (P2). */
    public double bar(int e, int p, int q, double beta, double gamma) {
        int context = p * (E + 1) + q;
        return (bar[context * E + e] + gamma * position(e, p, beta)) / (barTotal[context] + gamma);
    }

    /** Which of the three back-off levels to score. */
    public enum Order {
        /** Overall event frequencies. */
        UNIGRAM,
        /** Position in the bar. */
        POSITION,
        /** Position in the bar and the same step one bar earlier: the baseline. */
        POSITION_AND_LAST_BAR
    }

    /** Mean negative log-likelihood (nats per step) over every prediction of the windows. */
    public double nll(List<int[]> windows, Order order, double beta, double gamma) {
        double sum = 0;
        long count = 0;
        for (int[] w : windows) {
            for (int t = 1; t < w.length; t++) {
                int p = t % BAR;
                int q = t >= BAR ? w[t - BAR] : NONE;
                double probability = switch (order) {
                    case UNIGRAM -> unigram(w[t]);
                    case POSITION -> position(w[t], p, beta);
                    case POSITION_AND_LAST_BAR -> bar(w[t], p, q, beta, gamma);
                };
                sum -= Math.log(probability);
                count++;
            }
        }
        return sum / count;
    }
}
