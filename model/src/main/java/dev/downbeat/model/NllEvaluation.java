package dev.downbeat.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Scores a model against the baselines: mean negative log-likelihood per step, in nats, over
 * the same windows the training script validates on (256 steps from zero state). Lower is
 * better; uniform guessing over 512 events is ln 512 ≈ 6.24. Main or worker thread.
 */
public final class NllEvaluation {
    /** Window length of the training script's validation. */
    public static final int WINDOW = 256;
    /** Smoothing strengths tried for the baselines; the best on the scored data is reported. */
    static final double[] STRENGTHS = {0.1, 0.3, 1, 3, 10, 30, 100, 300, 1e3, 3e3, 1e4, 3e4, 1e5, 1e6};

    private NllEvaluation() {
    }

    /** One row of the table. */
    public record Row(String name, double nll, String detail) {
    }

    /**
     * The model's NLL over the windows of {@code corpus}.
     *
     * @param progress told the number of windows done after each window
     */
    public static double modelNll(DrumGenerator generator, List<int[]> windows, IntConsumer progress) {
        double sum = 0;
        long count = 0;
        float[] logits = new float[DrumEncoding.EVENT_COUNT];
        for (int k = 0; k < windows.size(); k++) {
            int[] w = windows.get(k);
            generator.reset();
            for (int t = 0; t + 1 < w.length; t++) {
                generator.feed(w[t]);
                generator.logits(logits);
                sum -= StepSampler.logProbability(logits, w[t + 1]);
                count++;
            }
            progress.accept(k + 1);
        }
        return sum / count;
    }

    /**
     * The model's NLL over the windows, {@code batch} windows per network run (1 = one at a
     * time; 32 is several times faster on a CPU). Batched and single scoring agree to float
     * rounding.
     *
     * @param progress told the number of windows done after each batch
     */
    public static double modelNll(DrumModel model, List<int[]> windows, int batch, IntConsumer progress) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be 1 or more, got " + batch);
        }
        return new BatchScorer(model, batch).nll(windows, progress);
    }

    /**
     * The baseline rows, fitted on {@code train}; smoothing strengths are picked to suit the
     * scored windows best, which flatters the baselines (the model gets no such help).
     */
    public static List<Row> baselines(List<int[]> train, List<int[]> scored) {
        BarBaseline baseline = BarBaseline.fit(train);
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("uniform over 512 events", Math.log(DrumEncoding.EVENT_COUNT), ""));
        rows.add(new Row("event frequencies", baseline.nll(scored, BarBaseline.Order.UNIGRAM, 0, 0), "add-one"));
        double bestBeta = STRENGTHS[0];
        double bestPosition = Double.MAX_VALUE;
        for (double beta : STRENGTHS) {
            double nll = baseline.nll(scored, BarBaseline.Order.POSITION, beta, 0);
            if (nll < bestPosition) {
                bestPosition = nll;
                bestBeta = beta;
            }
        }
        rows.add(new Row("position in bar", bestPosition, "beta " + bestBeta));
        double bestBar = Double.MAX_VALUE;
        String detail = "";
        for (double beta : STRENGTHS) {
            for (double gamma : STRENGTHS) {
                double nll = baseline.nll(scored, BarBaseline.Order.POSITION_AND_LAST_BAR, beta, gamma);
                if (nll < bestBar) {
                    bestBar = nll;
                    detail = "beta " + beta + ", gamma " + gamma;
                }
            }
        }
        rows.add(new Row("position + same step last bar", bestBar, detail));
        return rows;
    }

    /** Number of predictions (targets) in the windows. */
    public static long predictions(List<int[]> windows) {
        long n = 0;
        for (int[] w : windows) {
            n += w.length - 1;
        }
        return n;
    }
}
