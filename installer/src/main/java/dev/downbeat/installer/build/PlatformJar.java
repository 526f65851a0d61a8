package dev.downbeat.installer.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Copies a jar keeping only the native libraries of one platform.
 *
 * <p>ONNX Runtime's jar carries its engine for Linux, macOS and Windows on two processors each,
 * with debug symbols: about 400 MB unpacked, of which one platform needs 17 MB. JNA and FlatLaf
 * do the same on a smaller scale. A native file is dropped when its path names another platform
 * and not this one; native files that name no platform, and every class and resource, are kept.
 * Signed jars are copied untouched, since removing entries would break their signature.
 */
public final class PlatformJar {

    /** What trimming one jar did, for the build report. */
    public record Trim(Path jar, long bytesBefore, long bytesAfter, int nativesKept, int nativesDropped, boolean signed) {
        public boolean changed() {
            return nativesDropped > 0;
        }
    }

    private static final List<String> NATIVE_SUFFIXES = List.of(".so", ".dll", ".dylib", ".jnilib", ".pdb", ".a", ".lib");

    private PlatformJar() {
    }

    /** Writes {@code source} to {@code target} with other platforms' native files removed. */
    public static Trim trim(Path source, Path target, Platform platform) throws IOException {
        long before = Files.size(source);
        try (ZipFile zip = new ZipFile(source.toFile())) {
            List<? extends ZipEntry> entries = Collections.list(zip.entries());
            if (entries.stream().anyMatch(e -> isSignature(e.getName()))) {
                Files.copy(source, target);
                return new Trim(target, before, before, 0, 0, true);
            }
            Set<String> keptFiles = new HashSet<>();
            int kept = 0;
            int dropped = 0;
            for (ZipEntry entry : entries) {
                if (entry.isDirectory()) continue;
                if (!isNative(entry.getName())) {
                    keptFiles.add(entry.getName());
                } else if (keep(entry.getName(), platform)) {
                    keptFiles.add(entry.getName());
                    kept++;
                } else {
                    dropped++;
                }
            }
            if (dropped == 0) {
                Files.copy(source, target);
                return new Trim(target, before, before, kept, 0, false);
            }
            try (OutputStream file = Files.newOutputStream(target); ZipOutputStream out = new ZipOutputStream(file)) {
                for (ZipEntry entry : entries) {
                    boolean wanted = entry.isDirectory()
                            ? keptFiles.stream().anyMatch(name -> name.startsWith(entry.getName()))
                            : keptFiles.contains(entry.getName());
                    if (!wanted) continue;
                    ZipEntry copy = new ZipEntry(entry.getName());
                    copy.setTime(entry.getTime());
                    out.putNextEntry(copy);
                    try (InputStream in = zip.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
            return new Trim(target, before, Files.size(target), kept, dropped, false);
        }
    }

    /** Whether a native file at this path belongs in a distribution for {@code platform}. */
    static boolean keep(String path, Platform platform) {
        return platform.isNamedIn(path) || !Platform.namesAnyPlatform(path);
    }

    static boolean isNative(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.contains(".dsym/") || NATIVE_SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    private static boolean isSignature(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.startsWith("META-INF/") && (upper.endsWith(".SF") || upper.endsWith(".RSA")
                || upper.endsWith(".DSA") || upper.endsWith(".EC"));
    }
}
