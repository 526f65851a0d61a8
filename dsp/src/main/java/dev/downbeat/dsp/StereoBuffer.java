package dev.downbeat.dsp;

/** A stereo signal in memory (an offline render): two equally long channels at a rate. */
public record StereoBuffer(float[] left, float[] right, double sampleRate) {
    public StereoBuffer {
        if (left.length != right.length) {
            throw new IllegalArgumentException("channels differ in length");
        }
    }

    public int frames() {
        return left.length;
    }

    public double seconds() {
        return left.length / sampleRate;
    }

    /** Largest absolute sample of either channel. */
    public float peak() {
        float peak = 0;
        for (int i = 0; i < left.length; i++) {
            peak = Math.max(peak, Math.max(Math.abs(left[i]), Math.abs(right[i])));
        }
        return peak;
    }
}
