package dev.downbeat.installer.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distribution carries one platform's native libraries, and every class. */
class PlatformJarTest {

    @TempDir
    Path dir;

    @Test
    void keepsOnlyThisPlatformsNativesAndEveryClass() throws IOException {
        // The layouts of ONNX Runtime, JNA and FlatLaf.
        Path jar = jar("mixed.jar", "META-INF/MANIFEST.MF", "ai/onnxruntime/OrtSession.class",
                "ai/onnxruntime/native/linux-x64/libonnxruntime.so", "ai/onnxruntime/native/linux-aarch64/libonnxruntime.so",
                "ai/onnxruntime/native/osx-x64/libonnxruntime.dylib",
                "ai/onnxruntime/native/osx-x64/libonnxruntime.dylib.dSYM/Contents/Info.plist",
                "ai/onnxruntime/native/win-x64/onnxruntime.dll", "ai/onnxruntime/native/win-x64/onnxruntime.pdb",
                "com/sun/jna/linux-x86-64/libjnidispatch.so", "com/sun/jna/linux-x86/libjnidispatch.so",
                "com/sun/jna/linux-arm/libjnidispatch.so", "com/sun/jna/darwin-aarch64/libjnidispatch.jnilib",
                "com/sun/jna/win32-x86-64/jnidispatch.dll", "com/sun/jna/freebsd-x86-64/libjnidispatch.so",
                "com/formdev/flatlaf/natives/libflatlaf-linux-x86_64.so", "com/formdev/flatlaf/natives/libflatlaf-linux-arm64.so",
                "com/formdev/flatlaf/natives/flatlaf-windows-x86_64.dll", "com/formdev/flatlaf/natives/libflatlaf-macos-arm64.dylib",
                "native/libplatformless.so", "ai/onnxruntime/native/linux-x64/README.txt");

        PlatformJar.Trim trim = PlatformJar.trim(jar, dir.resolve("out.jar"), Platform.LINUX_X64);

        assertThat(entries(dir.resolve("out.jar"))).containsExactly("META-INF/MANIFEST.MF", "ai/onnxruntime/OrtSession.class",
                "ai/onnxruntime/native/linux-x64/libonnxruntime.so", "com/sun/jna/linux-x86-64/libjnidispatch.so",
                "com/formdev/flatlaf/natives/libflatlaf-linux-x86_64.so", "native/libplatformless.so",
                "ai/onnxruntime/native/linux-x64/README.txt");
        assertThat(trim.nativesDropped()).isEqualTo(13);
        assertThat(trim.bytesAfter()).isLessThan(trim.bytesBefore());
        try (ZipFile zip = new ZipFile(dir.resolve("out.jar").toFile())) {
            assertThat(new String(zip.getInputStream(zip.getEntry("ai/onnxruntime/native/linux-x64/libonnxruntime.so"))
                    .readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(content("ai/onnxruntime/native/linux-x64/libonnxruntime.so"));
        }
    }

    @Test
    void onAarch64KeepsTheArmLibraries() throws IOException {
        Path jar = jar("arm.jar", "ai/onnxruntime/native/linux-x64/libonnxruntime.so",
                "ai/onnxruntime/native/linux-aarch64/libonnxruntime.so", "com/formdev/flatlaf/natives/libflatlaf-linux-arm64.so");

        PlatformJar.trim(jar, dir.resolve("out.jar"), Platform.LINUX_AARCH64);

        assertThat(entries(dir.resolve("out.jar"))).containsExactly("ai/onnxruntime/native/linux-aarch64/libonnxruntime.so",
                "com/formdev/flatlaf/natives/libflatlaf-linux-arm64.so");
    }

    @Test
    void aSignedJarIsCopiedUntouched() throws IOException {
        Path jar = jar("signed.jar", "META-INF/MANIFEST.MF", "META-INF/SIGNER.SF", "META-INF/SIGNER.RSA",
                "win32-x86-64/jnidispatch.dll", "linux-x86-64/libjnidispatch.so");

        PlatformJar.Trim trim = PlatformJar.trim(jar, dir.resolve("out.jar"), Platform.LINUX_X64);

        assertThat(trim.signed()).isTrue();
        assertThat(Files.readAllBytes(dir.resolve("out.jar"))).isEqualTo(Files.readAllBytes(jar));
    }

    @Test
    void artifactNamesIgnoreVersions() {
        assertThat(DistributionBuilder.artifactOf("commons-math3-3.6.1.jar")).isEqualTo("commons-math3");
        assertThat(DistributionBuilder.artifactOf("downbeat-plugin-0.1.0-SNAPSHOT.jar")).isEqualTo("downbeat-plugin");
        assertThat(DistributionBuilder.artifactOf("JTransforms-3.1.jar")).isEqualTo("JTransforms");
    }

    private Path jar(String name, String... entries) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream out = new ZipOutputStream(file)) {
            for (String entry : entries) {
                out.putNextEntry(new ZipEntry(entry));
                out.write(content(entry).getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static String content(String entry) {
        return "bytes of " + entry + " ".repeat(200);
    }

    private static List<String> entries(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
        }
    }
}
