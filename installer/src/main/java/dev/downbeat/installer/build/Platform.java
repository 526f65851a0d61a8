package dev.downbeat.installer.build;

import java.util.List;
import java.util.Locale;

/**
 * The operating system and processor a distribution is built for, and how the libraries Downbeat
 * bundles spell it in the paths of their native files (ONNX Runtime {@code linux-x64}, JNA
 * {@code linux-x86-64}, FlatLaf {@code linux-x86_64}).
 *
 * @param name      Downbeat's own name for the platform, e.g. {@code linux-x64}
 * @param spellings every spelling of this platform found in bundled jars, lower case
 */
public record Platform(String name, List<String> spellings) {

    /** Words that mark a native file as belonging to some platform (ours or another). */
    private static final List<String> OPERATING_SYSTEMS = List.of(
            "linux", "win32", "win64", "windows", "win-", "darwin", "osx", "macos", "mac-",
            "freebsd", "openbsd", "netbsd", "dragonflybsd", "sunos", "solaris", "aix", "android");

    public static final Platform LINUX_X64 = new Platform("linux-x64",
            List.of("linux-x64", "linux-x86-64", "linux-x86_64", "linux-amd64", "linux_x64", "linux_x86_64"));
    public static final Platform LINUX_AARCH64 = new Platform("linux-aarch64",
            List.of("linux-aarch64", "linux-arm64", "linux_aarch64", "linux_arm64"));

    /** The platform this JVM runs on; the distribution carries only its native libraries. */
    public static Platform current() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        if (os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) return LINUX_X64;
        if (os.contains("linux") && (arch.equals("aarch64") || arch.equals("arm64"))) return LINUX_AARCH64;
        throw new IllegalStateException("Downbeat's distribution is built on Linux x64 or aarch64, not " + os + " " + arch);
    }

    /** Whether a jar entry's path names this platform. */
    public boolean isNamedIn(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return spellings.stream().anyMatch(lower::contains);
    }

    /** Whether a jar entry's path names some platform, this one or another. */
    public static boolean namesAnyPlatform(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return OPERATING_SYSTEMS.stream().anyMatch(lower::contains);
    }
}
