package dev.downbeat.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class NllEvaluationTest {
    /** The Groove MIDI Dataset beside the work tree (../shared/data/groove-midi from the repo root). */
    static final Path GROOVE = Path.of(System.getProperty("downbeat.groove",
            Path.of("").toAbsolutePath().resolve("../../shared/data/groove-midi").normalize().toString()));

    @Test
    void baselineProbabilitiesSumToOneInEveryContext() {
        List<int[]> train = List.of(new int[] {5, 1, 4, 0, 5, 1, 4, 0, 5, 1, 4, 0, 5, 1, 4, 0, 5, 1, 4, 2, 7});
        BarBaseline baseline = BarBaseline.fit(train);
        for (int p : new int[] {0, 3, 15}) {
            for (int q : new int[] {0, 5, 512}) {
                double sum = 0;
                double positionSum = 0;
                double unigramSum = 0;
                for (int e = 0; e < 512; e++) {
                    sum += baseline.bar(e, p, q, 3, 10);
                    positionSum += baseline.position(e, p, 3);
                    unigramSum += baseline.unigram(e);
                }
                assertThat(sum).isCloseTo(1.0, within(1e-9));
                assertThat(positionSum).isCloseTo(1.0, within(1e-9));
                assertThat(unigramSum).isCloseTo(1.0, within(1e-9));
            }
        }
    }

    @Test
    void theLastBarTermCatchesARepeatingGrooveThatPositionAloneCannot() {
        // Each window repeats one of two grooves: position alone is split between them, while
        // the step a bar earlier tells which groove is playing.
        List<int[]> windows = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            windows.add(repeat(k % 2 == 0 ? new int[] {5, 0, 4, 0, 3, 0, 4, 0} : new int[] {1, 8, 1, 8, 2, 8, 1, 8}, 8));
        }
        BarBaseline baseline = BarBaseline.fit(windows);
        double position = baseline.nll(windows, BarBaseline.Order.POSITION, 1, 1);
        double bar = baseline.nll(windows, BarBaseline.Order.POSITION_AND_LAST_BAR, 1, 1);
        assertThat(position).isGreaterThan(0.6);     // about ln 2 on the steps that differ
        assertThat(bar).isLessThan(position / 2);
        List<NllEvaluation.Row> rows = NllEvaluation.baselines(windows, windows);
        assertThat(rows).extracting(NllEvaluation.Row::name).containsExactly("uniform over 512 events",
                "event frequencies", "position in bar", "position + same step last bar");
        assertThat(rows.get(0).nll()).isCloseTo(Math.log(512), within(1e-12));
    }

    private static int[] repeat(int[] unit, int times) {
        int[] out = new int[unit.length * times];
        for (int i = 0; i < out.length; i++) {
            out[i] = unit[i % unit.length];
        }
        return out;
    }

    @Test
    void windowsAreCutLikeTheTrainingScriptsValidation() {
        DrumCorpus corpus = corpusOf(600, 20, 10);
        List<int[]> windows = corpus.windows(256);
        // 600 steps: [0,257) [256,513) [512,600) ; 20 steps: one window ; 10 steps: too short
        assertThat(windows).extracting(w -> w.length).containsExactly(257, 257, 88, 20);
        assertThat(NllEvaluation.predictions(windows)).isEqualTo(256 + 256 + 87 + 19);
    }

    private static DrumCorpus corpusOf(int... lengths) {
        try {
            Path dir = Files.createTempDirectory("corpus");
            for (int i = 0; i < lengths.length; i++) {
                int[] events = new int[lengths[i]];
                for (int t = 0; t < events.length; t++) {
                    events[t] = t % 4 == 0 ? 5 : 4;
                }
                PatternMidi.write(DrumPattern.of(events), NoteMap.DEFAULT, 120, dir.resolve("p" + i + ".mid"));
            }
            return DrumCorpus.folder(dir, NoteMap.seedTable(), 0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void batchedScoringEqualsScoringOneWindowAtATime() throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(9);
        List<int[]> windows = new ArrayList<>();
        for (int k = 0; k < 7; k++) {
            int[] w = new int[17 + random.nextInt(50)];
            for (int t = 0; t < w.length; t++) {
                w[t] = random.nextInt(4) == 0 ? random.nextInt(512) : (t % 4 == 0 ? 5 : 4);
            }
            windows.add(w);
        }
        try (DrumModel model = DrumModel.loadBundled(); DrumGenerator generator = model.newGenerator()) {
            double single = NllEvaluation.modelNll(generator, windows, done -> { });
            double batched = NllEvaluation.modelNll(model, windows, 3, done -> { });
            double whole = NllEvaluation.modelNll(model, windows, 32, done -> { });
            assertThat(batched).isCloseTo(single, within(1e-4));
            assertThat(whole).isCloseTo(single, within(1e-4));
        }
    }

    @Test
    void theBundledModelBeatsTheBarBaselineOnValidationFiles() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(GROOVE.resolve("info.csv")),
                "Groove MIDI Dataset not found at " + GROOVE + " (set -Ddownbeat.groove=DIR)");
        try (DrumModel model = DrumModel.loadBundled()) {
            List<List<Integer>> pitches = model.spec().classPitches();
            List<int[]> train = DrumCorpus.split(GROOVE, "train", pitches, 0).windows(NllEvaluation.WINDOW);
            List<int[]> valid = DrumCorpus.split(GROOVE, "validation", pitches, 12).windows(NllEvaluation.WINDOW);
            double baseline = NllEvaluation.baselines(train, valid).get(3).nll();
            double nll = NllEvaluation.modelNll(model, valid, 32, done -> { });
            System.out.printf("first 12 validation files: model %.4f, baseline %.4f nats/step%n", nll, baseline);
            assertThat(nll).as("model NLL vs position + last-bar baseline (nats/step)").isLessThan(baseline);
        }
    }
}
