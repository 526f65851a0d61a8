package dev.downbeat.dsp;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Synthesizes the bundled kit in the manner of the analog machines it is modelled on:
 * 808 kick (swept sine, click, drive), snare (two tuned tones and filtered noise), 808 hats (six
 * detuned square waves through band- and high-pass filters), 808-style toms (swept sines with
 * a stick click), 909 clap (a burst of noise claps and a short tail) and 909 rim (resonant tones
 * and a click). Each piece is rendered once per velocity layer: harder hits sweep further,
 * drive harder and sound brighter, and the engine scales the level. Deterministic (fixed seeds).
 * Any non-audio thread.
 */
public final class KitSynthesizer {
    /** Rate the bundled kit is rendered at; the engine resamples it to the host's. */
    public static final double NATIVE_RATE = 48000;
    /** Velocities at which the layers are rendered; each layer plays up to its velocity. */
    static final float[] LAYER_VELOCITIES = {0.3f, 0.55f, 0.8f, 1.0f};
    private static final double[] HAT_FREQUENCIES = {205.3, 304.4, 369.6, 522.7, 540.0, 800.0};

    private final double rate;

    public KitSynthesizer(double sampleRate) {
        this.rate = sampleRate;
    }

    /** All nine pieces in {@link #LAYER_VELOCITIES} layers. */
    public Kit kit() {
        Map<KitPiece, List<VelocityLayer>> layers = new EnumMap<>(KitPiece.class);
        for (KitPiece piece : KitPiece.values()) {
            VelocityLayer[] pieceLayers = new VelocityLayer[LAYER_VELOCITIES.length];
            for (int i = 0; i < LAYER_VELOCITIES.length; i++) {
                float velocity = LAYER_VELOCITIES[i];
                pieceLayers[i] = new VelocityLayer(velocity, Sample.adopt(render(piece, velocity), null, rate));
            }
            layers.put(piece, List.of(pieceLayers));
        }
        return new Kit("Downbeat 808/909", layers);
    }

    /** One hit of {@code piece} at {@code velocity}, peak-normalized to the piece's level in the kit. */
    public float[] render(KitPiece piece, float velocity) {
        double v = velocity;
        double[] signal = switch (piece) {
            case KICK -> kick(v);
            case SNARE -> snare(v);
            case CLOSED_HAT -> hat(v, 0.014 + 0.008 * v, 0.2, 11);
            case OPEN_HAT -> hat(v, 0.16 + 0.06 * v, 0.9, 12);
            case LOW_TOM -> tom(v, 92, 0.30, 21);
            case MID_TOM -> tom(v, 128, 0.26, 22);
            case HIGH_TOM -> tom(v, 172, 0.22, 23);
            case CLAP -> clap(v);
            case RIM -> rim(v);
        };
        return finish(signal, peakFor(piece));
    }

    /** Peaks that leave headroom when several drums and ringing kicks pile up (the seed pattern peaks near −2 dBFS). */
    private static double peakFor(KitPiece piece) {
        return switch (piece) {
            case KICK -> 0.45;
            case SNARE -> 0.36;
            case CLOSED_HAT -> 0.16;
            case OPEN_HAT -> 0.14;
            case LOW_TOM, MID_TOM, HIGH_TOM -> 0.32;
            case CLAP -> 0.28;
            case RIM -> 0.22;
        };
    }

    private int frames(double seconds) {
        return (int) Math.round(seconds * rate);
    }

    private double[] kick(double v) {
        double[] out = new double[frames(1.1)];
        Random noise = new Random(1);
        StateVariableFilter clickFilter = new StateVariableFilter(rate, 2500 + 2500 * v, 0.9);
        double drive = 1.2 + 2.2 * v;
        double sweep = 90 + 130 * v;
        double phase = 0;
        for (int i = 0; i < out.length; i++) {
            double t = i / rate;
            double frequency = 47 + sweep * Math.exp(-t / 0.024);
            phase += 2 * Math.PI * frequency / rate;
            double body = Math.sin(phase) * Math.exp(-t / (0.18 + 0.06 * v));
            double click = clickFilter.bandpass(noise.nextDouble() * 2 - 1) * Math.exp(-t / 0.0025) * (0.35 + 0.5 * v);
            double attack = Math.min(1, t / 0.0004);
            out[i] = Math.tanh(drive * (body * attack + click)) / Math.tanh(drive);
        }
        return out;
    }

    private double[] snare(double v) {
        double[] out = new double[frames(0.5)];
        Random noise = new Random(2);
        StateVariableFilter highpass = new StateVariableFilter(rate, 1100, 0.7);
        StateVariableFilter lowpass = new StateVariableFilter(rate, 4500 + 7000 * v, 0.6);
        double p1 = 0, p2 = 0;
        for (int i = 0; i < out.length; i++) {
            double t = i / rate;
            double bend = 1 + 0.18 * v * Math.exp(-t / 0.012);
            p1 += 2 * Math.PI * 182 * bend / rate;
            p2 += 2 * Math.PI * 331 * bend / rate;
            double tones = 0.65 * Math.sin(p1) * Math.exp(-t / 0.055) + 0.4 * Math.sin(p2) * Math.exp(-t / 0.035);
            double hiss = lowpass.lowpass(highpass.highpass(noise.nextDouble() * 2 - 1));
            double snares = hiss * Math.exp(-t / (0.045 + 0.035 * v)) * (0.5 + 0.7 * v);
            out[i] = (tones * (1.6 - 0.4 * v) + snares) * Math.min(1, t / 0.0005);
        }
        return out;
    }

    private double[] hat(double v, double decay, double seconds, long seed) {
        double[] out = new double[frames(seconds)];
        Random noise = new Random(seed);
        double[] phases = new double[HAT_FREQUENCIES.length];
        StateVariableFilter band = new StateVariableFilter(rate, 8500 + 2500 * v, 1.4);
        StateVariableFilter highpass1 = new StateVariableFilter(rate, 7000 - 800 * v, 0.7);
        StateVariableFilter highpass2 = new StateVariableFilter(rate, 7000 - 800 * v, 0.7);
        for (int i = 0; i < out.length; i++) {
            double t = i / rate;
            double metal = 0;
            for (int o = 0; o < phases.length; o++) {
                double dt = HAT_FREQUENCIES[o] / rate;
                metal += square(phases[o], dt);
                phases[o] += dt;
                if (phases[o] >= 1) {
                    phases[o] -= 1;
                }
            }
            double x = metal / phases.length + (0.25 + 0.35 * v) * (noise.nextDouble() * 2 - 1);
            double shaped = highpass2.highpass(highpass1.highpass(band.bandpass(x)));
            double envelope = Math.exp(-t / decay) * Math.min(1, t / 0.0003);
            out[i] = shaped * envelope;
        }
        return out;
    }

    /** A band-limited square wave (polyBLEP) at phase 0..1 with phase step dt. */
    private static double square(double phase, double dt) {
        double value = phase < 0.5 ? 1 : -1;
        value += blep(phase, dt);
        double shifted = phase + 0.5;
        value -= blep(shifted >= 1 ? shifted - 1 : shifted, dt);
        return value;
    }

    private static double blep(double t, double dt) {
        if (t < dt) {
            double x = t / dt;
            return x + x - x * x - 1;
        }
        if (t > 1 - dt) {
            double x = (t - 1) / dt;
            return x * x + x + x + 1;
        }
        return 0;
    }

    private double[] tom(double v, double pitch, double decay, long seed) {
        double[] out = new double[frames(decay * 4.5)];
        Random noise = new Random(seed);
        StateVariableFilter stick = new StateVariableFilter(rate, 1800 + 1500 * v, 1.0);
        double phase = 0;
        double drive = 1 + 1.2 * v;
        for (int i = 0; i < out.length; i++) {
            double t = i / rate;
            double frequency = pitch * (1 + (0.25 + 0.35 * v) * Math.exp(-t / 0.045));
            phase += 2 * Math.PI * frequency / rate;
            double body = (Math.sin(phase) + 0.12 * Math.sin(2.02 * phase)) * Math.exp(-t / (decay * (0.85 + 0.25 * v)));
            double click = stick.bandpass(noise.nextDouble() * 2 - 1) * Math.exp(-t / 0.006) * (0.3 + 0.5 * v);
            out[i] = Math.tanh(drive * (body + click) * Math.min(1, t / 0.0005)) / Math.tanh(drive);
        }
        return out;
    }

    private double[] clap(double v) {
        double[] out = new double[frames(0.6)];
        Random noise = new Random(31);
        StateVariableFilter band = new StateVariableFilter(rate, 1100 + 300 * v, 2.0);
        StateVariableFilter highpass = new StateVariableFilter(rate, 650, 0.7);
        double[] burstTimes = {0.0, 0.011, 0.022};
        double tailStart = 0.031;
        for (int i = 0; i < out.length; i++) {
            double t = i / rate;
            double envelope = 0;
            for (double start : burstTimes) {
                if (t >= start && t < tailStart + 0.01) {
                    envelope = Math.max(envelope, Math.exp(-(t - start) / 0.0035));
                }
            }
            if (t >= tailStart) {
                envelope = Math.max(envelope, Math.exp(-(t - tailStart) / (0.07 + 0.05 * v)) * Math.min(1, (t - tailStart) / 0.0008));
            }
            double x = highpass.highpass(band.bandpass(noise.nextDouble() * 2 - 1));
            out[i] = x * envelope * (0.8 + 0.4 * v);
        }
        return out;
    }

    private double[] rim(double v) {
        double[] out = new double[frames(0.18)];
        Random noise = new Random(41);
        StateVariableFilter highpass = new StateVariableFilter(rate, 380, 0.7);
        StateVariableFilter clickBand = new StateVariableFilter(rate, 5000, 1.2);
        double p1 = 0, p2 = 0;
        double drive = 1.5 + 2 * v;
        for (int i = 0; i < out.length; i++) {
            double t = i / rate;
            p1 += 2 * Math.PI * 470 / rate;
            p2 += 2 * Math.PI * 1690 / rate;
            double tones = 0.9 * Math.sin(p1) * Math.exp(-t / 0.011) + 0.6 * Math.sin(p2) * Math.exp(-t / (0.006 + 0.003 * v));
            double click = clickBand.bandpass(noise.nextDouble() * 2 - 1) * Math.exp(-t / 0.0012) * (0.5 + 0.8 * v);
            double x = highpass.highpass(tones + click);
            out[i] = Math.tanh(drive * x) / Math.tanh(drive);
        }
        return out;
    }

    /** Scales to {@code peak}, fades the last 10 ms to zero and trims trailing silence. */
    private float[] finish(double[] signal, double peak) {
        double max = 0;
        for (double x : signal) {
            max = Math.max(max, Math.abs(x));
        }
        double scale = max > 0 ? peak / max : 0;
        int fade = Math.min(signal.length, frames(0.010));
        float[] out = new float[signal.length];
        for (int i = 0; i < signal.length; i++) {
            double x = signal[i] * scale;
            int fromEnd = signal.length - 1 - i;
            if (fromEnd < fade) {
                x *= (double) fromEnd / fade;
            }
            out[i] = (float) x;
        }
        return out;
    }
}
