package dev.downbeat.plugin.core;

/**
 * A stand-in drum model for timing tests: logits are a fixed pseudo-random function of the whole
 * history (a running hash), so continuations depend on every earlier step exactly like an RNN's,
 * the same history always gives the same logits, and a different one different logits.
 */
final class FakeStepModel implements StepModel {
    private record Position(long hash, int position, boolean primed) { }

    private long hash;
    private int position;
    private boolean primed;
    int feeds;

    @Override
    public void reset() {
        hash = 0x1234567L;
        position = 0;
        primed = false;
    }

    @Override
    public void feed(int event) {
        if (event < 0 || event >= 512) throw new IllegalArgumentException("event " + event);
        hash = StepSampling.mix(hash, event * 131L + position);
        position++;
        primed = true;
        feeds++;
    }

    @Override
    public void logits(float[] out, int offset) {
        if (!primed) throw new IllegalStateException("no logits before the first feed");
        for (int e = 0; e < 512; e++) {
            long z = StepSampling.mix(hash, e);
            // Sparse events likelier, like real drums: fewer hits, higher logit.
            out[offset + e] = (float) ((z >>> 40) / (double) (1L << 24) * 4.0 - Integer.bitCount(e) * 1.5);
        }
    }

    @Override
    public int position() {
        return position;
    }

    @Override
    public Object snapshot() {
        return new Position(hash, position, primed);
    }

    @Override
    public void restore(Object snapshot) {
        Position p = (Position) snapshot;
        hash = p.hash;
        position = p.position;
        primed = p.primed;
    }

    @Override
    public void close() {
    }

    /**
     * The bars a performance must play, computed the plain sequential way: prime with the seed, then
     * sample each bar's steps at that bar's temperature (generation 0, no regeneration).
     */
    static int[][] referenceBars(Seed seed, int seedLength, int randomSeed, float[] barTemperatures, int steps) {
        FakeStepModel m = new FakeStepModel();
        m.reset();
        for (int e : seed.primer(seedLength)) m.feed(e);
        long key = StepSampling.randomKey(randomSeed, 0);
        float[] logits = new float[512];
        double[] weights = new double[512];
        int[][] bars = new int[barTemperatures.length][steps];
        for (int b = 0; b < bars.length; b++) {
            for (int k = 0; k < steps; k++) {
                m.logits(logits, 0);
                bars[b][k] = StepSampling.sample(logits, 0, barTemperatures[b], StepSampling.draw(key, m.position()), weights);
                m.feed(bars[b][k]);
            }
        }
        return bars;
    }
}
