package dev.downbeat.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DrumPatternTest {
    @Test
    void theDefaultSeedIsTheSeedAppsTenSteps() {
        assertThat(DrumPattern.DEFAULT_SEED.length()).isEqualTo(10);
        // Event = bitmask of classes: [0,2] -> 1 + 4, [2,5,8] -> 4 + 32 + 256.
        assertThat(DrumPattern.DEFAULT_SEED.events()).containsExactly(5, 1, 292, 0, 292, 0, 293, 304, 0, 289);
    }

    @Test
    void textRoundTripsInBothNotations() {
        DrumPattern a = DrumPattern.parse("[0,2] [0] [2,5,8] [] [8,0]");
        assertThat(a.toString()).isEqualTo("[0,2] [0] [2,5,8] [] [0,8]");
        assertThat(DrumPattern.parse(a.toString())).isEqualTo(a);
        assertThat(DrumPattern.parse("0,2;0;2,5,8;;0,8")).isEqualTo(a);
        assertThat(DrumPattern.parse(" [ 0 , 2 ][0]  [2,5,8] [] [0,8] ")).isEqualTo(a);
    }

    @Test
    void malformedTextNamesTheStep() {
        assertThatThrownBy(() -> DrumPattern.parse("[0] [9]")).hasMessageContaining("step 2").hasMessageContaining("9");
        assertThatThrownBy(() -> DrumPattern.parse("[0] [x]")).hasMessageContaining("step 2").hasMessageContaining("'x'");
        assertThatThrownBy(() -> DrumPattern.parse("[0] [1")).hasMessageContaining("step 2").hasMessageContaining("closing");
        assertThatThrownBy(() -> DrumPattern.parse("0;1;-1")).hasMessageContaining("step 3");
        assertThatThrownBy(() -> DrumPattern.parse("  ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> DrumPattern.parse("[0] 1")).hasMessageContaining("expected '['");
    }

    @Test
    void counterBitsEncodeTheNextStepAsPlusMinusOne() {
        float[] x = new float[DrumEncoding.INPUT_SIZE];
        DrumEncoding.encodeInput(293, 4, x, 0);   // next step index 5 = 0b000101
        assertThat(x[293]).isEqualTo(1f);
        float sum = 0;
        for (int e = 0; e < 512; e++) {
            sum += x[e];
        }
        assertThat(sum).isEqualTo(1f);
        assertThat(java.util.Arrays.copyOfRange(x, 512, 518)).containsExactly(1f, -1f, 1f, -1f, -1f, -1f);
        DrumEncoding.encodeInput(0, 63, x, 0);    // 64 wraps to all -1
        assertThat(java.util.Arrays.copyOfRange(x, 512, 518)).containsExactly(-1f, -1f, -1f, -1f, -1f, -1f);
    }

    @Test
    void eventsAndClassesAreInverse() {
        for (int e = 0; e < 512; e++) {
            assertThat(DrumEncoding.eventOf(DrumEncoding.classesOf(e))).isEqualTo(e);
        }
    }

    @Test
    void noteMapTextIsChecked() {
        assertThatThrownBy(() -> NoteMap.parse("36,38")).hasMessageContaining("needs 9 pitches");
        assertThatThrownBy(() -> NoteMap.parse("36,38,42,46,41,43,45,49,128")).hasMessageContaining("128");
        assertThatThrownBy(() -> NoteMap.parse("36,36,42,46,41,43,45,49,51")).hasMessageContaining("both kick and snare");
        assertThatThrownBy(() -> NoteMap.parse("36,38,42,46,41,43,45,49,x")).hasMessageContaining("'x'");
    }

    @Test
    void samplerDrawsFromTheSoftmax() {
        float[] logits = new float[512];
        logits[3] = (float) Math.log(3);   // p(3) = 3 / (511 + 3)
        StepSampler sampler = new StepSampler(1.0, 42);
        int threes = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            threes += sampler.sample(logits) == 3 ? 1 : 0;
        }
        assertThat(threes / (double) n).isCloseTo(3.0 / 514, org.assertj.core.api.Assertions.within(0.002));
        assertThat(new StepSampler(0, 1).sample(logits)).isEqualTo(3);
        assertThatThrownBy(() -> new StepSampler(2.5, 1)).hasMessageContaining("2.5");
        assertThatThrownBy(() -> new StepSampler(Double.NaN, 1)).hasMessageContaining("NaN");
    }

    @Test
    void lowTemperatureSharpensHighTemperatureFlattens() {
        float[] logits = new float[512];
        logits[7] = 2f;
        int cold = 0;
        int hot = 0;
        StepSampler c = new StepSampler(0.25, 5);
        StepSampler h = new StepSampler(2.0, 5);
        for (int i = 0; i < 20_000; i++) {
            cold += c.sample(logits) == 7 ? 1 : 0;
            hot += h.sample(logits) == 7 ? 1 : 0;
        }
        assertThat(cold).isGreaterThan(hot * 5);
    }
}
