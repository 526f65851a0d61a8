package dev.downbeat.app;

import dev.downbeat.model.DrumCorpus;
import dev.downbeat.model.DrumModel;
import dev.downbeat.model.NllEvaluation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code downbeat evaluate}: how well the model predicts real drumming, against simple
 * baselines, as mean negative log-likelihood per 16th step (nats; lower is better). Main thread.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Measure how well the drum model predicts real drumming it has not seen, against simple baselines.",
            "Prints the mean negative log-likelihood per 16th-note step in nats (lower is better;",
            "guessing among all 512 drum combinations scores ln 512 = 6.24).",
            ""})
final class EvaluateCommand implements Callable<Integer> {
    /** Windows scored side by side: several times faster than one at a time on a CPU. */
    static final int BATCH = 32;

    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = {"A folder laid out like the Groove MIDI Dataset (info.csv with splits), or any folder of .mid files",
                "(then --train names the folder the baselines learn from)."})
    Path data;

    @Option(names = "--split", paramLabel = "NAME", defaultValue = "validation",
            description = "Which split of info.csv to score. Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--train", paramLabel = "DIR",
            description = "Folder of .mid files the baselines are fitted on. Default: the train split of --data's info.csv.")
    Path train;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "Score only the first N files (0 = all). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Mixin
    ModelOption model;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (limit < 0) {
            throw new BadInputException("--limit " + limit + " must be 0 or more");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (DrumModel drums = model.open()) {
            List<List<Integer>> pitches = drums.spec().classPitches();
            boolean grooveLayout = Files.isRegularFile(data.resolve("info.csv"));
            DrumCorpus scored = grooveLayout ? DrumCorpus.split(data, split, pitches, limit) : DrumCorpus.folder(data, pitches, limit);
            DrumCorpus fitted;
            if (train != null) {
                fitted = DrumCorpus.folder(train, pitches, 0);
            } else if (grooveLayout) {
                fitted = DrumCorpus.split(data, "train", pitches, 0);
            } else {
                throw new BadInputException(data + " has no info.csv, so give --train DIR for the baselines to learn from");
            }
            List<int[]> windows = scored.windows(NllEvaluation.WINDOW);
            if (windows.isEmpty()) {
                throw new BadInputException(scored.description() + " has no performance of 17 steps or more to score");
            }
            long predictions = NllEvaluation.predictions(windows);
            out.printf(Locale.ROOT, "scoring %d files, %d predictions (%s); baselines fitted on %d files (%s)%n",
                    scored.sequences().size(), predictions, scored.description(), fitted.sequences().size(),
                    fitted.description());
            out.flush();
            List<NllEvaluation.Row> rows = new ArrayList<>(NllEvaluation.baselines(fitted.windows(NllEvaluation.WINDOW), windows));
            long start = System.nanoTime();
            double nll = NllEvaluation.modelNll(drums, windows, BATCH, done -> {
                err.printf(Locale.ROOT, "\rmodel: %d/%d windows", done, windows.size());
                err.flush();
            });
            err.println();
            double seconds = (System.nanoTime() - start) / 1e9;
            rows.add(new NllEvaluation.Row("DrumRNN (" + drums.description() + ")", nll,
                    String.format(Locale.ROOT, "%.2f ms/step, batch " + BATCH, 1000 * seconds / predictions)));
            out.println();
            out.printf(Locale.ROOT, "%-40s %10s   %s%n", "predictor", "nats/step", "");
            for (NllEvaluation.Row row : rows) {
                out.printf(Locale.ROOT, "%-40s %10.4f   %s%n", row.name(), row.nll(), row.detail());
            }
            double baseline = rows.get(rows.size() - 2).nll();
            if (nll < baseline) {
                out.printf(Locale.ROOT, "%nthe model beats the best baseline by %.4f nats/step (%.1f %% lower)%n",
                        baseline - nll, 100 * (baseline - nll) / baseline);
            } else {
                out.printf(Locale.ROOT, "%nthe model does NOT beat the best baseline: %.4f nats/step worse%n", nll - baseline);
            }
            if (grooveLayout) {
                GrooveTable.print(out, data, split, limit);
            }
        } catch (IOException unreadable) {
            throw new BadInputException(unreadable.getMessage(), unreadable);
        }
        return 0;
    }
}
