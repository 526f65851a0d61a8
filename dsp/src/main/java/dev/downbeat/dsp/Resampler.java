package dev.downbeat.dsp;

/**
 * Sample-rate conversion by Kaiser-windowed sinc interpolation, for preparing kits and impulse
 * responses off the audio thread.
 *
 * <p>Quality: the low-pass sits at {@value #CUTOFF} of the lower of the two Nyquist frequencies,
 * with {@value #ZERO_CROSSINGS} zero crossings each side and a Kaiser window (β = {@value #BETA}),
 * so the passband is flat to about 0.84 of the lower Nyquist and everything above the new
 * Nyquist is attenuated by more than 90 dB. Time is not shifted: output sample m sits at input
 * time m·(inRate/outRate), so onsets stay where they were.
 */
public final class Resampler {
    static final int ZERO_CROSSINGS = 40;
    static final double BETA = 10.0;
    static final double CUTOFF = 0.92;
    private static final int TABLE_STEPS = 512;
    /** The windowed sinc at u = i / TABLE_STEPS zero crossings from its centre. */
    private static final float[] KERNEL = kernelTable();

    private final double inRate;
    private final double outRate;

    public Resampler(double inRate, double outRate) {
        if (!(inRate > 0) || !(outRate > 0)) {
            throw new IllegalArgumentException("rates must be positive: " + inRate + " -> " + outRate);
        }
        this.inRate = inRate;
        this.outRate = outRate;
    }

    /** Number of output frames for {@code inputFrames} input frames. */
    public int outputFrames(int inputFrames) {
        return (int) Math.ceil(inputFrames * (outRate / inRate) - 1e-9);
    }

    /** Converts a whole signal; any thread (allocates the result). */
    public float[] process(float[] input) {
        long in = Math.round(inRate), out = Math.round(outRate);
        if (in == inRate && out == outRate) {
            long gcd = gcd(in, out);
            if (out / gcd <= MAX_PHASES) {
                return processPolyphase(input, (int) (in / gcd), (int) (out / gcd));
            }
        }
        return processDirect(input);
    }

    /** Most filter phases precomputed for rational ratios (44.1 ↔ 48 kHz needs 147 or 160). */
    private static final int MAX_PHASES = 1024;

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /**
     * The same filter as {@link #processDirect}, with the taps of each of the {@code up} output
     * phases computed once: output m sits at input time m·down/up.
     */
    private float[] processPolyphase(float[] input, int down, int up) {
        double ratio = (double) up / down;
        float[] output = new float[outputFrames(input.length)];
        double scale = CUTOFF * Math.min(1.0, ratio);
        int reach = (int) Math.ceil(ZERO_CROSSINGS / scale);
        int taps = 2 * reach + 1;
        float[][] phases = new float[up][taps];
        for (int p = 0; p < up; p++) {
            double fraction = (double) p / up;
            for (int j = 0; j < taps; j++) {
                double distance = Math.abs(fraction - (j - reach));
                phases[p][j] = (float) (kernel(distance * scale) * scale);
            }
        }
        for (int m = 0; m < output.length; m++) {
            long position = (long) m * down;
            int base = (int) (position / up);
            float[] weights = phases[(int) (position % up)];
            int first = base - reach;
            int jFrom = Math.max(0, -first);
            int jTo = Math.min(taps, input.length - first);
            float sum = 0;
            for (int j = jFrom; j < jTo; j++) {
                sum += input[first + j] * weights[j];
            }
            output[m] = sum;
        }
        return output;
    }

    /** The windowed sinc at {@code u} zero crossings from its centre, interpolated from the table. */
    private static double kernel(double u) {
        double position = u * TABLE_STEPS;
        int index = (int) position;
        if (index >= KERNEL.length - 1) {
            return 0;
        }
        double fraction = position - index;
        return KERNEL[index] + fraction * (KERNEL[index + 1] - KERNEL[index]);
    }

    /** Any ratio: the kernel evaluated per tap. */
    float[] processDirect(float[] input) {
        double ratio = outRate / inRate;
        float[] output = new float[outputFrames(input.length)];
        // cutoff in cycles per input sample, doubled: the kernel's zero crossings are 1/scale apart
        double scale = CUTOFF * Math.min(1.0, ratio);
        double halfWidth = ZERO_CROSSINGS / scale;
        double step = TABLE_STEPS * scale;
        for (int m = 0; m < output.length; m++) {
            double t = m / ratio;
            int first = Math.max(0, (int) Math.ceil(t - halfWidth));
            int last = Math.min(input.length - 1, (int) Math.floor(t + halfWidth));
            double sum = 0;
            for (int n = first; n <= last; n++) {
                double position = Math.abs(t - n) * step;
                int index = (int) position;
                if (index >= KERNEL.length - 1) {
                    continue;
                }
                double fraction = position - index;
                double weight = KERNEL[index] + fraction * (KERNEL[index + 1] - KERNEL[index]);
                sum += input[n] * weight;
            }
            output[m] = (float) (sum * scale);
        }
        return output;
    }

    private static float[] kernelTable() {
        int size = ZERO_CROSSINGS * TABLE_STEPS + 2;
        float[] table = new float[size];
        double norm = besselI0(BETA);
        for (int i = 0; i < size; i++) {
            double u = (double) i / TABLE_STEPS;
            if (u >= ZERO_CROSSINGS) {
                table[i] = 0;
                continue;
            }
            double sinc = u == 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u);
            double r = u / ZERO_CROSSINGS;
            double window = besselI0(BETA * Math.sqrt(1 - r * r)) / norm;
            table[i] = (float) (sinc * window);
        }
        return table;
    }

    /** Modified Bessel function of the first kind, order 0, by its power series. */
    private static double besselI0(double x) {
        double sum = 1, term = 1, half = x / 2;
        for (int k = 1; k < 200; k++) {
            term *= (half / k) * (half / k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }
}
