package dev.downbeat.dsp.bench;

import dev.downbeat.dsp.FlacAudio;
import dev.downbeat.dsp.FlacFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Downbeat's FLAC decoder against libFLAC, side by side in one run: the same files decoded by
 * {@link FlacFile#decode} (file read, CRCs, MD5), by {@code flac -t} (decode and MD5 check, no
 * output) and by {@code flac -d -c} (decode to WAV on a discarded stdout), each in one process over
 * all files, best of {@code ROUNDS} wall-clock rounds. Prints seconds of audio, the times, the
 * ratios Downbeat / flac and how much faster than real time each decodes.
 * usage: FlacDecodeBench [FOLDER]   (default: Debian's Hydrogen kits)
 */
public final class FlacDecodeBench {
    private static final int ROUNDS = 5;
    /** Rounds not counted, for the JIT. */
    private static final int WARM_UP_ROUNDS = 8;

    private FlacDecodeBench() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : "/usr/share/hydrogen/data/drumkits");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".flac")).sorted().toList();
        }
        double audioSeconds = 0;
        long bytes = 0;
        for (Path f : files) {
            FlacAudio audio = FlacFile.decode(f);
            audioSeconds += (double) audio.frames() / audio.sampleRate();
            bytes += Files.size(f);
        }
        double ours = Double.MAX_VALUE;
        for (int round = 0; round < ROUNDS + WARM_UP_ROUNDS; round++) {
            long start = System.nanoTime();
            long frames = 0;
            for (Path f : files) {
                frames += FlacFile.decode(f).frames();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (round >= WARM_UP_ROUNDS && frames > 0) {
                ours = Math.min(ours, seconds);
            }
        }
        double tested = bestOf(command(List.of("flac", "-t", "-s"), files));
        double decoded = bestOf(command(List.of("flac", "-d", "-s", "-c"), files));
        System.out.printf("%d files, %.1f MB, %.1f s of audio%n", files.size(), bytes / 1e6, audioSeconds);
        System.out.printf("Downbeat FlacFile.decode:        %.3f s (%.0fx real time)%n", ours, audioSeconds / ours);
        System.out.printf("flac -t (libFLAC, MD5 checked):  %.3f s (%.0fx real time)%n", tested, audioSeconds / tested);
        System.out.printf("flac -d -c > /dev/null:          %.3f s (%.0fx real time)%n", decoded, audioSeconds / decoded);
        System.out.printf("ratio Downbeat / flac -t: %.2f, Downbeat / flac -d: %.2f%n", ours / tested, ours / decoded);
    }

    private static List<String> command(List<String> tool, List<Path> files) {
        List<String> command = new ArrayList<>(tool);
        files.forEach(f -> command.add(f.toString()));
        return command;
    }

    /** The best wall-clock time of {@code ROUNDS} runs of {@code command}, its output discarded. */
    private static double bestOf(List<String> command) throws Exception {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command.subList(0, 3)) + " failed");
            }
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return best;
    }
}
