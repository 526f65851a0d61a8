package dev.downbeat.app;

import dev.downbeat.model.ModelLoadException;
import dev.downbeat.model.groove.GrooveEvaluation;
import dev.downbeat.model.groove.GrooveException;
import dev.downbeat.model.groove.GrooveModel;
import dev.downbeat.model.groove.GroovePerformance;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code downbeat evaluate}'s groove section: velocity and timing errors against both baselines. Main thread. */
final class GrooveTable {
    private GrooveTable() {
    }

    /**
     * Scores the bundled groove model on {@code split} of a Groove-MIDI-layout folder (baselines
     * fitted on its train split) and prints the table.
     *
     * @param limit score at most this many files of the split (0 = all)
     */
    static void print(PrintWriter out, Path data, String split, int limit) throws IOException {
        List<GroovePerformance> train = GrooveEvaluation.split(data, "train", 0);
        List<GroovePerformance> scored = GrooveEvaluation.split(data, split, limit);
        GrooveEvaluation.Report report;
        try (GrooveModel model = GrooveModel.loadBundled()) {
            report = GrooveEvaluation.evaluate(model, train, scored);
        } catch (ModelLoadException | GrooveException broken) {
            throw new IllegalStateException(broken.getMessage(), broken);
        }
        out.printf(Locale.ROOT, "%ngroove: velocity (0..1) and timing (16th steps) of %d hits in %d performances (%s), "
                + "baselines fitted on %d%n", report.hits(), report.files(), split, train.size());
        out.printf(Locale.ROOT, "%-40s %12s %12s %12s %12s%n", "predictor", "velocity MAE", "offset MAE", "vel overlap",
                "off overlap");
        for (GrooveEvaluation.Score row : report.rows()) {
            out.printf(Locale.ROOT, "%-40s %12.4f %12.4f %12.3f %12.3f%n", row.name(), row.velocityMae(), row.offsetMae(),
                    row.velocityOverlap(), row.offsetOverlap());
        }
        GrooveEvaluation.Score model = report.model(), best = report.rows().get(1);
        out.printf(Locale.ROOT, "(overlap: histogram intersection of predicted and recorded values, %d bins; 1 = same shape)%n",
                GrooveEvaluation.BINS);
        if (report.beatsBaselines()) {
            out.printf(Locale.ROOT, "the groove model beats both baselines: velocity %.1f %% and timing %.1f %% lower error "
                    + "than the per-voice per-position means%n", 100 * (1 - model.velocityMae() / best.velocityMae()),
                    100 * (1 - model.offsetMae() / best.offsetMae()));
        } else {
            out.println("the groove model does NOT beat both baselines on these files");
        }
    }
}
