package dev.downbeat.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StageTransformTest {

    @Test
    void theProjectsOwnFftRunsFrom4096PointsUpAndJTransformsBelow() {
        // the documented rule: ConvolutionFft measured faster from 2048 (1.2x) up, slower at 512
        // (0.9x) and even at 1024 (1.04x); 2048 stays on JTransforms for the plugin's worst calls
        assertThat(StageTransform.OWN_FFT_FROM).isEqualTo(4096);
        for (int size = 8; size <= 2048; size *= 2) {
            assertThat(StageTransform.forSize(size)).as("size %d", size).isInstanceOf(JTransformsFft.class);
        }
        for (int size = 4096; size <= 65536; size *= 2) {
            assertThat(StageTransform.forSize(size)).as("size %d", size).isInstanceOf(ConvolutionFft.class);
        }
        for (int size = 8; size <= 65536; size *= 2) {
            assertThat(StageTransform.forSize(size).size()).isEqualTo(size);
        }
    }

    @Test
    void refusesSizesThatAreNotPowersOfTwo() {
        assertThatThrownBy(() -> StageTransform.forSize(3000)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3000");
        assertThatThrownBy(() -> StageTransform.forSize(6000)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6000");
    }

    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {1024, 2048, 16384})
    void bothImplementationsGiveTheSameSpectrumAndSignal(int size) {
        // a stage may get either one, so they must agree on bins, order and scale
        Random random = new Random(size);
        float[] block = ConvolutionFftTest.noise(random, size / 2);
        StageTransform theirs = new JTransformsFft(size);
        StageTransform ours = new ConvolutionFft(size);
        float[] re1 = new float[size / 2 + 1], im1 = new float[size / 2 + 1];
        float[] re2 = new float[size / 2 + 1], im2 = new float[size / 2 + 1];
        theirs.forwardOfPaddedBlock(block, re1, im1);
        ours.forwardOfPaddedBlock(block, re2, im2);
        double[] want1 = new double[re1.length], want2 = new double[im1.length];
        for (int k = 0; k < re1.length; k++) {
            want1[k] = re1[k];
            want2[k] = im1[k];
        }
        assertThat(ConvolutionFftTest.relativeError(re2, im2, want1, want2)).as("spectrum, ours against JTransforms").isLessThan(1e-5);

        float[] back1 = new float[size], back2 = new float[size];
        theirs.inverse(re1, im1, back1);
        ours.inverse(re1, im1, back2);
        for (int t = 0; t < size; t++) {
            float want = t < size / 2 ? block[t] : 0f;
            assertThat(back1[t]).as("JTransforms round trip, sample %d", t).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-4f));
            assertThat(back2[t]).as("ours, sample %d", t).isCloseTo(back1[t], org.assertj.core.data.Offset.offset(1e-4f));
        }
    }
}
