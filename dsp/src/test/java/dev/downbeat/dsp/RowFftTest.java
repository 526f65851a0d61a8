package dev.downbeat.dsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RowFftTest {

    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048})
    void matchesANaiveComplexDftAndComesBack(int size) {
        RowFft fft = new RowFft(size);
        int rows = fft.rows(), columns = fft.columns();
        assertThat(rows * columns).isEqualTo(size);
        Random random = new Random(size);
        double[] xRe = new double[size], xIm = new double[size];
        float[][] inRe = new float[rows][columns], inIm = new float[rows][columns];
        for (int t = 0; t < size; t++) {
            inRe[t / columns][t % columns] = (float) (xRe[t] = random.nextGaussian());
            inIm[t / columns][t % columns] = (float) (xIm[t] = random.nextGaussian());
        }
        float[][] outRe = new float[columns][rows], outIm = new float[columns][rows];
        fft.forward(inRe, inIm, outRe, outIm);

        double worst = 0, peak = 0;
        for (int k = 0; k < size; k++) {
            double re = 0, im = 0;
            for (int t = 0; t < size; t++) {
                double angle = -2 * Math.PI * ((long) k * t % size) / size;
                re += xRe[t] * Math.cos(angle) - xIm[t] * Math.sin(angle);
                im += xRe[t] * Math.sin(angle) + xIm[t] * Math.cos(angle);
            }
            int row = fft.outputRow(k / rows);
            worst = Math.max(worst, Math.hypot(outRe[row][k % rows] - re, outIm[row][k % rows] - im));
            peak = Math.max(peak, Math.hypot(re, im));
        }
        assertThat(worst / peak).as("error against the naive DFT").isLessThan(1e-6);

        fft.inverse(outRe, outIm, inRe, inIm);
        double back = 0;
        for (int t = 0; t < size; t++) {
            back = Math.max(back, Math.abs(inRe[t / columns][t % columns] / size - xRe[t]));
            back = Math.max(back, Math.abs(inIm[t / columns][t % columns] / size - xIm[t]));
        }
        assertThat(back).as("inverse(forward(x)) / size against x").isLessThan(1e-5);
    }
}
