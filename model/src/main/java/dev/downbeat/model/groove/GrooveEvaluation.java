package dev.downbeat.model.groove;

import ai.onnxruntime.OrtException;
import dev.downbeat.model.DatasetIndex;
import dev.downbeat.model.ModelFiles;
import dev.downbeat.model.NoteMap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How well the groove model plays like the drummers of held-out recordings: the mean absolute
 * error of velocity (0..1) and of timing offset (steps) over every real hit, next to two
 * baselines fitted on the training split — the constant one (mean velocity, on the grid) and the
 * per-voice per-position means — and how much the distributions of predicted velocities and
 * offsets overlap the recorded ones (histogram intersection, 1 = the same shape).
 *
 * <p>Windows are the training script's: 128 steps every 64, padded with silence, so the numbers
 * are comparable to {@code groove_spec.json}'s history. Main or worker thread.
 */
public final class GrooveEvaluation {
    /** Steps per window and between window starts, as {@code groove.py}. */
    public static final int WINDOW = 128, HOP = 64;
    /** Histogram bins over velocity 0..1 and offset −0.5..0.5. */
    public static final int BINS = 32;
    private static final int BATCH = 32;

    /** One predictor's scores. */
    public record Score(String name, double velocityMae, double offsetMae, double velocityOverlap, double offsetOverlap) {
    }

    /**
     * The evaluation's result.
     *
     * @param rows constant baseline, per-voice per-position baseline, then the model
     */
    public record Report(int files, long hits, List<Score> rows) {
        /** The model's row. */
        public Score model() {
            return rows.get(rows.size() - 1);
        }

        /** True when the model has a lower velocity and a lower offset error than every baseline. */
        public boolean beatsBaselines() {
            for (Score baseline : rows.subList(0, rows.size() - 1)) {
                if (model().velocityMae() >= baseline.velocityMae() || model().offsetMae() >= baseline.offsetMae()) {
                    return false;
                }
            }
            return true;
        }
    }

    private GrooveEvaluation() {
    }

    /**
     * The performances of one split of a folder laid out like the Groove MIDI Dataset
     * ({@code info.csv} with {@code midi_filename}, {@code bpm} and {@code split} columns), those of
     * 16 steps or more, in file order.
     *
     * @param limit read at most this many files of the split (0 = all)
     * @throws IOException naming the missing or unreadable file
     */
    public static List<GroovePerformance> split(Path root, String split, int limit) throws IOException {
        DatasetIndex index = DatasetIndex.read(root, "midi_filename", "bpm", "split");
        int fileColumn = index.column("midi_filename"), splitColumn = index.column("split"), bpmColumn = index.column("bpm");
        NoteMap pitches = NoteMap.readingOnly(NoteMap.seedTable());
        List<GroovePerformance> performances = new ArrayList<>();
        int read = 0;
        for (DatasetIndex.Row line : index.rows()) {
            if (limit != 0 && read >= limit) {
                break;
            }
            List<String> row = line.fields();
            if (row.size() != index.width() || !row.get(splitColumn).equals(split)) {
                continue;
            }
            double bpm;
            try {
                bpm = Double.parseDouble(row.get(bpmColumn));
            } catch (NumberFormatException notNumber) {
                throw new IOException(index.file() + " line " + line.number() + ": bpm \"" + row.get(bpmColumn) + "\" is not a number");
            }
            read++;
            GroovePerformance performance = GroovePerformance.read(root.resolve(row.get(fileColumn)), pitches, bpm);
            if (performance.length() >= 16) {
                performances.add(performance);
            }
        }
        if (read == 0) {
            throw new IOException(index.file() + " lists no files of split \"" + split + "\"");
        }
        return performances;
    }

    /**
     * Scores the model and both baselines on {@code scored}, the baselines fitted on {@code train}.
     *
     * @throws GrooveException if the model fails to run
     */
    public static Report evaluate(GrooveModel model, List<GroovePerformance> train, List<GroovePerformance> scored)
            throws GrooveException {
        List<Window> fit = windows(train), test = windows(scored);
        if (fit.isEmpty() || test.isEmpty()) {
            throw new IllegalArgumentException("need performances of 16 steps or more to fit and to score");
        }
        // Baselines from the training windows, counted as training counts them.
        double velocitySum = 0;
        long hitCount = 0;
        double[][] positionSum = new double[GrooveSpec.POSITIONS][GrooveSpec.OUTPUTS];
        long[][] positionCount = new long[GrooveSpec.POSITIONS][GrooveSpec.CLASSES];
        for (Window w : fit) {
            for (int s = 0; s < WINDOW; s++) {
                for (int d = 0; d < GrooveSpec.CLASSES; d++) {
                    if (w.hit(s, d)) {
                        velocitySum += w.velocity[s][d];
                        hitCount++;
                        positionSum[s % GrooveSpec.POSITIONS][d] += w.velocity[s][d];
                        positionSum[s % GrooveSpec.POSITIONS][GrooveSpec.CLASSES + d] += w.offset[s][d];
                        positionCount[s % GrooveSpec.POSITIONS][d]++;
                    }
                }
            }
        }
        float meanVelocity = (float) (velocitySum / hitCount);
        Tally constant = new Tally("constant (mean velocity, on the grid)");
        Tally position = new Tally("per-voice per-position mean");
        Tally learned = new Tally("groove model (" + model.description() + ")");
        for (int first = 0; first < test.size(); first += BATCH) {
            List<Window> batch = test.subList(first, Math.min(test.size(), first + BATCH));
            float[][][] input = new float[batch.size()][][];
            for (int b = 0; b < batch.size(); b++) {
                input[b] = GrooveModel.features(batch.get(b).events, batch.get(b).tempo);
            }
            float[][][] output;
            try {
                output = model.run(input);
            } catch (OrtException failed) {
                throw new GrooveException(model.description() + " failed to run (" + ModelFiles.firstLine(failed.getMessage())
                        + ")", failed);
            }
            for (int b = 0; b < batch.size(); b++) {
                Window w = batch.get(b);
                for (int s = 0; s < WINDOW; s++) {
                    int p = s % GrooveSpec.POSITIONS;
                    for (int d = 0; d < GrooveSpec.CLASSES; d++) {
                        if (!w.hit(s, d)) {
                            continue;
                        }
                        float velocity = w.velocity[s][d], offset = w.offset[s][d];
                        long n = Math.max(1, positionCount[p][d]);
                        constant.add(meanVelocity, 0, velocity, offset);
                        position.add((float) (positionSum[p][d] / n), (float) (positionSum[p][GrooveSpec.CLASSES + d] / n),
                                velocity, offset);
                        learned.add(output[b][s][d], output[b][s][GrooveSpec.CLASSES + d], velocity, offset);
                    }
                }
            }
        }
        return new Report(scored.size(), learned.hits, List.of(constant.score(), position.score(), learned.score()));
    }

    /** Histogram intersection of two equally long count histograms, as fractions of their totals. */
    static double overlap(long[] a, long[] b) {
        long totalA = Arrays.stream(a).sum(), totalB = Arrays.stream(b).sum();
        double shared = 0;
        for (int i = 0; i < a.length; i++) {
            shared += Math.min(a[i] / (double) totalA, b[i] / (double) totalB);
        }
        return shared;
    }

    static int bin(double value, double low, double high) {
        int bin = (int) Math.floor((value - low) / (high - low) * BINS);
        return Math.max(0, Math.min(BINS - 1, bin));
    }

    /** Running errors and histograms of one predictor. */
    private static final class Tally {
        final String name;
        double velocityError, offsetError;
        long hits;
        final long[] predictedVelocity = new long[BINS], recordedVelocity = new long[BINS];
        final long[] predictedOffset = new long[BINS], recordedOffset = new long[BINS];

        Tally(String name) {
            this.name = name;
        }

        void add(float velocity, float offset, float recordedV, float recordedO) {
            velocityError += Math.abs(velocity - recordedV);
            offsetError += Math.abs(offset - recordedO);
            hits++;
            predictedVelocity[bin(velocity, 0, 1)]++;
            recordedVelocity[bin(recordedV, 0, 1)]++;
            predictedOffset[bin(offset, -0.5, 0.5)]++;
            recordedOffset[bin(recordedO, -0.5, 0.5)]++;
        }

        Score score() {
            return new Score(name, velocityError / hits, offsetError / hits, overlap(predictedVelocity, recordedVelocity),
                    overlap(predictedOffset, recordedOffset));
        }
    }

    /** One 128-step stretch of a performance, silence past its end. */
    private record Window(int[] events, float[][] velocity, float[][] offset, double tempo) {
        boolean hit(int step, int drum) {
            return (events[step] >> drum & 1) == 1;
        }
    }

    private static List<Window> windows(List<GroovePerformance> performances) {
        List<Window> windows = new ArrayList<>();
        for (GroovePerformance p : performances) {
            for (int start = 0; start < p.length() - 16; start += HOP) {
                int[] events = new int[WINDOW];
                float[][] velocity = new float[WINDOW][GrooveSpec.CLASSES], offset = new float[WINDOW][GrooveSpec.CLASSES];
                for (int s = 0; s < WINDOW && start + s < p.length(); s++) {
                    events[s] = p.events()[start + s];
                    velocity[s] = p.velocity()[start + s];
                    offset[s] = p.offset()[start + s];
                }
                windows.add(new Window(events, velocity, offset, p.tempo()));
            }
        }
        return windows;
    }
}
