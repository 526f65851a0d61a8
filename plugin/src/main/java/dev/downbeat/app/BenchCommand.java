package dev.downbeat.app;

import dev.downbeat.dsp.ImpulseResponse;
import dev.downbeat.dsp.ReverbBench;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code downbeat bench}: measurements of Downbeat's own speed. Main thread. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure how fast Downbeat's audio code runs on this machine.",
        subcommands = {BenchCommand.Reverb.class, CommandLine.HelpCommand.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code downbeat bench reverb}: the convolution reverb's CPU cost. */
    @Command(name = "reverb", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Run the convolution reverb on noise and print the CPU seconds it spends per second of stereo audio",
                "(0.01 means 1 %% of one core), after a warm-up of the same length."})
    static final class Reverb implements Callable<Integer> {
        @Mixin
        RoomOption ir;

        @Option(names = "--block", paramLabel = "N", defaultValue = "256", description = "Frames per call, 1 to 8192. Default: ${DEFAULT-VALUE}.")
        int block;

        @Option(names = "--seconds", paramLabel = "S", defaultValue = "10", description = "Seconds of audio to measure. Default: ${DEFAULT-VALUE}.")
        double seconds;

        @Option(names = "--sample-rate", paramLabel = "HZ", defaultValue = "48000", description = "Default: ${DEFAULT-VALUE}.")
        double sampleRate;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (block < 1 || block > 8192) {
                throw new BadInputException("--block " + block + " is outside 1..8192");
            }
            if (!(seconds > 0 && seconds <= 600)) {
                throw new BadInputException("--seconds " + seconds + " is outside (0, 600]");
            }
            if (sampleRate < 22050 || sampleRate > 192000) {
                throw new BadInputException("--sample-rate " + sampleRate + " is outside 22050..192000");
            }
            ImpulseResponse room = ir.load();
            float[][] channels = room.channelsAt(sampleRate);
            float[][] input = ReverbBench.noise(sampleRate, Math.max(1, Math.min(10, seconds)) + block / sampleRate, 1);
            ReverbBench.Result result = ReverbBench.measure(channels, sampleRate, block, seconds, input, null);
            spec.commandLine().getOut().printf(Locale.ROOT,
                    "reverb '%s' (%.2f s, %d ch) at %.0f Hz, block %d: %.5f CPU seconds per second of stereo audio (wall %.5f)%n",
                    room.name(), room.seconds(), room.channels(), sampleRate, block, result.cpuPerAudioSecond(), result.wallPerAudioSecond());
            return 0;
        }
    }
}
