package dev.downbeat.plugin.editor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.downbeat.plugin.core.DownbeatInstrument;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The editor's room and kit choosers reach the instrument, and a bad file keeps what plays. */
class InstrumentSessionSoundsTest {
    @TempDir Path dir;
    private final DownbeatInstrument instrument = new DownbeatInstrument();

    @AfterEach
    void close() {
        instrument.close();
    }

    @Test
    void aChosenRoomPlaysAndIsNamedAndABrokenOneIsRefusedKeepingTheCurrentRoom() throws Exception {
        instrument.prepare(48000, 256);
        InstrumentSession session = new InstrumentSession(instrument, null);
        assertThat(session.canChooseSounds()).isTrue();
        String before = session.roomName();

        Path hall = dir.resolve("hall.wav");
        writeDecayingNoise(hall, 44100, 22050);
        session.chooseRoom(hall);
        assertThat(session.roomName()).isNotEqualTo(before).contains("hall");
        assertThat(instrument.roomPath()).isEqualTo(hall.toString());

        Path broken = dir.resolve("broken.wav");
        Files.write(broken, new byte[]{'R', 'I', 'F', 'F', 1, 2, 3});
        assertThatThrownBy(() -> session.chooseRoom(broken)).hasMessageContaining("broken.wav");
        assertThat(session.roomName()).contains("hall");
        assertThat(instrument.roomPath()).isEqualTo(hall.toString());
    }

    @Test
    void aMissingKitFolderIsRefusedWithItsNameAndTheBundledKitKeepsPlaying() throws Exception {
        instrument.prepare(48000, 256);
        InstrumentSession session = new InstrumentSession(instrument, null);
        String before = session.kitName();
        Path nowhere = dir.resolve("no-such-kit");
        assertThatThrownBy(() -> session.chooseKit(nowhere)).hasMessageContaining("no-such-kit");
        assertThat(session.kitName()).isEqualTo(before);
        assertThat(instrument.kitPath()).isEmpty();
    }

    private static void writeDecayingNoise(Path file, int rate, int frames) throws Exception {
        ByteBuffer pcm = ByteBuffer.allocate(frames * 4).order(ByteOrder.LITTLE_ENDIAN);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < frames; i++) {
            double env = Math.exp(-6.0 * i / frames);
            pcm.putShort((short) (env * 12000 * (random.nextDouble() * 2 - 1)));
            pcm.putShort((short) (env * 12000 * (random.nextDouble() * 2 - 1)));
        }
        AudioFormat format = new AudioFormat(rate, 16, 2, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm.array()), format, frames)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }
}
