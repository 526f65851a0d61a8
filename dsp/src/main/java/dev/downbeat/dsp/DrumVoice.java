package dev.downbeat.dsp;

/**
 * One sounding one-shot: a sample played from its start at a gain, optionally fading out (choke
 * or steal) with a linear ramp so it never stops with a click. Owned by the audio thread.
 */
final class DrumVoice {
    boolean active;
    int piece;
    /** Orders voices by start, for stealing the oldest. */
    long serial;
    private float[] left;
    private float[] right;
    private int position;
    private float gain;
    /** Frame in the current block where the voice starts (0 once it is running). */
    private int startOffset;
    boolean fading;
    /** Frame in the current block where the fade is, 0 once it runs across blocks. */
    private int fadeStart;
    private int fadeLength;
    private int fadeRemaining;

    void start(int piece, Sample sample, float gain, int offset, long serial) {
        this.active = true;
        this.piece = piece;
        this.serial = serial;
        this.left = sample.left;
        this.right = sample.right;
        this.position = 0;
        this.gain = gain;
        this.startOffset = offset;
        this.fading = false;
    }

    /** Starts a linear fade to silence at frame {@code offset} of the current block. */
    void fadeOut(int offset, int frames) {
        if (fading) {
            return;
        }
        fading = true;
        fadeStart = Math.max(offset, startOffset);
        fadeLength = Math.max(1, frames);
        fadeRemaining = fadeLength;
    }

    int fadeRemaining() {
        return fadeRemaining;
    }

    /** Adds frames 0..frames-1 of the current block into the buses. */
    void render(float[] busLeft, float[] busRight, int frames) {
        int i = startOffset;
        startOffset = 0;
        int length = left.length;
        int plainEnd = fading ? fadeStart : frames;
        int n = Math.min(plainEnd - i, length - position);
        if (n > 0) {
            float g = gain;
            float[] l = left, r = right;
            int p = position;
            for (int k = 0; k < n; k++) {
                busLeft[i + k] += g * l[p + k];
                busRight[i + k] += g * r[p + k];
            }
            i += n;
            position += n;
        }
        if (position >= length) {
            active = false;
            return;
        }
        if (fading) {
            float perFrame = gain / fadeLength;
            while (i < frames && fadeRemaining > 0 && position < length) {
                float g = perFrame * fadeRemaining;
                busLeft[i] += g * left[position];
                busRight[i] += g * right[position];
                fadeRemaining--;
                position++;
                i++;
            }
            if (fadeRemaining == 0 || position >= length) {
                active = false;
            } else {
                fadeStart = 0;
            }
        }
    }
}
