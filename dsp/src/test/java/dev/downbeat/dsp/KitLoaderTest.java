package dev.downbeat.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KitLoaderTest {
    static final Path HYDROGEN = Path.of("/usr/share/hydrogen/data/drumkits");

    @TempDir
    Path dir;

    private void wav(String name, float value) throws IOException {
        float[] data = new float[200];
        java.util.Arrays.fill(data, 0, 100, value);
        WavFile.write(dir.resolve(name), new StereoBuffer(data, data, 44100), WavFile.Encoding.PCM_24);
    }

    @Test
    void mapsAFolderByFileNames() throws Exception {
        String[] names = {"Kick 01", "snare", "chh", "open_hh", "tom_low", "tom mid", "hi tom", "clap", "rimshot"};
        for (int i = 0; i < names.length; i++) {
            wav(names[i] + ".wav", 0.1f * (i + 1));
        }
        Kit kit = KitLoader.load(dir);
        for (KitPiece piece : KitPiece.values()) {
            Sample sample = kit.layers(piece).get(0).sample();
            assertThat(sample.left[0]).as(piece.displayName()).isCloseTo(0.1f * (piece.ordinal() + 1), org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void mapsAFolderByKitTxtWithVelocityLayers() throws Exception {
        wav("a.wav", 0.1f);
        wav("b.wav", 0.2f);
        Files.writeString(dir.resolve("kit.txt"), "# my kit\nkick = a.wav\nsnare = a.wav, b.wav\nclosed hat=a.wav\nopen hat = a.wav\n"
                + "low tom = a.wav\nmid tom = a.wav\nhigh tom = a.wav\nclap = b.wav\nrim = b.wav\n");
        Kit kit = KitLoader.load(dir);
        assertThat(kit.layers(KitPiece.SNARE)).hasSize(2);
        assertThat(kit.sampleFor(1, 0.3f).left[0]).isCloseTo(0.1f, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(kit.sampleFor(1, 0.9f).left[0]).isCloseTo(0.2f, org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void matchesHydrogenInstrumentNamesToPieces() {
        var chosen = KitLoader.matchNames(java.util.List.of("Pearl Kick", "Pearl Side Stick", "Pearl Snare", "Hand Clap",
                "Pearl Snare Rimshot", "Pearl Tom Floor", "Sabian Hat Closed", "Pearl Tom 2", "Sabian Hat Pedal", "Pearl Tom 1",
                "Sabian Hat Semi-Open", "Sabian Hat Open", "Paiste Ride", "Sabian Crash"));
        assertThat(chosen).containsEntry(KitPiece.KICK, "Pearl Kick").containsEntry(KitPiece.SNARE, "Pearl Snare")
                .containsEntry(KitPiece.CLOSED_HAT, "Sabian Hat Closed").containsEntry(KitPiece.OPEN_HAT, "Sabian Hat Open")
                .containsEntry(KitPiece.LOW_TOM, "Pearl Tom Floor").containsEntry(KitPiece.MID_TOM, "Pearl Tom 2")
                .containsEntry(KitPiece.HIGH_TOM, "Pearl Tom 1").containsEntry(KitPiece.CLAP, "Hand Clap")
                .containsEntry(KitPiece.RIM, "Pearl Snare Rimshot");
    }

    @Test
    void namesTheMissingVoices() throws Exception {
        wav("kick.wav", 0.5f);
        wav("snare.wav", 0.5f);
        assertThatThrownBy(() -> KitLoader.load(dir)).isInstanceOf(LoadException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("no sound for closed hat, open hat, low tom, mid tom, high tom, clap, rim");
    }

    @Test
    void kitTxtErrorsNameTheLine() throws Exception {
        wav("a.wav", 0.1f);
        Files.writeString(dir.resolve("kit.txt"), "kick = a.wav\ncowbell = a.wav\n");
        assertThatThrownBy(() -> KitLoader.load(dir)).hasMessageContaining("kit.txt").hasMessageContaining("line 2: unknown piece 'cowbell'");
        Files.writeString(dir.resolve("kit.txt"), "kick = missing.wav\n");
        assertThatThrownBy(() -> KitLoader.load(dir)).hasMessageContaining("missing.wav").hasMessageContaining("not found");
    }

    @Test
    void brokenDrumkitXmlIsReportedWithItsLine() throws Exception {
        Files.writeString(dir.resolve("drumkit.xml"), "<?xml version=\"1.0\"?>\n<drumkit_info>\n<name>x</name>\n<instrumentList>\n<instrument><name>Kick</name>\n</drumkit_info>\n");
        assertThatThrownBy(() -> KitLoader.load(dir)).isInstanceOf(LoadException.class)
                .hasMessageContaining("drumkit.xml").hasMessageContaining("broken drumkit.xml at line");
    }

    @Test
    void loadsDebiansHydrogenKitWithLayers() throws Exception {
        Path pearl = HYDROGEN.resolve("The Black Pearl 1.0");
        assumeTrue(Files.isDirectory(pearl), "hydrogen-drumkits is installed by test.sh");
        Kit kit = KitLoader.load(pearl);
        assertThat(kit.name()).isEqualTo("The Black Pearl 1.0");
        assertThat(kit.layers(KitPiece.KICK).size()).isGreaterThan(2);
        DrumEngine engine = new DrumEngine();
        engine.setKit(kit);
        engine.prepare(48000, 256);
        float[] l = new float[4800], r = new float[4800];
        engine.noteOn(0, 1f, 0);
        engine.process(l, r, 0, 4800);
        float peak = 0;
        for (float x : l) {
            peak = Math.max(peak, Math.abs(x));
        }
        assertThat(peak).isGreaterThan(0.05f);
    }

    @Test
    void hydrogenKitMissingPiecesSaysWhich() {
        Path hands = HYDROGEN.resolve("Gimme A Hand 1.0");
        assumeTrue(Files.isDirectory(hands), "hydrogen-drumkits is installed by test.sh");
        assertThatThrownBy(() -> KitLoader.load(hands)).isInstanceOf(LoadException.class)
                .hasMessageContaining("no sound for kick").hasMessageContaining("instruments: Cajon Thump");
    }

    @Test
    void aBadKitLeavesTheEngineWithItsKit() {
        DrumEngine engine = new DrumEngine();
        Kit before = engine.kit();
        assertThatThrownBy(() -> engine.setKit(KitLoader.load(dir.resolve("nothing-here")))).hasMessageContaining("kit folder not found");
        assertThat(engine.kit()).isSameAs(before);
    }
}
