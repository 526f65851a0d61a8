package dev.downbeat.model.groove;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class HumanizerTest {
    static final Groove LEARNED = new Groove(16, List.of(
            new GroovedHit(0, 0, 0.9f, -0.05f), new GroovedHit(4, 1, 0.8f, 0.1f),
            new GroovedHit(6, 2, 0.3f, -0.2f), new GroovedHit(12, 1, 0.6f, 0.02f)));

    @Test
    void humanizeZeroIsExactlyTheQuantizedPatternAtVelocity100() {
        for (double dynamics : new double[] {0, 1, 2}) {
            Groove played = new Humanizer(0, dynamics).apply(LEARNED);
            assertThat(played.hits()).extracting(GroovedHit::offset).containsOnly(0f);
            assertThat(played.hits()).extracting(GroovedHit::midiVelocity).containsOnly(100);
            assertThat(played.hits()).extracting(GroovedHit::step).containsExactly(0, 4, 6, 12);
            assertThat(Float.floatToRawIntBits(played.hits().get(0).offset())).as("not -0").isZero();
        }
    }

    @Test
    void humanizeOneWithDynamicsOneIsTheLearnedGroove() {
        assertThat(new Humanizer(1, 1).apply(LEARNED).hits()).usingRecursiveFieldByFieldElementComparator(
                org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration.builder()
                        .withComparatorForType((a, b) -> Math.abs(a - b) < 1e-6f ? 0 : Float.compare(a, b), Float.class).build())
                .isEqualTo(LEARNED.hits());
    }

    @Test
    void halfHumanizeIsHalfwayInTimeAndVelocity() {
        GroovedHit snare = new Humanizer(0.5, 1).apply(LEARNED).hits().get(1);
        assertThat(snare.offset()).isCloseTo(0.05f, within(1e-6f));
        assertThat(snare.velocity()).isCloseTo((Humanizer.QUANTIZED_VELOCITY + 0.8f) / 2, within(1e-6f));
    }

    @Test
    void dynamicsScalesTheSpreadAroundTheMeanAndKeepsTheMean() {
        float mean = LEARNED.meanVelocity();
        Groove flat = new Humanizer(1, 0).apply(LEARNED);
        assertThat(flat.hits()).allSatisfy(h -> assertThat(h.velocity()).isCloseTo(mean, within(1e-6f)));
        Groove wide = new Humanizer(1, 2).apply(LEARNED);
        assertThat(spread(wide)).isGreaterThan(1.5 * spread(LEARNED));
        assertThat(wide.hits()).allSatisfy(h -> assertThat(h.velocity()).isBetween(1f / 127, 1f));
        // Offsets do not depend on Dynamics.
        assertThat(wide.hits()).extracting(GroovedHit::offset).containsExactlyElementsOf(
                LEARNED.hits().stream().map(GroovedHit::offset).toList());
    }

    static double spread(Groove groove) {
        double max = groove.hits().stream().mapToDouble(GroovedHit::velocity).max().orElseThrow();
        double min = groove.hits().stream().mapToDouble(GroovedHit::velocity).min().orElseThrow();
        return max - min;
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new Humanizer(1.1, 1)).hasMessageContaining("humanize amount 1.1 is outside 0..1");
        assertThatThrownBy(() -> new Humanizer(0.5, -1)).hasMessageContaining("dynamics -1.0 is outside 0..2");
        assertThatThrownBy(() -> new Humanizer(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
