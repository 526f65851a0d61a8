package dev.downbeat.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.downbeat.model.DrumModel;
import dev.downbeat.model.DrumPattern;
import dev.downbeat.model.NoteMap;
import dev.downbeat.model.PatternMidi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    @TempDir
    Path temp;

    private static boolean torchPresent() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
            return false;
        }
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch, mido").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    /** Four bars of a beat, three times with different hats: a user's handful of MIDI files. */
    private Path midiFolder() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("my drums/grooves"));
        String[] hats = {"[0,2] [2] [1,2] [2]", "[0,2] [] [1,2] [3]", "[0,2] [2] [1,2] [0,2]"};
        for (int f = 0; f < hats.length; f++) {
            StringBuilder bars = new StringBuilder();
            for (int quarter = 0; quarter < 4 * 8; quarter++) {
                bars.append(hats[(f + quarter / 4) % hats.length]).append(' ');
            }
            PatternMidi.write(DrumPattern.parse(bars.toString().strip()), NoteMap.DEFAULT, 100, folder.resolve("take" + f + ".mid"));
        }
        return folder.getParent();
    }

    @Test
    void finetunesOnAHandfulOfMidiFilesIntoAModelTheCommandLineLoads() throws Exception {
        assumeTrue(torchPresent(), "skipped: /usr/bin/python3 has no torch/mido (apt-get install python3-torch python3-mido)");
        Path data = midiFolder();
        Path out = temp.resolve("models/mine");

        DownbeatCliTest.Run run = DownbeatCliTest.run("train", "--data", data.toString(), "--out", out.toString(),
                "--epochs", "1", "--max-batches", "1");

        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("validation NLL").contains("summary:").contains("model ready in " + out);
        try (DrumModel model = DrumModel.load(out)) {
            assertThat(model.spec().dataCredit()).contains("your MIDI files").contains("3 files");
            assertThat(model.spec().validNll()).isBetween(0.0, 10.0);
        }
        try (Stream<Path> siblings = Files.list(out.getParent())) {
            assertThat(siblings).containsExactly(out);   // no staging folder left
        }
        DownbeatCliTest.Run generate = DownbeatCliTest.run("generate", "--model", out.toString(), "--random-seed", "1",
                "-q", "-o", temp.resolve("beat.mid").toString());
        assertThat(generate.code()).as(generate.err()).isZero();
        assertThat(PatternMidi.read(temp.resolve("beat.mid"), NoteMap.DEFAULT).length()).isEqualTo(42);
    }

    @Test
    void missingTorchSaysWhichDebianPackagesToInstall() throws Exception {
        Path fakePython = temp.resolve("python3");
        Files.writeString(fakePython, "#!/bin/sh\necho \"ModuleNotFoundError: No module named 'torch'\" >&2\nexit 1\n");
        fakePython.toFile().setExecutable(true);

        DownbeatCliTest.Run run = DownbeatCliTest.run("train", "--data", midiFolder().toString(), "--out",
                temp.resolve("m").toString(), "--python", fakePython.toString());

        assertThat(run.code()).isEqualTo(DownbeatCli.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("No module named 'torch'").contains("apt-get install python3-torch python3-mido");
        assertThat(temp.resolve("m")).doesNotExist();
    }

    @Test
    void anExistingModelIsNotOverwrittenWithoutForce() throws Exception {
        Path out = Files.createDirectories(temp.resolve("m"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        DownbeatCliTest.Run run = DownbeatCliTest.run("train", "--data", midiFolder().toString(), "--out", out.toString());
        assertThat(run.code()).isEqualTo(DownbeatCli.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("already exists").contains("--force");
        assertThat(out.resolve("keep.txt")).hasContent("mine");
    }

    @Test
    void aFolderWithoutMidiFilesIsNamed() throws Exception {
        assumeTrue(torchPresent(), "skipped: /usr/bin/python3 has no torch/mido (apt-get install python3-torch python3-mido)");
        Path empty = Files.createDirectories(temp.resolve("empty"));
        DownbeatCliTest.Run run = DownbeatCliTest.run("train", "--data", empty.toString(), "--out", temp.resolve("m").toString());
        assertThat(run.code()).isEqualTo(DownbeatCli.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("no MIDI files").contains(empty.toString());
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("empty");
        }
    }
}
