package dev.downbeat.dsp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference tools of the FLAC tests: Debian's {@code flac} encodes, {@code sox} (through
 * libFLAC) decodes. Tests are skipped with a clear message when a tool is missing; test.sh
 * installs both, so CI runs them.
 */
final class FlacTools {
    private FlacTools() {
    }

    static void assumeInstalled(String tool) {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin", tool)),
                "/usr/bin/" + tool + " is not installed (apt-get install -y " + tool + "; test.sh installs it): FLAC reference test skipped");
    }

    /** Runs a command; fails the test with its output when it does not exit 0. */
    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + new String(output));
        }
    }

    /** Encodes interleaved integer samples with the flac command line tool and its {@code options}. */
    static Path encode(Path dir, String name, int[][] samples, int bits, int rate, String... options)
            throws IOException, InterruptedException {
        Path raw = dir.resolve(name + ".raw");
        Path flac = dir.resolve(name + ".flac");
        Files.write(raw, pcm(samples, bits));
        List<String> command = new ArrayList<>(List.of("flac", "-s", "-f", "--force-raw-format", "--endian=little", "--sign=signed",
                "--channels=" + samples.length, "--bps=" + bits, "--sample-rate=" + rate));
        command.addAll(List.of(options));
        command.addAll(List.of("-o", flac.toString(), raw.toString()));
        run(command.toArray(String[]::new));
        Files.delete(raw);
        return flac;
    }

    /** libFLAC's decode of {@code flac}, through {@code sox file.flac -t wav out.wav}, as integers. */
    static int[][] soxDecode(Path flac) throws IOException, InterruptedException {
        Path wav = flac.resolveSibling(flac.getFileName() + ".sox.wav");
        run("sox", flac.toString(), "-t", "wav", wav.toString());
        try {
            return wavIntegers(Files.readAllBytes(wav));
        } finally {
            Files.delete(wav);
        }
    }

    /** The integer samples of a PCM WAV file (8-bit unsigned, 16/24/32-bit signed), per channel. */
    static int[][] wavIntegers(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int channels = 0;
        int bits = 0;
        int at = 12;
        while (at + 8 <= wav.length) {
            String id = new String(wav, at, 4, java.nio.charset.StandardCharsets.US_ASCII);
            int length = b.getInt(at + 4);
            if (id.equals("fmt ")) {
                channels = b.getShort(at + 10);
                bits = b.getShort(at + 22);
            } else if (id.equals("data")) {
                int width = bits / 8;
                int frames = Math.min(length, wav.length - at - 8) / (width * channels);
                int[][] out = new int[channels][frames];
                int p = at + 8;
                for (int f = 0; f < frames; f++) {
                    for (int c = 0; c < channels; c++) {
                        long v = 0;
                        for (int k = width - 1; k >= 0; k--) {
                            v = (v << 8) | (wav[p + k] & 0xff);
                        }
                        p += width;
                        out[c][f] = width == 1 ? (int) v - 128 : (int) ((v << (64 - 8 * width)) >> (64 - 8 * width));
                    }
                }
                return out;
            }
            at += 8 + length + (length & 1);
        }
        throw new AssertionError("no data chunk in the reference WAV");
    }

    /** Interleaved little-endian signed PCM in whole bytes, as flac's raw input and the MD5 want it. */
    static byte[] pcm(int[][] samples, int bits) {
        int width = (bits + 7) / 8;
        byte[] out = new byte[samples.length * samples[0].length * width];
        int p = 0;
        for (int f = 0; f < samples[0].length; f++) {
            for (int[] channel : samples) {
                for (int k = 0; k < width; k++) {
                    out[p++] = (byte) (channel[f] >> (8 * k));
                }
            }
        }
        return out;
    }
}
