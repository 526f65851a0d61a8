package dev.downbeat.installer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A small distribution folder with the real layout (see DistributionBuilder), whose files say
 * which version they belong to, so tests can tell an upgrade happened without a 75 MB copy.
 */
final class FakeDistribution {

    private FakeDistribution() {
    }

    /** Makes {@code root} a distribution of {@code version}; {@code onlyIn} is a file only this version has. */
    static Distribution make(Path root, String version, String onlyIn) throws IOException, InstallException {
        write(root.resolve("VERSION"), version + "\n", false);
        write(root.resolve("bin/downbeat"), "#!/bin/sh\necho downbeat " + version + "\n", true);
        write(root.resolve("runtime/bin/java"), "java for " + version, true);
        write(root.resolve("runtime/lib/server/libjvm.so"), "libjvm " + version, false);
        write(root.resolve("lib/downbeat-plugin-" + version + ".jar"), "plugin classes " + version, false);
        write(root.resolve("lib/" + onlyIn), "only in " + version, false);
        write(root.resolve("vst2/Downbeat.so"), "vst2 bridge " + version, true);
        Files.createDirectories(root.resolve("vst2/Downbeat"));
        Files.createSymbolicLink(root.resolve("vst2/Downbeat/lib"), Path.of("../../lib"));
        Files.createSymbolicLink(root.resolve("vst2/Downbeat/runtime"), Path.of("../../runtime"));
        write(root.resolve("lv2/downbeat.lv2/manifest.ttl"), "@prefix lv2: <http://lv2plug.in/ns/lv2core#> . # " + version, false);
        write(root.resolve("lv2/downbeat.lv2/downbeat.so"), "lv2 bridge " + version, true);
        Files.createSymbolicLink(root.resolve("lv2/downbeat.lv2/lib"), Path.of("../../lib"));
        Files.createSymbolicLink(root.resolve("lv2/downbeat.lv2/runtime"), Path.of("../../runtime"));
        return Distribution.open(root);
    }

    static void write(Path file, String text, boolean executable) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
    }
}
