package dev.downbeat.installer.build;

import dev.downbeat.installer.TreeDeletion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Makes the self-contained distribution from the Maven build (run in the installer module's
 * {@code package} phase):
 *
 * <pre>
 * downbeat-VERSION/
 *   VERSION
 *   bin/downbeat                the command line, on the bundled runtime
 *   runtime/                    a jlink image of only the modules Downbeat uses
 *   lib/*.jar                   Downbeat (model, kit and room inside) and its libraries, trimmed to this platform
 *   vst2/Downbeat.so            the VST2 plugin; its resources folder links lib/ and runtime/
 *   lv2/downbeat.lv2/           the LV2 bundle; lib/ and runtime/ inside it are links too
 * </pre>
 *
 * The plugins' own resource folders (see docs/architecture.md "Plugin file layout") are copied from
 * the plugin module's build; their jar folders become links to the one shared {@code lib/}, so
 * the jars and the runtime exist once. Then it writes {@code downbeat-VERSION-linux.tar.gz} beside
 * the folder (modes and links intact; the .deb is made from it) and a size report.
 */
@Command(name = "distribution-builder", mixinStandardHelpOptions = true,
        description = "Builds Downbeat's self-contained distribution folder and tarball.")
public final class DistributionBuilder implements Callable<Integer> {

    @Option(names = "--version", required = true, description = "Downbeat's version")
    String version;

    @Option(names = "--jars", required = true, description = "folder with every runtime jar (Maven copy-dependencies)")
    Path jars;

    @Option(names = "--jar", required = true, description = "the installer module's own jar")
    Path installerJar;

    @Option(names = "--plugin-target", required = true, description = "the plugin module's target folder (vst2/, lv2/)")
    Path pluginTarget;

    @Option(names = "--launcher", required = true, description = "the bin/downbeat script")
    Path launcher;

    @Option(names = "--out", required = true, description = "the distribution folder to make")
    Path out;

    @Option(names = "--allow-missing-plugins", arity = "1", description = "package even if the VST2/LV2 builds are absent")
    boolean allowMissingPlugins;

    public static void main(String[] args) {
        int code = new CommandLine(new DistributionBuilder()).execute(args);
        // Run inside Maven by exec:java: report failure by exception rather than ending Maven's VM.
        if (code != 0) throw new IllegalStateException("the distribution was not built (see above)");
    }

    @Override
    public Integer call() throws IOException {
        Platform platform = Platform.current();
        Path target = out.getParent();
        TreeDeletion.deleteIfExists(out);
        Files.createDirectories(out);
        List<String> report = new ArrayList<>();
        report.add("Downbeat " + version + " distribution for " + platform.name());

        List<Path> libJars = copyJars(platform, report);
        SortedSet<String> modules = RuntimeImage.requiredModules(libJars);
        Path image = target.resolve("runtime-image");
        boolean linked = RuntimeImage.link(modules, image);
        copyTree(image, out.resolve("runtime"));
        report.add("runtime modules: " + String.join(",", modules) + (linked ? " (linked now)" : " (reused)"));

        List<String> missing = new ArrayList<>();
        adoptPlugin(pluginTarget.resolve("vst2"), "Downbeat.so", out.resolve("vst2"), missing);
        adoptPlugin(pluginTarget.resolve("lv2/downbeat.lv2"), "manifest.ttl", out.resolve("lv2/downbeat.lv2"), missing);
        if (!missing.isEmpty()) {
            String what = String.join(" and ", missing);
            if (!allowMissingPlugins) {
                throw new IllegalStateException("the plugin build is missing " + what
                        + ": build the plugin module first (mvn -pl plugin -am package)");
            }
            report.add("WARNING: packaged without " + what + " (dist.allowMissingPlugins=true)");
        }

        Path bin = out.resolve("bin/downbeat");
        Files.createDirectories(bin.getParent());
        Files.copy(launcher, bin);
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(out.resolve("VERSION"), version + "\n");

        Path tarball = target.resolve(out.getFileName() + "-linux.tar.gz");
        tar(tarball);

        report.add(String.format(Locale.ROOT, "size: distribution %s (runtime %s, lib %s, vst2 %s, lv2 %s), tarball %s",
                mb(sizeOf(out)), mb(sizeOf(out.resolve("runtime"))), mb(sizeOf(out.resolve("lib"))),
                mb(sizeOf(out.resolve("vst2"))), mb(sizeOf(out.resolve("lv2"))), mb(Files.size(tarball))));
        Files.write(target.resolve("distribution-report.txt"), report);
        report.forEach(line -> System.out.println("[distribution] " + line));
        return 0;
    }

    /** Copies every runtime jar and the installer's own into lib/, trimmed to this platform's natives. */
    private List<Path> copyJars(Platform platform, List<String> report) throws IOException {
        Path lib = Files.createDirectories(out.resolve("lib"));
        List<Path> sources;
        try (Stream<Path> listed = Files.list(jars)) {
            sources = new ArrayList<>(listed.filter(p -> p.toString().endsWith(".jar")).sorted().toList());
        }
        sources.add(installerJar);
        List<Path> copied = new ArrayList<>();
        for (Path source : sources) {
            PlatformJar.Trim trim = PlatformJar.trim(source, lib.resolve(source.getFileName()), platform);
            copied.add(trim.jar());
            if (trim.changed()) {
                report.add(String.format(Locale.ROOT, "trimmed %s: %s -> %s (%d native files of other platforms dropped, %d kept)",
                        source.getFileName(), mb(trim.bytesBefore()), mb(trim.bytesAfter()), trim.nativesDropped(), trim.nativesKept()));
            }
        }
        return copied;
    }

    /**
     * Copies a plugin's build folder and turns each jar folder in it into a link to the shared
     * lib/, with a runtime link beside it, where jvm_boot looks for both.
     */
    void adoptPlugin(Path source, String mustHave, Path destination, List<String> missing) throws IOException {
        if (!Files.isRegularFile(source.resolve(mustHave))) {
            missing.add(source.resolve(mustHave).toString());
            return;
        }
        copyTree(source, destination);
        List<Path> jarFolders;
        try (Stream<Path> walk = Files.walk(destination)) {
            jarFolders = walk.filter(p -> p.getFileName().toString().equals("lib") && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(DistributionBuilder::holdsJars).toList();
        }
        for (Path jarFolder : jarFolders) {
            // A library the plugin ships that the shared lib/ lacks would vanish with the link: keep
            // it. One the shared lib/ has in another version is left out: Maven's resolution for the
            // whole product decides, and two versions on one class path would be worse.
            try (Stream<Path> own = Files.list(jarFolder)) {
                for (Path jar : own.filter(p -> p.toString().endsWith(".jar")).toList()) {
                    if (sharedLibHas(artifactOf(jar.getFileName().toString()))) continue;
                    PlatformJar.trim(jar, out.resolve("lib").resolve(jar.getFileName()), Platform.current());
                }
            }
            TreeDeletion.deleteIfExists(jarFolder);
            Files.createSymbolicLink(jarFolder, jarFolder.getParent().relativize(out.resolve("lib")));
            Path runtime = jarFolder.resolveSibling("runtime");
            TreeDeletion.deleteIfExists(runtime);
            Files.createSymbolicLink(runtime, runtime.getParent().relativize(out.resolve("runtime")));
        }
    }

    private boolean sharedLibHas(String artifact) throws IOException {
        try (Stream<Path> shared = Files.list(out.resolve("lib"))) {
            return shared.anyMatch(p -> artifactOf(p.getFileName().toString()).equals(artifact));
        }
    }

    /** The artifact a Maven-named jar holds: {@code commons-math3-3.6.1.jar} is {@code commons-math3}. */
    static String artifactOf(String jarName) {
        return jarName.replaceFirst("-\\d[^-]*(-SNAPSHOT)?\\.jar$", "").replaceFirst("\\.jar$", "");
    }

    private static boolean holdsJars(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(p -> p.toString().endsWith(".jar"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a folder tree keeping file modes and links as links. */
    static void copyTree(Path source, Path destination) throws IOException {
        TreeDeletion.deleteIfExists(destination);
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path from : walk.toList()) {
                Path to = destination.resolve(source.relativize(from).toString());
                if (Files.isSymbolicLink(from)) {
                    Files.createSymbolicLink(to, Files.readSymbolicLink(from));
                } else if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private void tar(Path tarball) throws IOException {
        Files.deleteIfExists(tarball);
        List<String> command = List.of("tar", "--owner=0", "--group=0", "--numeric-owner", "--sort=name",
                "-czf", tarball.toString(), "-C", out.getParent().toString(), out.getFileName().toString());
        try {
            Process tar = new ProcessBuilder(command).inheritIO().start();
            if (tar.waitFor() != 0) throw new IOException("tar failed (exit " + tar.exitValue() + "): " + command);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing " + tarball, e);
        }
    }

    static long sizeOf(Path root) throws IOException {
        if (!Files.exists(root)) return 0;
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
