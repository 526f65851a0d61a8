package dev.downbeat.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImpulseResponseTest {
    @TempDir
    Path dir;

    @Test
    void loadsAMonoIrAtAnotherRateAndNormalizesIt() throws IOException {
        float[] ir = new float[22050];
        for (int i = 0; i < ir.length; i++) {
            ir[i] = (float) (Math.exp(-i / 2000.0) * Math.sin(i * 0.3)) * 0.1f;
        }
        Path file = dir.resolve("hall.wav");
        WavFile.write(file, new StereoBuffer(ir, ir, 22050), WavFile.Encoding.FLOAT_32);
        ImpulseResponse loaded = ImpulseResponse.load(file);
        float[][] at48 = loaded.channelsAt(48000);
        assertThat(at48[0].length).isBetween(47000, 48001);
        assertThat(energy(at48[0], 0, at48[0].length / 48000.0)).isCloseTo(1.0, within(1e-3));
    }

    @Test
    void refusesAnIrLongerThanTheLimit() throws IOException {
        float[] ir = new float[48000 * 3];
        ir[0] = 1;
        ir[ir.length - 1] = 0.5f;
        Path file = dir.resolve("cathedral.wav");
        WavFile.write(file, new StereoBuffer(ir, ir, 48000), WavFile.Encoding.PCM_16);
        assertThatThrownBy(() -> ImpulseResponse.load(file, 2.0)).isInstanceOf(LoadException.class)
                .hasMessageContaining("cathedral.wav").hasMessageContaining("3.0 s long, the limit is 2.0 s");
    }

    @Test
    void refusesASilentIr() throws IOException {
        Path file = dir.resolve("silence.wav");
        WavFile.write(file, new StereoBuffer(new float[100], new float[100], 48000), WavFile.Encoding.PCM_16);
        assertThatThrownBy(() -> ImpulseResponse.load(file)).hasMessageContaining("silence.wav").hasMessageContaining("silent");
    }

    @Test
    void aBadIrLeavesTheEngineWithItsRoom() throws IOException {
        DrumEngine engine = new DrumEngine();
        engine.prepare(48000, 64);
        ImpulseResponse before = engine.room();
        Path file = dir.resolve("broken.wav");
        Files.write(file, "RIFF....WAVEjunk".getBytes());
        assertThatThrownBy(() -> engine.setRoom(ImpulseResponse.load(file))).isInstanceOf(LoadException.class);
        assertThat(engine.room()).isSameAs(before);
    }

    @Test
    void aFlacIrLoadsToTheSamplesOfTheWavItCameFrom() throws Exception {
        FlacTools.assumeInstalled("flac");
        int[][] room = roomSamples(2, 44100 / 2, 24, 5);
        Path flac = FlacTools.encode(dir, "plate", room, 24, 44100, "-8");
        Path wav = dir.resolve("plate.wav");
        WavFile.write(wav, new StereoBuffer(floats(room[0], 24), floats(room[1], 24), 44100), WavFile.Encoding.PCM_24);

        ImpulseResponse fromFlac = ImpulseResponse.load(flac);
        ImpulseResponse fromWav = ImpulseResponse.load(wav);
        assertThat(fromFlac.name()).isEqualTo("plate.flac");
        assertThat(fromFlac.channels()).isEqualTo(2);
        assertThat(fromFlac.sampleRate()).isEqualTo(44100);
        assertThat(fromFlac.seconds()).isEqualTo(fromWav.seconds());
        for (double rate : new double[] {44100, 48000, 96000}) {
            float[][] a = fromFlac.channelsAt(rate);
            float[][] b = fromWav.channelsAt(rate);
            assertThat(a[0]).as("left at " + rate).containsExactly(b[0]);
            assertThat(a[1]).as("right at " + rate).containsExactly(b[1]);
        }
    }

    @Test
    void aMonoFlacAtAnotherRateIsResampledAndNormalized() throws Exception {
        FlacTools.assumeInstalled("flac");
        Path flac = FlacTools.encode(dir, "booth", roomSamples(1, 11025, 16, 6), 16, 22050, "-5");
        ImpulseResponse loaded = ImpulseResponse.load(flac);
        assertThat(loaded.channels()).isEqualTo(1);
        float[][] at48 = loaded.channelsAt(48000);
        assertThat(at48[1]).isSameAs(at48[0]);
        assertThat(at48[0].length).isBetween(23500, 24001);
        assertThat(energy(at48[0], 0, at48[0].length / 48000.0)).isCloseTo(1.0, within(1e-3));
    }

    @Test
    void theFormatIsToldByContentNotByName() throws Exception {
        FlacTools.assumeInstalled("flac");
        int[][] room = roomSamples(2, 8000, 16, 7);
        Path flac = FlacTools.encode(dir, "room", room, 16, 48000, "-5");
        Path flacNamedWav = Files.copy(flac, dir.resolve("really-flac.wav"));
        Path wav = dir.resolve("room.wav");
        WavFile.write(wav, new StereoBuffer(floats(room[0], 16), floats(room[1], 16), 48000), WavFile.Encoding.PCM_16);
        Path wavNamedFlac = Files.copy(wav, dir.resolve("really-wav.flac"));
        // some taggers put an ID3v2 tag before the fLaC marker (here 20 bytes of body and a footer)
        byte[] id3 = {'I', 'D', '3', 4, 0, 0x10, 0, 0, 0, 20};
        byte[] tagged = new byte[10 + 20 + 10 + (int) Files.size(flac)];
        System.arraycopy(id3, 0, tagged, 0, 10);
        System.arraycopy(Files.readAllBytes(flac), 0, tagged, 40, (int) Files.size(flac));
        Path taggedFlac = Files.write(dir.resolve("tagged.flac"), tagged);

        float[] expected = ImpulseResponse.load(flac).channelsAt(48000)[0];
        for (Path file : new Path[] {flacNamedWav, wav, wavNamedFlac, taggedFlac}) {
            assertThat(ImpulseResponse.load(file).channelsAt(48000)[0]).as(file.getFileName().toString()).containsExactly(expected);
        }
    }

    @Test
    void aTruncatedFlacIsRefusedAndTheEngineKeepsItsRoom() throws Exception {
        byte[] bytes = HandmadeFlac.fixedOrder2(FlacFileTest.escapeSignal(4096, 1024), 1024, -1, 0);
        Path cut = Files.write(dir.resolve("cut.flac"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
        refusedKeepingTheRoom(cut).withMessageContaining("truncated");
    }

    @Test
    void aFlacWithABadCrcIsRefusedAndTheEngineKeepsItsRoom() throws Exception {
        byte[] bytes = HandmadeFlac.fixedOrder2(FlacFileTest.escapeSignal(4096, 1024), 1024, -1, 0);
        bytes[4 + 4 + 34 + 3] ^= 0x01; // the first frame header's sample size byte
        Path broken = Files.write(dir.resolve("crc.flac"), bytes);
        refusedKeepingTheRoom(broken).withMessageContaining("CRC-8 mismatch");
    }

    @Test
    void aThreeChannelFlacIsRefusedAndTheEngineKeepsItsRoom() throws Exception {
        FlacTools.assumeInstalled("flac");
        Path surround = FlacTools.encode(dir, "surround", roomSamples(3, 4000, 16, 8), 16, 48000, "-5");
        refusedKeepingTheRoom(surround).withMessageContaining("3 channels");
    }

    @Test
    void aZeroLengthFlacIsRefusedAndTheEngineKeepsItsRoom() throws Exception {
        FlacTools.assumeInstalled("flac");
        Path empty = FlacTools.encode(dir, "nothing", new int[2][0], 16, 48000, "-5");
        refusedKeepingTheRoom(empty).withMessageContaining("no audio");
    }

    @Test
    void aSilentOrTooLongFlacIsRefusedAndTheEngineKeepsItsRoom() throws Exception {
        FlacTools.assumeInstalled("flac");
        Path silent = FlacTools.encode(dir, "silent", new int[1][4800], 16, 48000, "-5");
        refusedKeepingTheRoom(silent).withMessageContaining("silent");
        int[][] long3s = new int[1][48000 * 3];
        long3s[0][0] = 30000;
        long3s[0][long3s[0].length - 1] = 1000;
        Path cathedral = FlacTools.encode(dir, "cathedral", long3s, 16, 48000, "-5");
        assertThatThrownBy(() -> ImpulseResponse.load(cathedral, 2.0)).isInstanceOf(LoadException.class)
                .hasMessageContaining("cathedral.flac").hasMessageContaining("3.0 s long, the limit is 2.0 s");
    }

    @Test
    void aFileThatIsNeitherWavNorFlacSaysSo() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.wav"), "a room I liked, recorded on Tuesday\n");
        refusedKeepingTheRoom(text).withMessageContaining("neither WAV nor FLAC");
        Path empty = Files.write(dir.resolve("empty.flac"), new byte[0]);
        refusedKeepingTheRoom(empty).withMessageContaining("empty (0 bytes)").withMessageContaining("neither WAV nor FLAC");
        Path tagOnly = Files.write(dir.resolve("tag-only.flac"), new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 1, 0, 1, 2});
        refusedKeepingTheRoom(tagOnly).withMessageContaining("neither WAV nor FLAC");
        assertThatThrownBy(() -> ImpulseResponse.load(dir.resolve("missing.flac"))).hasMessageContaining("missing.flac")
                .hasMessageContaining("not found");
    }

    /** Loading {@code file} into a playing engine fails with a one-line message naming it; the engine's room stays. */
    private ThrowableAssertAlternative<LoadException> refusedKeepingTheRoom(Path file) {
        DrumEngine engine = new DrumEngine();
        engine.prepare(48000, 64);
        ImpulseResponse before = engine.room();
        ThrowableAssertAlternative<LoadException> refused = assertThatExceptionOfType(LoadException.class)
                .isThrownBy(() -> engine.setRoom(ImpulseResponse.load(file)))
                .withMessageContaining(file.toString())
                .withMessageNotContaining("\n");
        assertThat(engine.room()).isSameAs(before);
        return refused;
    }

    /** A decaying noise room as integers of {@code bits}, one row per channel, different noise in each. */
    private static int[][] roomSamples(int channels, int frames, int bits, long seed) {
        Random random = new Random(seed);
        double full = (1L << (bits - 1)) - 1;
        int[][] out = new int[channels][frames];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < frames; i++) {
                double decay = Math.exp(-6.9 * i / frames);
                out[c][i] = (int) Math.round(Math.max(-1, Math.min(1, 0.3 * random.nextGaussian() * decay)) * full);
            }
        }
        return out;
    }

    private static float[] floats(int[] samples, int bits) {
        float[] out = new float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = (float) (samples[i] / Math.pow(2, bits - 1));
        }
        return out;
    }

    @Test
    void defaultRoomIsAStereoSmallRoom() {
        ImpulseResponse room = ImpulseResponse.defaultRoom();
        assertThat(room.channels()).isEqualTo(2);
        float[][] channels = room.channelsAt(48000);
        // decorrelated tails: a wide, not a mono, reverb
        double lr = 0, ll = 0, rr = 0;
        for (int i = 0; i < channels[0].length; i++) {
            lr += channels[0][i] * channels[1][i];
            ll += channels[0][i] * channels[0][i];
            rr += channels[1][i] * channels[1][i];
        }
        assertThat(Math.abs(lr / Math.sqrt(ll * rr))).as("L/R correlation").isLessThan(0.2);
        // small room: the energy 400 ms in is more than 40 dB below the first 50 ms
        assertThat(decibels(energy(channels[0], 0.40, 0.45) / energy(channels[0], 0.0, 0.05))).isLessThan(-40);
        assertThat(decibels(energy(channels[0], 0.10, 0.15) / energy(channels[0], 0.0, 0.05))).isGreaterThan(-25);
        assertThat(room.seconds()).isBetween(0.6, 1.5);
    }

    static double energy(float[] x, double from, double to) {
        double sum = 0;
        for (int i = (int) (from * 48000); i < (int) (to * 48000) && i < x.length; i++) {
            sum += x[i] * x[i];
        }
        return sum;
    }

    static double decibels(double ratio) {
        return 10 * Math.log10(ratio);
    }
}
