package dev.downbeat.installer.build;

import dev.downbeat.installer.TreeDeletion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.spi.ToolProvider;

/**
 * The Java runtime shipped with Downbeat: a {@code jlink} image of only the modules its jars use,
 * so a musician needs no JDK. Built by the JDK that runs the build.
 *
 * <p>jlink takes a while on a small machine, so an image is reused when it was made from the same
 * JDK for the same modules (the {@value #STAMP} file inside it records both).
 */
public final class RuntimeImage {

    /** Modules added to what jdeps finds, and why each one is needed although no class names it. */
    public static final Map<String, String> ALWAYS = alwaysNeeded();

    /** The file inside an image that says which JDK and modules made it. */
    public static final String STAMP = "downbeat-runtime.txt";

    private RuntimeImage() {
    }

    private static Map<String, String> alwaysNeeded() {
        Map<String, String> modules = new LinkedHashMap<>();
        modules.put("java.desktop", "the editor is Swing; listed so that it stays even if jdeps stops seeing it");
        return modules;
    }

    /** The modules {@code jdeps} finds in these jars, plus {@link #ALWAYS}. */
    public static SortedSet<String> requiredModules(List<Path> jars) {
        // Every jar is a target, so references between them resolve without a class path.
        List<String> args = new ArrayList<>(List.of("--print-module-deps", "--ignore-missing-deps",
                "--multi-release", String.valueOf(Runtime.version().feature())));
        jars.forEach(jar -> args.add(jar.toString()));
        String printed = run("jdeps", args).trim();
        SortedSet<String> modules = new TreeSet<>(ALWAYS.keySet());
        // jdeps prints one comma-separated line, after any warnings.
        String[] lines = printed.split("\\R");
        modules.addAll(Arrays.asList(lines[lines.length - 1].trim().split(",")));
        modules.removeIf(String::isBlank);
        return modules;
    }

    /**
     * Makes an image for {@code modules} in {@code output}, or keeps the one already there when its
     * stamp matches. Returns true if it linked a new image.
     */
    public static boolean link(SortedSet<String> modules, Path output) throws IOException {
        String stamp = stampFor(modules);
        Path stampFile = output.resolve(STAMP);
        if (Files.isRegularFile(stampFile) && Files.readString(stampFile).equals(stamp)
                && Files.isRegularFile(output.resolve("lib/server/libjvm.so"))) {
            return false;
        }
        TreeDeletion.deleteIfExists(output);
        Files.createDirectories(output.getParent());
        run("jlink", List.of("--add-modules", String.join(",", modules), "--output", output.toString(),
                "--strip-debug", "--no-man-pages", "--no-header-files", "--compress=2"));
        Files.writeString(stampFile, stamp);
        return true;
    }

    private static String stampFor(SortedSet<String> modules) {
        return "java.home=" + System.getProperty("java.home") + "\njava.version=" + Runtime.version()
                + "\nmodules=" + String.join(",", modules) + "\n";
    }

    private static String run(String tool, List<String> args) {
        ToolProvider provider = ToolProvider.findFirst(tool).orElseThrow(() -> new IllegalStateException(
                tool + " is not in this JDK (" + System.getProperty("java.home") + "); build with a full JDK 17 or newer"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = provider.run(o, e, args.toArray(String[]::new));
        }
        if (code != 0) {
            throw new IllegalStateException(tool + " failed (exit " + code + "): "
                    + out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
