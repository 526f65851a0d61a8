package dev.downbeat.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        double energy = 0;
        for (float x : at48[0]) {
            energy += x * x;
        }
        assertThat(energy).isCloseTo(1.0, within(1e-3));
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
