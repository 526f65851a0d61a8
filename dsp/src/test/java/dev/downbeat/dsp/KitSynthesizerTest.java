package dev.downbeat.dsp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Listening by measurement: each piece has the spectrum, pitch and decay of its machine. */
class KitSynthesizerTest {
    static final double RATE = KitSynthesizer.NATIVE_RATE;
    final KitSynthesizer synth = new KitSynthesizer(RATE);

    float[] hit(KitPiece piece, float velocity) {
        return synth.render(piece, velocity);
    }

    @Test
    void kickIsALowBoomThatSweepsDownAndRingsOut() {
        float[] kick = hit(KitPiece.KICK, 1f);
        assertThat(Spectra.centroidHz(kick, RATE, 32768)).isLessThan(200);
        assertThat(Spectra.zeroCrossingHz(kick, RATE, 0.0, 0.02)).as("start of the sweep").isGreaterThan(90);
        assertThat(Spectra.zeroCrossingHz(kick, RATE, 0.2, 0.5)).as("808 body pitch").isBetween(40.0, 60.0);
        double early = Spectra.energy(kick, RATE, 0, 0.1);
        assertThat(Spectra.decibels(Spectra.energy(kick, RATE, 0.3, 0.4) / early)).isBetween(-25.0, -3.0);
        assertThat(Spectra.decibels(Spectra.energy(kick, RATE, 1.0, 1.1) / early)).isLessThan(-25);
    }

    @Test
    void snareHasABodyAndBrightSnares() {
        float[] snare = hit(KitPiece.SNARE, 1f);
        assertThat(Spectra.bandFraction(snare, RATE, 16384, 2000, 12000)).as("snare wires").isGreaterThan(0.35);
        assertThat(Spectra.bandFraction(snare, RATE, 16384, 150, 400)).as("shell tone").isGreaterThan(0.1);
        assertThat(Spectra.decibels(Spectra.energy(snare, RATE, 0.25, 0.3) / Spectra.energy(snare, RATE, 0, 0.05))).isLessThan(-25);
    }

    @Test
    void hatsAreHighAndTheOpenOneRingsLonger() {
        float[] closed = hit(KitPiece.CLOSED_HAT, 1f);
        float[] open = hit(KitPiece.OPEN_HAT, 1f);
        assertThat(Spectra.centroidHz(closed, RATE, 8192)).isGreaterThan(6000);
        assertThat(Spectra.bandFraction(open, RATE, 32768, 0, 4000)).isLessThan(0.05);
        double closedTail = Spectra.decibels(Spectra.energy(closed, RATE, 0.1, 0.15) / Spectra.energy(closed, RATE, 0, 0.02));
        double openTail = Spectra.decibels(Spectra.energy(open, RATE, 0.1, 0.15) / Spectra.energy(open, RATE, 0, 0.02));
        assertThat(closedTail).isLessThan(-35);
        assertThat(openTail).isGreaterThan(-15);
    }

    @Test
    void tomsArePitchedLowToHigh() {
        double low = Spectra.zeroCrossingHz(hit(KitPiece.LOW_TOM, 1f), RATE, 0.1, 0.3);
        double mid = Spectra.zeroCrossingHz(hit(KitPiece.MID_TOM, 1f), RATE, 0.1, 0.3);
        double high = Spectra.zeroCrossingHz(hit(KitPiece.HIGH_TOM, 1f), RATE, 0.1, 0.3);
        assertThat(low).isBetween(80.0, 115.0);
        assertThat(mid).isBetween(low * 1.2, low * 1.6);
        assertThat(high).isBetween(mid * 1.2, mid * 1.6);
    }

    @Test
    void clapIsSeveralHandsThenATail() {
        float[] clap = hit(KitPiece.CLAP, 1f);
        int peaks = 0;
        double previous = 0;
        boolean rising = true;
        for (int ms = 0; ms < 35; ms++) {
            double e = Spectra.energy(clap, RATE, ms / 1000.0, (ms + 1) / 1000.0);
            if (rising && e < previous) {
                peaks++;
            }
            rising = e >= previous;
            previous = e;
        }
        assertThat(peaks).as("bursts in the first 35 ms").isGreaterThanOrEqualTo(3);
        assertThat(Spectra.centroidHz(clap, RATE, 16384)).isBetween(700.0, 3000.0);
        assertThat(Spectra.energy(clap, RATE, 0.08, 0.12)).as("the clap's tail").isGreaterThan(0.0);
    }

    @Test
    void rimIsShortAndKnocking() {
        float[] rim = hit(KitPiece.RIM, 1f);
        assertThat(rim.length / RATE).isLessThan(0.25);
        assertThat(Spectra.decibels(Spectra.energy(rim, RATE, 0.05, 0.1) / Spectra.energy(rim, RATE, 0, 0.02))).isLessThan(-30);
        assertThat(Spectra.bandFraction(rim, RATE, 8192, 350, 2500)).isGreaterThan(0.5);
    }

    @Test
    void harderHitsSoundBrighter() {
        for (KitPiece piece : new KitPiece[] {KitPiece.KICK, KitPiece.SNARE, KitPiece.CLOSED_HAT, KitPiece.CLAP, KitPiece.LOW_TOM}) {
            double soft = Spectra.centroidHz(hit(piece, 0.3f), RATE, 8192);
            double hard = Spectra.centroidHz(hit(piece, 1f), RATE, 8192);
            assertThat(hard).as(piece.displayName()).isGreaterThan(soft * 1.05);
        }
    }

    @Test
    void renderingIsDeterministic() {
        assertThat(new KitSynthesizer(RATE).render(KitPiece.SNARE, 0.7f)).containsExactly(hit(KitPiece.SNARE, 0.7f));
    }
}
