package dev.downbeat.dsp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResamplerTest {
    static float[] sine(double hz, double rate, int frames) {
        float[] x = new float[frames];
        for (int i = 0; i < frames; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * hz * i / rate);
        }
        return x;
    }

    @Test
    void downsamplingRemovesTonesAboveTheNewNyquistBy90Db() {
        // 30 kHz at 96 kHz would alias to 14.1 kHz at 44.1 kHz
        float[] out = new Resampler(96000, 44100).process(sine(30000, 96000, 96000));
        double alias = Spectra.toneAmplitude(out, 5000, out.length - 5000, 44100 - 30000, 44100);
        assertThat(20 * Math.log10(alias)).as("alias level, dB").isLessThan(-90);
        float[] nearEdge = new Resampler(96000, 44100).process(sine(24500, 96000, 96000));
        double edgeAlias = Spectra.toneAmplitude(nearEdge, 5000, nearEdge.length - 5000, 44100 - 24500, 44100);
        assertThat(20 * Math.log10(edgeAlias)).as("alias of a tone 2.4 kHz past Nyquist, dB").isLessThan(-80);
    }

    @Test
    void upsamplingLeavesNoImages() {
        float[] out = new Resampler(22050, 96000).process(sine(9000, 22050, 22050));
        double image = Spectra.toneAmplitude(out, 10000, out.length - 10000, 22050 - 9000, 96000);
        assertThat(20 * Math.log10(image)).as("image level, dB").isLessThan(-90);
    }

    @Test
    void passbandToneIsKeptInLevelAndPhase() {
        float[] out = new Resampler(44100, 48000).process(sine(1000, 44100, 44100));
        float[] expected = sine(1000, 48000, out.length);
        double worst = 0;
        for (int i = 2000; i < out.length - 2000; i++) {
            worst = Math.max(worst, Math.abs(out[i] - expected[i]));
        }
        assertThat(worst).as("difference from the ideal 48 kHz sine").isLessThan(1e-3);
        float[] high = new Resampler(48000, 44100).process(sine(18000, 48000, 48000));
        double level = Spectra.toneAmplitude(high, 4000, high.length - 4000, 18000, 44100);
        assertThat(20 * Math.log10(level)).as("18 kHz level after 48->44.1 kHz, dB").isGreaterThan(-0.1);
    }

    @Test
    void polyphaseAndDirectPathsAgree() {
        float[] x = sine(3000, 48000, 4800);
        Resampler resampler = new Resampler(48000, 44100);
        float[] fast = resampler.process(x);
        float[] direct = resampler.processDirect(x);
        assertThat(fast.length).isEqualTo(direct.length);
        for (int i = 0; i < fast.length; i++) {
            assertThat(Math.abs(fast[i] - direct[i])).as("frame %d", i).isLessThan(1e-5f);
        }
    }

    @Test
    void anImpulseStaysAtTimeZero() {
        float[] impulse = new float[1000];
        impulse[0] = 1;
        float[] out = new Resampler(48000, 96000).process(impulse);
        int peak = 0;
        for (int i = 1; i < out.length; i++) {
            if (Math.abs(out[i]) > Math.abs(out[peak])) {
                peak = i;
            }
        }
        assertThat(peak).isZero();
    }
}
