package dev.downbeat.model;

import java.util.SplittableRandom;

/**
 * Picks a step's event from the model's logits: softmax(logits / T), then one draw; T = 0 takes
 * the most likely event (argmax). A fixed random seed gives the same sequence of draws, hence
 * the same beat. Owned by one thread; {@link #sample} does not allocate.
 */
public final class StepSampler {
    /** Highest temperature accepted: above 2 the beats turn to noise. */
    public static final double MAX_TEMPERATURE = 2.0;

    private final double temperature;
    private final SplittableRandom random;
    private final double[] weights = new double[DrumEncoding.EVENT_COUNT];

    /**
     * @param temperature 0 (always the most likely step) to 2 (wild); 1 samples the model as trained
     * @param randomSeed  the seed of the draws
     * @throws IllegalArgumentException for a temperature outside 0..2
     */
    public StepSampler(double temperature, long randomSeed) {
        checkTemperature(temperature);
        this.temperature = temperature;
        this.random = new SplittableRandom(randomSeed);
    }

    /**
     * @throws IllegalArgumentException for a temperature outside 0..2 (or NaN)
     */
    public static void checkTemperature(double temperature) {
        if (!(temperature >= 0 && temperature <= MAX_TEMPERATURE)) {
            throw new IllegalArgumentException("temperature " + temperature + " is outside 0.." + MAX_TEMPERATURE);
        }
    }

    /** The temperature. */
    public double temperature() {
        return temperature;
    }

    /** One event drawn from {@code logits} (512 values). */
    public int sample(float[] logits) {
        int best = argmax(logits);
        if (temperature == 0) {
            return best;
        }
        // Subtracting the maximum keeps exp() in range at low temperatures.
        double max = logits[best];
        double total = 0;
        for (int e = 0; e < weights.length; e++) {
            double w = Math.exp((logits[e] - max) / temperature);
            weights[e] = w;
            total += w;
        }
        double target = random.nextDouble() * total;
        double sum = 0;
        for (int e = 0; e < weights.length; e++) {
            sum += weights[e];
            if (target < sum) {
                return e;
            }
        }
        return best;   // rounding left target at the very top: the largest weight is a fair answer
    }

    /** Index of the largest logit; the lowest index on ties. */
    public static int argmax(float[] logits) {
        int best = 0;
        for (int e = 1; e < logits.length; e++) {
            if (logits[e] > logits[best]) {
                best = e;
            }
        }
        return best;
    }

    /** Natural-log probability of {@code event} under softmax(logits), for scoring. */
    public static double logProbability(float[] logits, int event) {
        double max = logits[argmax(logits)];
        double total = 0;
        for (float l : logits) {
            total += Math.exp(l - max);
        }
        return logits[event] - max - Math.log(total);
    }
}
