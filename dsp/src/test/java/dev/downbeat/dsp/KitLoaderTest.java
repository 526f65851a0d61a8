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
    void everyDebianHydrogenKitLoadsAndPlays() throws Exception {
        assumeTrue(Files.isDirectory(HYDROGEN), "hydrogen-drumkits is installed by test.sh");
        java.util.List<Path> kits;
        try (var list = Files.list(HYDROGEN)) {
            kits = list.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(kits).hasSizeGreaterThanOrEqualTo(14);
        for (Path folder : kits) {
            Kit kit = KitLoader.load(folder);
            for (KitPiece piece : KitPiece.values()) {
                assertThat(peak(kit.layers(piece).get(kit.layers(piece).size() - 1).sample()))
                        .as(folder.getFileName() + " " + piece.displayName()).isGreaterThan(0.01f);
            }
        }
    }

    @Test
    void flacKitsPlayThroughTheEngine() throws Exception {
        Path empire = HYDROGEN.resolve("ElectricEmpireKit");
        assumeTrue(Files.isDirectory(empire), "hydrogen-drumkits is installed by test.sh");
        Kit kit = KitLoader.load(empire);
        DrumEngine engine = new DrumEngine();
        engine.setKit(kit);
        engine.prepare(48000, 256);
        float[] l = new float[4800], r = new float[4800];
        engine.noteOn(KitPiece.LOW_TOM.ordinal(), 1f, 0);
        engine.process(l, r, 0, 4800);
        assertThat(peak(Sample.stereo(l, r, 48000))).isGreaterThan(0.05f);
    }

    @Test
    void hydrogenStandInsFillPiecesNoInstrumentIsNamedFor() {
        // ElectricEmpireKit: no toms, no rim by name
        var empire = KitLoader.mapHydrogen(java.util.List.of("Kick Lite 1", "Kick Stomp", "Snare 1", "Clap", "Hat Closed Bs",
                "Hat Op Dirty", "Conga 1", "Conga 2", "Drum 1", "Drum 2", "Click", "Whistle"));
        assertThat(empire).containsEntry(KitPiece.LOW_TOM, "Conga 1").containsEntry(KitPiece.MID_TOM, "Conga 2")
                .containsEntry(KitPiece.HIGH_TOM, "Drum 1").containsEntry(KitPiece.RIM, "Click").containsEntry(KitPiece.KICK, "Kick Lite 1");
        // a hand-percussion kit: a low and a high bongo go to the low and high tom, the mid tom shares the low one
        var hands = KitLoader.mapHydrogen(java.util.List.of("Cajon Thump", "Cajon Slap", "Maraca", "Hand Clap", "Bongo Hi",
                "Bongo Lo", "Tambourine", "Cowbell", "Clave"));
        assertThat(hands).containsEntry(KitPiece.KICK, "Cajon Thump").containsEntry(KitPiece.SNARE, "Cajon Slap")
                .containsEntry(KitPiece.CLOSED_HAT, "Maraca").containsEntry(KitPiece.OPEN_HAT, "Tambourine")
                .containsEntry(KitPiece.LOW_TOM, "Bongo Lo").containsEntry(KitPiece.MID_TOM, "Bongo Lo")
                .containsEntry(KitPiece.HIGH_TOM, "Bongo Hi").containsEntry(KitPiece.CLAP, "Hand Clap").containsEntry(KitPiece.RIM, "Clave");
    }

    @Test
    void hydrogenKitWithTooFewInstrumentsSaysWhichPiecesAreMissing() throws Exception {
        wav("k.wav", 0.5f);
        wav("s.wav", 0.5f);
        Files.writeString(dir.resolve("drumkit.xml"), "<?xml version=\"1.0\"?>\n<drumkit_info><name>two</name><instrumentList>"
                + "<instrument><name>Kick</name><layer><filename>k.wav</filename></layer></instrument>"
                + "<instrument><name>Snare</name><layer><filename>s.wav</filename></layer></instrument>"
                + "</instrumentList></drumkit_info>\n");
        assertThatThrownBy(() -> KitLoader.load(dir)).isInstanceOf(LoadException.class)
                .hasMessageContaining("no sound for closed hat, open hat, low tom, mid tom, high tom, clap, rim")
                .hasMessageContaining("instruments: Kick, Snare");
    }

    @Test
    void aCorruptFlacInAHydrogenKitIsNamedAndTheEngineKeepsItsKit() throws Exception {
        Path empire = HYDROGEN.resolve("ElectricEmpireKit");
        assumeTrue(Files.isDirectory(empire), "hydrogen-drumkits is installed by test.sh");
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy);
        try (var files = Files.list(empire)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, copy.resolve(f.getFileName().toString()));
            }
        }
        Path kick = copy.resolve("EE_Kick_Lite_1.flac");
        byte[] bytes = Files.readAllBytes(kick);
        Files.write(kick, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        DrumEngine engine = new DrumEngine();
        Kit before = engine.kit();
        assertThatThrownBy(() -> engine.setKit(KitLoader.load(copy))).isInstanceOf(LoadException.class)
                .hasMessageContaining(kick.toString()).hasMessageContaining("truncated");
        assertThat(engine.kit()).isSameAs(before);
    }

    @Test
    void aWavFolderMayHoldFlacFiles() throws Exception {
        FlacTools.assumeInstalled("flac");
        String[] names = {"kick", "snare", "chh", "ohh", "tom low", "tom mid", "tom hi", "clap", "rim"};
        for (int i = 0; i < names.length; i++) {
            int[][] samples = new int[1][100];
            java.util.Arrays.fill(samples[0], 0, 50, 1000 * (i + 1));
            Path flac = FlacTools.encode(dir, names[i], samples, 16, 44100, "-5");
            assertThat(flac).exists();
        }
        Kit kit = KitLoader.load(dir);
        for (KitPiece piece : KitPiece.values()) {
            assertThat(kit.layers(piece).get(0).sample().left[0]).as(piece.displayName())
                    .isEqualTo(1000f * (piece.ordinal() + 1) / 32768f);
        }
    }

    private static float peak(Sample sample) {
        float peak = 0;
        for (int c = 0; c < sample.channels(); c++) {
            for (float x : sample.channel(c)) {
                peak = Math.max(peak, Math.abs(x));
            }
        }
        return peak;
    }

    @Test
    void aBadKitLeavesTheEngineWithItsKit() {
        DrumEngine engine = new DrumEngine();
        Kit before = engine.kit();
        assertThatThrownBy(() -> engine.setKit(KitLoader.load(dir.resolve("nothing-here")))).hasMessageContaining("kit folder not found");
        assertThat(engine.kit()).isSameAs(before);
    }
}
