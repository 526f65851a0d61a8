package dev.downbeat.installer.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugins' build folders become part of the distribution with one shared lib/ and runtime/. */
class DistributionBuilderTest {

    @TempDir
    Path dir;

    @Test
    void aPluginsJarFolderBecomesLinksToTheSharedLibAndRuntime() throws IOException {
        DistributionBuilder builder = new DistributionBuilder();
        builder.out = dir.resolve("downbeat-0.1.0");
        jar(builder.out.resolve("lib/downbeat-plugin-0.1.0.jar"));
        jar(builder.out.resolve("lib/commons-math3-3.5.jar"));
        Files.createDirectories(builder.out.resolve("runtime/lib/server"));
        Path vst2 = dir.resolve("plugin-target/vst2");
        Files.createDirectories(vst2);
        Files.writeString(vst2.resolve("Downbeat.so"), "bridge");
        jar(vst2.resolve("Downbeat/lib/downbeat-plugin-0.1.0.jar"));
        jar(vst2.resolve("Downbeat/lib/commons-math3-3.6.1.jar"));
        jar(vst2.resolve("Downbeat/lib/only-the-plugin-has-1.0.jar"));
        List<String> missing = new ArrayList<>();

        builder.adoptPlugin(vst2, "Downbeat.so", builder.out.resolve("vst2"), missing);

        Path resources = builder.out.resolve("vst2/Downbeat");
        assertThat(missing).isEmpty();
        assertThat(builder.out.resolve("vst2/Downbeat.so")).hasContent("bridge");
        assertThat(Files.readSymbolicLink(resources.resolve("lib"))).isEqualTo(Path.of("../../lib"));
        assertThat(Files.readSymbolicLink(resources.resolve("runtime"))).isEqualTo(Path.of("../../runtime"));
        assertThat(resources.resolve("runtime/lib/server")).isDirectory();
        // A library only the plugin had is kept; another version of one the product has is not added.
        try (var jars = Files.list(builder.out.resolve("lib"))) {
            assertThat(jars.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "downbeat-plugin-0.1.0.jar", "commons-math3-3.5.jar", "only-the-plugin-has-1.0.jar");
        }
    }

    @Test
    void aPluginThatWasNotBuiltIsReportedMissing() throws IOException {
        DistributionBuilder builder = new DistributionBuilder();
        builder.out = Files.createDirectories(dir.resolve("downbeat-0.1.0"));
        List<String> missing = new ArrayList<>();

        builder.adoptPlugin(dir.resolve("plugin-target/lv2/downbeat.lv2"), "manifest.ttl",
                builder.out.resolve("lv2/downbeat.lv2"), missing);

        assertThat(missing).singleElement().asString().endsWith("lv2/downbeat.lv2/manifest.ttl");
        assertThat(builder.out.resolve("lv2")).doesNotExist();
    }

    private static void jar(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write("Manifest-Version: 1.0\n".getBytes());
            zip.closeEntry();
        }
    }
}
