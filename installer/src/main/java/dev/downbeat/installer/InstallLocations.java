package dev.downbeat.installer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where an installation puts things.
 *
 * <p>Downbeat's files (its runtime, jars and both plugins) live in one folder, {@link #home()}; the
 * plugin folders hosts scan get only a link each. That matters for VST2: hosts search their VST2
 * folders recursively and try to load every {@code .so} they find, and the Java runtime holds
 * dozens. The bridges resolve their own real path, so a linked plugin finds its runtime.
 *
 * <p>Per user (no root): Downbeat in {@code $XDG_DATA_HOME/downbeat} ({@code ~/.local/share}),
 * VST2 in {@code ~/.vst} (searched by default by Bitwig, REAPER, Carla, Qtractor, Zrythm, Renoise;
 * Ardour 7 searches no per-user folder, so the installer adds {@code ~/.vst} to the Linux VST
 * path in each Ardour user configuration it finds), LV2 in {@code ~/.lv2} (every LV2 host's default
 * through lilv), the command in {@code ~/.local/bin}. System-wide (root): Downbeat in
 * {@code /usr/local/lib/downbeat}, VST2 in {@code /usr/lib/lxvst} and LV2 in {@code /usr/lib/lv2},
 * both on Ardour's and lilv's default paths, the command in {@code /usr/local/bin}.
 *
 * @param scope         user or system
 * @param userHome      the home folder, for showing paths as {@code ~/...}; null for system
 * @param home          Downbeat's own folder: the manifest, the {@code app} link, the versioned payloads
 * @param vst2Dir       the VST2 plugin folder
 * @param lv2Dir        the LV2 plugin folder
 * @param binDir        where the {@code downbeat} command goes
 * @param ardourConfigs Ardour user configuration folders whose VST2 path should include {@code vst2Dir}
 * @param dpkgInfo      the dpkg database folder, to notice the Debian package ({@code /var/lib/dpkg/info})
 */
public record InstallLocations(InstallScope scope, Path userHome, Path home, Path vst2Dir, Path lv2Dir, Path binDir,
                               List<Path> ardourConfigs, Path dpkgInfo) {

    /** Ardour major versions whose user configuration may get the VST2 folder. */
    static final List<Integer> ARDOUR_VERSIONS = List.of(6, 7, 8);

    public InstallLocations {
        ardourConfigs = List.copyOf(ardourConfigs);
    }

    /**
     * The per-user folders for the environment {@code env} (HOME and the XDG variables);
     * {@code systemRoot} is where to look for installed Ardour versions ("/" outside tests).
     */
    public static InstallLocations forUser(Map<String, String> env, Path systemRoot) {
        String homeText = env.get("HOME");
        if (homeText == null || homeText.isBlank()) {
            throw new IllegalArgumentException("HOME is not set: cannot tell where your plugin folders are");
        }
        Path userHome = Path.of(homeText).toAbsolutePath().normalize();
        Path data = xdg(env, "XDG_DATA_HOME", userHome.resolve(".local/share"));
        Path config = xdg(env, "XDG_CONFIG_HOME", userHome.resolve(".config"));
        List<Path> ardour = new ArrayList<>();
        for (int version : ARDOUR_VERSIONS) {
            Path folder = config.resolve("ardour" + version);
            boolean installed = Files.isDirectory(systemRoot.resolve("usr/lib/ardour" + version))
                    || Files.isRegularFile(systemRoot.resolve("usr/bin/ardour" + version));
            if (installed || Files.isDirectory(folder)) ardour.add(folder);
        }
        return new InstallLocations(InstallScope.USER, userHome, data.resolve("downbeat"), userHome.resolve(".vst"),
                userHome.resolve(".lv2"), userHome.resolve(".local/bin"), ardour, systemRoot.resolve("var/lib/dpkg/info"));
    }

    /** The system-wide folders under {@code root} ("/" outside tests). */
    public static InstallLocations forSystem(Path root) {
        return new InstallLocations(InstallScope.SYSTEM, null, root.resolve("usr/local/lib/downbeat"),
                root.resolve("usr/lib/lxvst"), root.resolve("usr/lib/lv2"), root.resolve("usr/local/bin"),
                List.of(), root.resolve("var/lib/dpkg/info"));
    }

    private static Path xdg(Map<String, String> env, String name, Path fallback) {
        String value = env.get(name);
        // The XDG spec: a relative value is invalid and must be ignored.
        return value != null && value.startsWith("/") ? Path.of(value).normalize() : fallback;
    }

    /** The list of every file and link the installation made; uninstall reads it. */
    public Path manifest() {
        return home.resolve("install-manifest.txt");
    }

    /** The link to the current payload; the plugin links point through it. */
    public Path app() {
        return home.resolve("app");
    }

    public Path vst2Link() {
        return vst2Dir.resolve("Downbeat.so");
    }

    public Path lv2Link() {
        return lv2Dir.resolve("downbeat.lv2");
    }

    public Path binLink() {
        return binDir.resolve("downbeat");
    }

    /** A path as the user reads it: {@code ~/.vst/Downbeat.so} rather than the full home path. */
    public String show(Path path) {
        if (userHome != null && path.startsWith(userHome) && !path.equals(userHome)) {
            return "~/" + userHome.relativize(path);
        }
        return path.toString();
    }
}
