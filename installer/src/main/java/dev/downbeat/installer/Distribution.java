package dev.downbeat.installer;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A built, self-contained Downbeat distribution folder ({@code downbeat-VERSION/}, see the build's
 * {@code DistributionBuilder}): what {@code downbeat install} copies.
 *
 * @param root    the folder
 * @param version its {@code VERSION}
 */
public record Distribution(Path root, String version) {

    /** Files every complete distribution has, relative to its root. */
    static final List<String> REQUIRED = List.of("VERSION", "bin/downbeat", "runtime/bin/java",
            "runtime/lib/server/libjvm.so", "vst2/Downbeat.so", "lv2/downbeat.lv2/manifest.ttl");

    /** Opens and checks a distribution folder; the message says exactly what is missing. */
    public static Distribution open(Path root) throws InstallException {
        if (!Files.isDirectory(root)) {
            throw new InstallException("No Downbeat distribution at " + root
                    + ": build it with `mvn -B -ntp package` (it appears in installer/target/).");
        }
        List<String> missing = new ArrayList<>();
        for (String file : REQUIRED) {
            if (!Files.exists(root.resolve(file))) missing.add(file);
        }
        if (!hasJars(root.resolve("lib"))) missing.add("lib/*.jar");
        if (!missing.isEmpty()) {
            throw new InstallException("The Downbeat distribution at " + root + " is incomplete (missing "
                    + String.join(", ", missing) + "); rebuild it with `mvn -B -ntp package`.");
        }
        try {
            String version = Files.readString(root.resolve("VERSION")).trim();
            if (!version.matches("[0-9A-Za-z.+~-]+")) {
                throw new InstallException(root.resolve("VERSION") + " does not hold a version: \"" + version + "\"");
            }
            return new Distribution(root.toAbsolutePath().normalize(), version);
        } catch (IOException e) {
            throw new InstallException("Cannot read " + root.resolve("VERSION") + ": " + e.getMessage(), e);
        }
    }

    /**
     * The distribution this installer belongs to: the folder holding the installer's jar in
     * {@code lib/} (an installed or unpacked distribution), or, when run from the build tree, the
     * {@code downbeat-VERSION} folder the build made beside the installer module's classes.
     */
    public static Distribution ofThisInstaller() throws InstallException {
        Path code;
        try {
            code = Path.of(Distribution.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            throw new InstallException("Cannot tell where the installer runs from; pass --from DIR", e);
        }
        Path parent = code.getParent();
        if (parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("lib")
                && Files.isRegularFile(parent.resolveSibling("VERSION"))) {
            return open(parent.getParent());
        }
        // The build tree: installer/target/classes or installer/target/downbeat-installer-*.jar.
        Path target = Files.isDirectory(code) ? code.getParent() : parent;
        String version = InstallerVersion.current();
        return open(target.resolve("downbeat-" + version));
    }

    /** Total bytes of its regular files: the space an installation needs. */
    public long sizeInBytes() throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            long total = 0;
            for (Path p : walk.toList()) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) total += Files.size(p);
            }
            return total;
        }
    }

    private static boolean hasJars(Path lib) {
        if (!Files.isDirectory(lib)) return false;
        try (Stream<Path> files = Files.list(lib)) {
            return files.anyMatch(p -> p.toString().endsWith(".jar"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Orders versions by their numeric parts ({@code 0.10.0} after {@code 0.9.2}); a suffix after
     * the numbers sorts before the plain release ({@code 0.2.0-rc1} before {@code 0.2.0}).
     */
    public static int compareVersions(String a, String b) {
        String[] pa = a.split("[-+~]", 2);
        String[] pb = b.split("[-+~]", 2);
        String[] na = pa[0].split("\\.");
        String[] nb = pb[0].split("\\.");
        for (int i = 0; i < Math.max(na.length, nb.length); i++) {
            long x = i < na.length ? number(na[i]) : 0;
            long y = i < nb.length ? number(nb[i]) : 0;
            if (x != y) return Long.compare(x, y);
        }
        if (pa.length != pb.length) return pa.length > pb.length ? -1 : 1;
        return pa.length == 1 ? 0 : pa[1].compareTo(pb[1]);
    }

    private static long number(String part) {
        try {
            return Long.parseLong(part);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
