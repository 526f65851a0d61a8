package dev.downbeat.dsp;

import java.nio.file.Path;

/**
 * A room for the reverb: a mono or stereo impulse response, normalized so that the wet signal
 * has about the loudness of the dry one (each channel's energy Σh² averages to 1) and trimmed
 * of trailing silence. Immutable; any thread.
 */
public final class ImpulseResponse {
    /** Longest impulse response {@link #load(Path)} accepts. */
    public static final double DEFAULT_MAX_SECONDS = 20.0;
    /** Samples quieter than this fraction of the peak at the end are dropped. */
    private static final double TRIM_BELOW = 1e-6;

    private final String name;
    private final Sample sample;

    private ImpulseResponse(String name, Sample sample) {
        this.name = name;
        this.sample = sample;
    }

    /** The synthesized small drum room ({@link RoomSynthesizer}), built once. Any thread. */
    public static ImpulseResponse defaultRoom() {
        return DefaultRoom.ROOM;
    }

    private static final class DefaultRoom {
        static final ImpulseResponse ROOM = of("small drum room", new RoomSynthesizer(RoomSynthesizer.NATIVE_RATE).render());
    }

    /** Loads a WAV impulse response of at most {@value #DEFAULT_MAX_SECONDS} s. Non-audio thread. */
    public static ImpulseResponse load(Path file) throws LoadException {
        return load(file, DEFAULT_MAX_SECONDS);
    }

    /** Loads a mono or stereo WAV impulse response of at most {@code maxSeconds}. Non-audio thread. */
    public static ImpulseResponse load(Path file, double maxSeconds) throws LoadException {
        Sample raw = WavFile.read(file);
        if (raw.seconds() > maxSeconds) {
            throw new LoadException(file, String.format("impulse response is %.1f s long, the limit is %.1f s", raw.seconds(), maxSeconds));
        }
        double energy = energy(raw.left) + energy(raw.right);
        if (!(energy > 0)) {
            throw new LoadException(file, "impulse response is silent (all samples are zero)");
        }
        return of(file.getFileName().toString(), raw);
    }

    /** An impulse response from samples in memory (normalized and trimmed here). */
    public static ImpulseResponse of(String name, Sample raw) {
        int end = trimmedLength(raw);
        float[] left = java.util.Arrays.copyOf(raw.left, end);
        float[] right = raw.channels() == 1 ? left : java.util.Arrays.copyOf(raw.right, end);
        normalize(left, right);
        return new ImpulseResponse(name, Sample.adopt(left, right, raw.sampleRate()));
    }

    public String name() {
        return name;
    }

    public int channels() {
        return sample.channels();
    }

    public double sampleRate() {
        return sample.sampleRate();
    }

    public double seconds() {
        return sample.seconds();
    }

    /** Channel 0 or 1 (the same for mono) at {@code rate}, renormalized after resampling. */
    public float[][] channelsAt(double rate) {
        Sample converted = sample.resampledTo(rate);
        float[] left = converted.channel(0);
        float[] right = converted.channels() == 1 ? left : converted.channel(1);
        normalize(left, right);
        return new float[][] {left, right};
    }

    private static int trimmedLength(Sample raw) {
        float peak = 0;
        for (int i = 0; i < raw.frames(); i++) {
            peak = Math.max(peak, Math.max(Math.abs(raw.left[i]), Math.abs(raw.right[i])));
        }
        double floor = peak * TRIM_BELOW;
        int end = raw.frames();
        while (end > 1 && Math.abs(raw.left[end - 1]) <= floor && Math.abs(raw.right[end - 1]) <= floor) {
            end--;
        }
        return end;
    }

    private static void normalize(float[] left, float[] right) {
        double energy = left == right ? energy(left) : (energy(left) + energy(right)) / 2;
        if (!(energy > 0)) {
            return;
        }
        float scale = (float) (1 / Math.sqrt(energy));
        for (int i = 0; i < left.length; i++) {
            left[i] *= scale;
        }
        if (right != left) {
            for (int i = 0; i < right.length; i++) {
                right[i] *= scale;
            }
        }
    }

    private static double energy(float[] data) {
        double sum = 0;
        for (float x : data) {
            sum += (double) x * x;
        }
        return sum;
    }
}
