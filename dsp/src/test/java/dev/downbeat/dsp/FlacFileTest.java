package dev.downbeat.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downbeat's FLAC decoder against libFLAC: real Hydrogen kit files and files encoded here with
 * {@code flac} at every bit depth, channel count, compression level and several block sizes and
 * rates must decode to exactly the samples {@code sox} (libFLAC) gives; broken files must fail
 * with a message naming the file and the problem.
 */
class FlacFileTest {
    @TempDir
    Path dir;

    @Test
    void decodesHydrogenKitFilesBitExactAgainstSox() throws Exception {
        FlacTools.assumeInstalled("sox");
        List<Path> files = hydrogenFlacFiles();
        assumeTrue(!files.isEmpty(), "Debian's hydrogen-drumkits is not installed (test.sh installs it): Hydrogen FLAC test skipped");
        // two files per kit: the kits hold 16-bit and 24-bit, mono and stereo, 44.1 and 48 kHz
        List<Path> chosen = new ArrayList<>();
        Path lastKit = null;
        int inKit = 0;
        for (Path f : files) {
            inKit = f.getParent().equals(lastKit) ? inKit + 1 : 0;
            lastKit = f.getParent();
            if (inKit < 2) {
                chosen.add(f);
            }
        }
        FlacCodingCounts counts = FlacCodingCounts.none();
        int stereo = 0;
        int deep = 0;
        for (Path f : chosen) {
            FlacAudio audio = FlacFile.decode(f);
            assertSameSamples(f, audio.samples(), FlacTools.soxDecode(f));
            counts = counts.plus(audio.counts());
            stereo += audio.channels() == 2 ? 1 : 0;
            deep += audio.bitsPerSample() == 24 ? 1 : 0;
        }
        System.out.println("Hydrogen FLAC files decoded bit-exact: " + chosen.size() + " (" + stereo + " stereo, " + deep + " 24-bit); " + counts);
        assertThat(chosen.size()).isGreaterThanOrEqualTo(10);
        assertThat(stereo).isPositive();
        assertThat(deep).isPositive();
    }

    static List<Path> hydrogenFlacFiles() throws IOException {
        if (!Files.isDirectory(KitLoaderTest.HYDROGEN)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(KitLoaderTest.HYDROGEN)) {
            return walk.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".flac")).sorted().toList();
        }
    }

    /** Encoded here at 8/16/24 bits, mono/stereo, levels 0..8, several block sizes and rates. */
    @Test
    void decodesEveryDepthChannelCountLevelAndBlockSizeLikeLibFlac() throws Exception {
        FlacTools.assumeInstalled("flac");
        FlacTools.assumeInstalled("sox");
        int[] blockSizes = {4096, 192, 1000, 4608, 16, 1152, 65535, 576, 2304};
        int[] rates = {44100, 48000, 22050, 11025, 96000, 32000, 8000, 192000, 37800};
        FlacCodingCounts counts = FlacCodingCounts.none();
        int files = 0;
        for (int bits : new int[] {8, 16, 24}) {
            for (int channels = 1; channels <= 2; channels++) {
                for (int level = 0; level <= 8; level++) {
                    int blockSize = blockSizes[(level + bits / 8 + channels) % blockSizes.length];
                    int rate = rates[(level + channels) % rates.length];
                    int[][] signal = testSignal(channels, bits, rate, 31L * bits + 7 * level + channels);
                    String name = bits + "bit-" + channels + "ch-level" + level + "-block" + blockSize + "-" + rate + "Hz";
                    Path flac = FlacTools.encode(dir, name, signal, bits, rate, "-" + level, "-b", String.valueOf(blockSize), "--lax");
                    FlacAudio audio = FlacFile.decode(flac);
                    assertThat(audio.bitsPerSample()).as(name).isEqualTo(bits);
                    assertThat(audio.sampleRate()).as(name).isEqualTo(rate);
                    assertSameSamples(flac, audio.samples(), signal);
                    assertSameSamples(flac, audio.samples(), FlacTools.soxDecode(flac));
                    counts = counts.plus(audio.counts());
                    files++;
                }
            }
        }
        // the encoder's search options reach long LPC orders, high partition orders, 5-bit parameters
        int[][] signal = testSignal(2, 24, 48000, 99);
        for (String[] options : new String[][] {{"-8", "-e", "-p", "-l", "32", "--lax"}, {"-8", "-r", "15", "-b", "32768", "--lax"}, {"-3", "-A", "welch"}}) {
            Path flac = FlacTools.encode(dir, "options" + files, signal, 24, 48000, options);
            FlacAudio audio = FlacFile.decode(flac);
            assertSameSamples(flac, audio.samples(), signal);
            counts = counts.plus(audio.counts());
            files++;
        }
        System.out.println("encoded FLAC files decoded bit-exact: " + files + "; " + counts);
        assertThat(counts.constantSubframes()).as("CONSTANT subframes").isPositive();
        assertThat(counts.verbatimSubframes()).as("VERBATIM subframes").isPositive();
        assertThat(counts.fixedSubframes()).as("FIXED subframes").isPositive();
        assertThat(counts.lpcSubframes()).as("LPC subframes").isPositive();
        assertThat(counts.independentFrames()).as("independent channels").isPositive();
        assertThat(counts.leftSideFrames()).as("left/side frames").isPositive();
        assertThat(counts.sideRightFrames()).as("side/right frames").isPositive();
        assertThat(counts.midSideFrames()).as("mid/side frames").isPositive();
        assertThat(counts.rice4Partitions()).as("4-bit Rice parameters").isPositive();
        assertThat(counts.rice5Partitions()).as("5-bit Rice parameters").isPositive();
        assertThat(counts.wastedBitsSubframes()).as("subframes with wasted bits").isPositive();
    }

    @Test
    void decodes32BitAudio() throws Exception {
        FlacTools.assumeInstalled("flac");
        int[][] signal = testSignal(2, 32, 48000, 5);
        Path flac;
        try {
            flac = FlacTools.encode(dir, "32bit", signal, 32, 48000, "-5");
        } catch (AssertionError e) {
            assumeTrue(false, "this flac cannot encode 32-bit audio (flac 1.4 can): " + e.getMessage());
            return;
        }
        FlacAudio audio = FlacFile.decode(flac);
        assertThat(audio.bitsPerSample()).isEqualTo(32);
        assertSameSamples(flac, audio.samples(), signal);
    }

    /** libFLAC never writes escape codes; these streams are made by hand and checked by {@code flac -t}. */
    @Test
    void decodesEscapeCodedPartitionsWithBothParameterSizes() throws Exception {
        int[] signal = escapeSignal(4096, 1024);
        Path file = dir.resolve("escaped.flac");
        Files.write(file, HandmadeFlac.fixedOrder2(signal, 1024, -1, 0));
        if (Files.isExecutable(Path.of("/usr/bin/flac"))) {
            FlacTools.run("flac", "-t", "-s", file.toString()); // libFLAC: CRCs and MD5 are right
        }
        FlacAudio audio = FlacFile.decode(file);
        assertSameSamples(file, audio.samples(), new int[][] {signal});
        // 4 frames, 2 escaped partitions each (one of them zero bits wide), half with 5-bit parameters
        assertThat(audio.counts().escapedPartitions()).isEqualTo(8);
        assertThat(audio.counts().rice4Partitions()).isEqualTo(4);
        assertThat(audio.counts().rice5Partitions()).isEqualTo(4);
    }

    @Test
    void readGivesTheSameFloatsAsTheWavOfTheSameAudio() throws Exception {
        FlacTools.assumeInstalled("flac");
        FlacTools.assumeInstalled("sox");
        for (int bits : new int[] {8, 16, 24}) {
            int[][] signal = testSignal(2, bits, 44100, bits);
            Path flac = FlacTools.encode(dir, "float" + bits, signal, bits, 44100, "-5");
            Path wav = dir.resolve("float" + bits + ".wav");
            FlacTools.run("sox", flac.toString(), "-t", "wav", wav.toString());
            Sample fromFlac = FlacFile.read(flac);
            Sample fromWav = WavFile.read(wav);
            assertThat(fromFlac.channels()).isEqualTo(2);
            assertThat(fromFlac.sampleRate()).isEqualTo(44100);
            assertThat(fromFlac.channel(0)).as(bits + "-bit left").containsExactly(fromWav.channel(0));
            assertThat(fromFlac.channel(1)).as(bits + "-bit right").containsExactly(fromWav.channel(1));
        }
    }

    @Test
    void aFlippedByteInTheAudioIsACrc16Error() throws Exception {
        FlacTools.assumeInstalled("flac");
        // full-scale noise is stored VERBATIM: a flipped byte changes samples, not the frame's layout
        int[][] noise = new int[1][20000];
        Random random = new Random(3);
        for (int i = 0; i < noise[0].length; i++) {
            noise[0][i] = random.nextInt(65536) - 32768;
        }
        Path flac = FlacTools.encode(dir, "noise", noise, 16, 44100, "-5");
        assertThat(FlacFile.decode(flac).counts().verbatimSubframes()).isPositive();
        byte[] bytes = Files.readAllBytes(flac);
        bytes[bytes.length / 2] ^= 0x10;
        Path broken = dir.resolve("flipped.flac");
        Files.write(broken, bytes);
        assertThatThrownBy(() -> FlacFile.read(broken)).isInstanceOf(LoadException.class)
                .hasMessageContaining(broken.toString()).hasMessageContaining("CRC-16 mismatch").hasMessageContaining("frame ");
    }

    @Test
    void aFlippedByteInAFrameHeaderIsACrc8Error() throws Exception {
        byte[] bytes = HandmadeFlac.fixedOrder2(escapeSignal(4096, 1024), 1024, -1, 0);
        int firstFrame = 4 + 4 + 34; // fLaC, block header, STREAMINFO
        bytes[firstFrame + 3] ^= 0x01; // the sample size / reserved byte
        Path broken = dir.resolve("header.flac");
        Files.write(broken, bytes);
        assertThatThrownBy(() -> FlacFile.read(broken)).hasMessageContaining(broken.toString()).hasMessageContaining("frame 0")
                .hasMessageContaining("CRC-8 mismatch");
    }

    @Test
    void audioThatDiffersFromTheMd5IsRefused() throws Exception {
        byte[] bytes = HandmadeFlac.fixedOrder2(escapeSignal(4096, 1024), 1024, -1, 0);
        bytes[4 + 4 + 18 + 5] ^= 0x40; // inside the STREAMINFO MD5: frames and CRCs stay valid
        Path broken = dir.resolve("md5.flac");
        Files.write(broken, bytes);
        assertThatThrownBy(() -> FlacFile.read(broken)).hasMessageContaining(broken.toString()).hasMessageContaining("MD5 mismatch");
    }

    @Test
    void truncatedFilesSayTheyAreTruncated() throws Exception {
        byte[] bytes = HandmadeFlac.fixedOrder2(escapeSignal(4096, 1024), 1024, -1, 0);
        for (int length : new int[] {bytes.length * 3 / 5, bytes.length - 1, 30, 6}) {
            Path cut = dir.resolve("cut" + length + ".flac");
            Files.write(cut, Arrays.copyOf(bytes, length));
            assertThatThrownBy(() -> FlacFile.read(cut)).as("cut at " + length).isInstanceOf(LoadException.class)
                    .hasMessageContaining(cut.toString()).hasMessageContaining("truncated");
        }
        // cut exactly between two frames: the frames hold fewer samples than STREAMINFO promises
        byte[] half = HandmadeFlac.fixedOrder2(Arrays.copyOf(escapeSignal(4096, 1024), 2048), 1024, -1, 0);
        byte[] joined = Arrays.copyOf(bytes, half.length);
        System.arraycopy(half, 42, joined, 42, half.length - 42); // the long stream's STREAMINFO, two frames
        Path between = dir.resolve("between.flac");
        Files.write(between, joined);
        assertThatThrownBy(() -> FlacFile.read(between)).hasMessageContaining(between.toString()).hasMessageContaining("truncated");
    }

    @Test
    void reservedCodesAreNamed() throws Exception {
        Path file = dir.resolve("reserved.flac");
        Files.write(file, HandmadeFlac.fixedOrder2(escapeSignal(4096, 1024), 1024, 2, HandmadeFlac.RESERVED_SUBFRAME_TYPE));
        assertThatThrownBy(() -> FlacFile.read(file)).hasMessageContaining(file.toString())
                .hasMessageContaining("frame 2").hasMessageContaining("reserved subframe type 2");
    }

    @Test
    void notFlacEmptyAndTooManyChannelsAreRefused() throws Exception {
        Path wav = dir.resolve("really-a-wav.flac");
        Files.write(wav, WavBytes.wav(1, 1, 44100, 16, WavBytes.pcm16((short) 1, (short) 2), 4));
        assertThatThrownBy(() -> FlacFile.read(wav)).hasMessageContaining(wav.toString()).hasMessageContaining("not a FLAC file");
        Path empty = dir.resolve("empty.flac");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> FlacFile.read(empty)).hasMessageContaining(empty.toString()).hasMessageContaining("empty");
        assertThatThrownBy(() -> FlacFile.read(dir.resolve("missing.flac"))).hasMessageContaining("missing.flac").hasMessageContaining("not found");
        FlacTools.assumeInstalled("flac");
        Path surround = FlacTools.encode(dir, "three", testSignal(3, 16, 44100, 1), 16, 44100, "-5");
        assertThatThrownBy(() -> FlacFile.read(surround)).hasMessageContaining(surround.toString()).hasMessageContaining("3 channels");
    }

    private static void assertSameSamples(Path file, int[][] actual, int[][] expected) {
        assertThat(actual.length).as(file + " channels").isEqualTo(expected.length);
        for (int c = 0; c < expected.length; c++) {
            assertThat(actual[c].length).as(file + " frames").isEqualTo(expected[c].length);
            int first = Arrays.mismatch(actual[c], expected[c]);
            assertThat(first).as(file + " channel " + c + ": first differing sample").isEqualTo(-1);
        }
    }

    /**
     * Segments that lead a FLAC encoder to each of its tools: silence (CONSTANT), full-scale noise
     * (VERBATIM), tones (FIXED and LPC), both channels equal, one channel plus a tone (left/side and
     * side/right), sum and difference of noises (mid/side), a coarsely quantized tone (wasted bits),
     * and loud noisy tones (large Rice parameters).
     */
    static int[][] testSignal(int channels, int bits, int rate, long seed) {
        Random random = new Random(seed);
        int segment = 6000;
        int segments = 9;
        int[][] out = new int[channels][segment * segments];
        long full = (1L << (bits - 1)) - 1;
        for (int s = 0; s < segments; s++) {
            for (int i = 0; i < segment; i++) {
                int n = s * segment + i;
                double t = (double) n / rate;
                double tone = Math.sin(2 * Math.PI * 220 * t) * Math.exp(-3 * (i / (double) segment));
                double other = Math.sin(2 * Math.PI * 330 * t + 1);
                double noise = random.nextGaussian();
                double noise2 = random.nextGaussian();
                double left;
                double right;
                switch (s) {
                    case 0 -> { left = 0; right = 0; }
                    case 1 -> { left = random.nextDouble() * 2 - 1; right = random.nextDouble() * 2 - 1; }
                    case 2 -> { left = 0.8 * tone; right = 0.6 * other; }
                    case 3 -> { left = 0.7 * tone; right = 0.7 * tone; }
                    case 4 -> { right = 0.3 * noise; left = right + 0.2 * other; }
                    case 5 -> { left = 0.3 * noise; right = left + 0.2 * other; }
                    case 6 -> { left = 0.3 * noise + 0.05 * noise2; right = 0.3 * noise - 0.05 * noise2; }
                    case 7 -> { left = Math.round(0.8 * tone * 64) / 64.0; right = Math.round(0.5 * other * 64) / 64.0; }
                    default -> { left = 0.5 * tone + 0.1 * noise; right = 0.5 * other + 0.1 * noise2; }
                }
                double[] values = {left, right, 0.5 * (left - right) + 0.1 * tone};
                for (int c = 0; c < channels; c++) {
                    long v = Math.round(values[c] * full);
                    out[c][n] = (int) Math.max(-full - 1, Math.min(full, v));
                }
            }
        }
        return out;
    }

    /**
     * 16-bit audio for the hand-made streams, per block of {@code blockSize}: noise, a tone, a ramp
     * (its order-2 residual is exactly zero: a zero-bit escaped partition) and noise again.
     */
    static int[] escapeSignal(int length, int blockSize) {
        Random random = new Random(11);
        int[] out = new int[length];
        int quarter = blockSize / 4;
        for (int n = 0; n < length; n++) {
            int i = n % blockSize;
            if (i < quarter || i >= 3 * quarter) {
                out[n] = random.nextInt(6001) - 3000;
            } else if (i < 2 * quarter - 2) {
                out[n] = (int) Math.round(8000 * Math.sin(n * 0.05));
            } else {
                out[n] = -5000 + 7 * (i - (2 * quarter - 2));
            }
        }
        return out;
    }
}
