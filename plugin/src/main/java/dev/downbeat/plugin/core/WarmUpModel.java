package dev.downbeat.plugin.core;

/**
 * The drum model of {@link AudioPathWarmUp}'s throwaway instrument: instant, deterministic logits
 * that favour sparse events (a few hits a step, like drums), so the warm-up's bars have notes in
 * every voice without loading or running the real network. Owned by the warm-up's worker thread.
 */
final class WarmUpModel implements StepModel {
    private record Position(int position, int last) { }

    private int position, last;

    @Override
    public void reset() {
        position = 0;
        last = 0;
    }

    @Override
    public void feed(int event) {
        last = event;
        position++;
    }

    @Override
    public void logits(float[] out, int offset) {
        for (int e = 0; e < 512; e++) {
            int hash = (e * 0x9E3779B1) ^ (position * 0x85EBCA6B) ^ (last * 0xC2B2AE35);
            out[offset + e] = ((hash >>> 24) / 64f) - 1.5f * Integer.bitCount(e);
        }
    }

    @Override
    public int position() {
        return position;
    }

    @Override
    public Object snapshot() {
        return new Position(position, last);
    }

    @Override
    public void restore(Object snapshot) {
        Position p = (Position) snapshot;
        position = p.position;
        last = p.last;
    }

    @Override
    public void close() {
    }
}
