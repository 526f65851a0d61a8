package dev.downbeat.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WavFileTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(WavFile.Encoding.class)
    void writesAndReadsBackEveryEncoding(WavFile.Encoding encoding) throws IOException {
        float[] left = new float[1000];
        float[] right = new float[1000];
        for (int i = 0; i < left.length; i++) {
            left[i] = (float) Math.sin(i * 0.05) * 0.8f;
            right[i] = -left[i] * 0.5f;
        }
        Path file = dir.resolve("x.wav");
        WavFile.write(file, new StereoBuffer(left, right, 44100), encoding);
        Sample read = WavFile.read(file);
        assertThat(read.channels()).isEqualTo(2);
        assertThat(read.sampleRate()).isEqualTo(44100);
        assertThat(read.frames()).isEqualTo(1000);
        float tolerance = encoding == WavFile.Encoding.PCM_16 ? 1e-4f : 1e-6f;
        for (int i = 0; i < 1000; i++) {
            assertThat(read.left[i]).isCloseTo(left[i], within(tolerance));
            assertThat(read.right[i]).isCloseTo(right[i], within(tolerance));
        }
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    @Test
    void refusesATextFile() throws IOException {
        Path file = file("notes.wav", "hello, this is not audio".getBytes());
        assertThatThrownBy(() -> WavFile.read(file)).isInstanceOf(LoadException.class)
                .hasMessageContaining("notes.wav").hasMessageContaining("not a WAV file");
    }

    @Test
    void refusesAnEmptyFile() throws IOException {
        Path file = file("empty.wav", new byte[0]);
        assertThatThrownBy(() -> WavFile.read(file)).hasMessageContaining("empty.wav").hasMessageContaining("empty (0 bytes)");
    }

    @Test
    void refusesATruncatedFile() throws IOException {
        Path file = file("cut.wav", WavBytes.wav(1, 1, 48000, 16, WavBytes.pcm16((short) 1, (short) 2, (short) 3), 2000));
        assertThatThrownBy(() -> WavFile.read(file)).hasMessageContaining("cut.wav").hasMessageContaining("truncated");
    }

    @Test
    void refusesZeroFrames() throws IOException {
        Path file = file("zero.wav", WavBytes.wav(1, 1, 48000, 16, new byte[0], 0));
        assertThatThrownBy(() -> WavFile.read(file)).hasMessageContaining("zero.wav").hasMessageContaining("no audio");
    }

    @Test
    void refusesZeroChannels() throws IOException {
        Path file = file("nochannels.wav", WavBytes.wav(1, 0, 48000, 16, WavBytes.pcm16((short) 1, (short) 2), 4));
        assertThatThrownBy(() -> WavFile.read(file)).isInstanceOf(LoadException.class).hasMessageContaining("nochannels.wav");
    }

    @Test
    void refusesMoreThanTwoChannels() throws IOException {
        Path file = file("surround.wav", WavBytes.wav(1, 6, 48000, 16, WavBytes.pcm16(new short[12]), 24));
        assertThatThrownBy(() -> WavFile.read(file)).hasMessageContaining("surround.wav").hasMessageContaining("6 channels");
    }

    @Test
    void refusesNaNAndHugeSamples() throws IOException {
        Path nan = file("nan.wav", WavBytes.wav(3, 1, 48000, 32, WavBytes.floats(0.1f, Float.NaN, 0.2f), 12));
        assertThatThrownBy(() -> WavFile.read(nan)).hasMessageContaining("nan.wav").hasMessageContaining("sample 1");
        Path huge = file("huge.wav", WavBytes.wav(3, 1, 48000, 32, WavBytes.floats(0.1f, 0.2f, 1e6f), 12));
        assertThatThrownBy(() -> WavFile.read(huge)).hasMessageContaining("huge.wav").hasMessageContaining("sample 2");
    }

    @Test
    void refusesAMissingFile() {
        assertThatThrownBy(() -> WavFile.read(dir.resolve("gone.wav"))).hasMessageContaining("gone.wav").hasMessageContaining("not found");
    }
}
