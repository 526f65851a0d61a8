package dev.downbeat.model.groove;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class GrooveEvaluationTest {
    /** The Groove MIDI Dataset beside the work tree (../shared/data/groove-midi from the repo root). */
    static final Path GROOVE = Path.of(System.getProperty("downbeat.groove",
            Path.of("").toAbsolutePath().resolve("../../shared/data/groove-midi").normalize().toString()));

    @Test
    void theModelBeatsBothBaselinesOnValidationFiles() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(GROOVE.resolve("info.csv")), "Groove MIDI Dataset at " + GROOVE);
        List<GroovePerformance> train = GrooveEvaluation.split(GROOVE, "train", 0);
        List<GroovePerformance> validation = GrooveEvaluation.split(GROOVE, "validation", 30);   // 13 of 16 steps or more
        try (GrooveModel model = GrooveModel.loadBundled()) {
            GrooveEvaluation.Report report = GrooveEvaluation.evaluate(model, train, validation);
            assertThat(report.hits()).isGreaterThan(1000);
            GrooveEvaluation.Score constant = report.rows().get(0), position = report.rows().get(1), learned = report.model();
            assertThat(learned.velocityMae()).isLessThan(0.9 * position.velocityMae()).isLessThan(constant.velocityMae());
            assertThat(learned.offsetMae()).isLessThan(position.offsetMae()).isLessThan(constant.offsetMae());
            assertThat(report.beatsBaselines()).isTrue();
            // The model's velocities spread like the data's far more than one constant can.
            assertThat(learned.velocityOverlap()).isGreaterThan(constant.velocityOverlap() + 0.2);
        }
    }

    @Test
    void performancesKeepTheLoudestHitOfEachStepAndItsOffset() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(GROOVE.resolve("info.csv")), "Groove MIDI Dataset at " + GROOVE);
        GroovePerformance p = GrooveEvaluation.split(GROOVE, "validation", 2).get(0);
        int hits = 0;
        for (int s = 0; s < p.length(); s++) {
            for (int d = 0; d < GrooveSpec.CLASSES; d++) {
                boolean hit = (p.events()[s] >> d & 1) == 1;
                assertThat(p.velocity()[s][d] > 0).isEqualTo(hit);
                assertThat(p.offset()[s][d]).isBetween(-0.5f, 0.5f);
                hits += hit ? 1 : 0;
            }
        }
        assertThat(hits).isGreaterThan(50);
    }

    @Test
    void overlapIsOneForTheSameShapeAndZeroForDisjoint() {
        assertThat(GrooveEvaluation.overlap(new long[] {1, 2, 3}, new long[] {2, 4, 6})).isCloseTo(1, within(1e-12));
        assertThat(GrooveEvaluation.overlap(new long[] {1, 0, 0}, new long[] {0, 0, 5})).isZero();
        assertThat(GrooveEvaluation.bin(1.0, 0, 1)).isEqualTo(GrooveEvaluation.BINS - 1);
        assertThat(GrooveEvaluation.bin(-0.5, -0.5, 0.5)).isZero();
    }
}
