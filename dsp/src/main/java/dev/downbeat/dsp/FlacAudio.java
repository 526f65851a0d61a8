package dev.downbeat.dsp;

/**
 * A decoded FLAC stream: integer samples per channel at their original bit depth, as the file
 * stores them. The arrays belong to whoever decoded the file; nothing else holds them.
 *
 * @param samples {@code samples[channel][frame]}, each value within {@code bitsPerSample} signed bits
 */
public record FlacAudio(int sampleRate, int bitsPerSample, int[][] samples, FlacCodingCounts counts) {
    public int channels() {
        return samples.length;
    }

    public int frames() {
        return samples[0].length;
    }
}
