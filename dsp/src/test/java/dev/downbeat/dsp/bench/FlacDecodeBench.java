package dev.downbeat.dsp.bench;

import dev.downbeat.dsp.FlacAudio;
import dev.downbeat.dsp.FlacFile;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Downbeat's FLAC decoder against libFLAC, side by side in one run: the same files decoded by
 * {@link FlacFile#decode} (file read, CRCs, MD5), by {@code flac -t} (decode and MD5 check, no
 * output) and by {@code flac -d -c} (decode to WAV on a discarded stdout), each in one process over
 * all files, best of {@code ROUNDS} rounds. Wall clock and CPU time (the decoding thread's; the
 * flac process's user + system): on a shared machine the CPU ratio is the one to trust. Prints
 * seconds of audio, the times, the ratios Downbeat / flac and how much faster than real time.
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
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double ours = Double.MAX_VALUE;
        double oursCpu = Double.MAX_VALUE;
        for (int round = 0; round < ROUNDS + WARM_UP_ROUNDS; round++) {
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long frames = 0;
            for (Path f : files) {
                frames += FlacFile.decode(f).frames();
            }
            double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            double seconds = (System.nanoTime() - start) / 1e9;
            if (round >= WARM_UP_ROUNDS && frames > 0) {
                ours = Math.min(ours, seconds);
                oursCpu = Math.min(oursCpu, cpu);
            }
        }
        double[] tested = bestOf(command(List.of("flac", "-t", "-s"), files));
        double[] decoded = bestOf(command(List.of("flac", "-d", "-s", "-c"), files));
        System.out.printf("%d files, %.1f MB, %.1f s of audio; best of %d, seconds wall clock / CPU%n", files.size(), bytes / 1e6,
                audioSeconds, ROUNDS);
        System.out.printf("Downbeat FlacFile.decode:        %.3f / %.3f s (%.0fx real time in CPU)%n", ours, oursCpu, audioSeconds / oursCpu);
        System.out.printf("flac -t (libFLAC, MD5 checked):  %.3f / %.3f s (%.0fx)%n", tested[0], tested[1], audioSeconds / tested[1]);
        System.out.printf("flac -d -c > /dev/null:          %.3f / %.3f s (%.0fx)%n", decoded[0], decoded[1], audioSeconds / decoded[1]);
        System.out.printf("ratio Downbeat / flac -t: %.2f wall, %.2f CPU; Downbeat / flac -d: %.2f wall, %.2f CPU%n",
                ours / tested[0], oursCpu / tested[1], ours / decoded[0], oursCpu / decoded[1]);
    }

    private static List<String> command(List<String> tool, List<Path> files) {
        List<String> command = new ArrayList<>(tool);
        files.forEach(f -> command.add(f.toString()));
        return command;
    }

    /**
     * The best wall-clock and CPU time (user + system, from the shell's {@code times}) of
     * {@code ROUNDS} runs of {@code command}, its output discarded.
     */
    private static double[] bestOf(List<String> command) throws Exception {
        List<String> timed = new ArrayList<>(List.of("bash", "-c", "\"$@\" >/dev/null; times", "bench"));
        timed.addAll(command);
        double wall = Double.MAX_VALUE;
        double cpu = Double.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            Process p = new ProcessBuilder(timed).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String[] lines = new String(p.getInputStream().readAllBytes()).trim().split("\n");
            if (p.waitFor() != 0 || lines.length < 2) {
                throw new IllegalStateException(String.join(" ", command.subList(0, 3)) + " failed");
            }
            wall = Math.min(wall, (System.nanoTime() - start) / 1e9);
            String[] children = lines[1].trim().split("\\s+"); // e.g. "0m0.150s 0m0.012s"
            cpu = Math.min(cpu, seconds(children[0]) + seconds(children[1]));
        }
        return new double[] {wall, cpu};
    }

    private static double seconds(String minutesAndSeconds) {
        int m = minutesAndSeconds.indexOf('m');
        return Integer.parseInt(minutesAndSeconds.substring(0, m)) * 60
                + Double.parseDouble(minutesAndSeconds.substring(m + 1, minutesAndSeconds.length() - 1));
    }
}
