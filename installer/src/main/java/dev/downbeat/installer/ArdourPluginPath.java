package dev.downbeat.installer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds a folder to Ardour's Linux VST (LXVST) search path in a user's Ardour configuration, and
 * takes it out again.
 *
 * <p>Why: Ardour 7 looks for VST2 plugins only in system folders unless {@code LXVST_PATH} is set
 * ({@code /usr/local/lib64/lxvst} … {@code /usr/lib/vst}, checked in libardour on Debian 12), so a
 * per-user install is invisible to it until its {@code plugin-path-lxvst} option names the user's
 * folder, which is what Preferences › Plugins › VST › "Linux VST2 Path" edits. The installer makes
 * the same edit in {@code ~/.config/ardourN/config} and records it; uninstall puts the file back
 * exactly as it was when nothing else changed it since, or else removes only the folder it added.
 *
 * <p>The edit is textual, touching only the one {@code <Option>} element, so the rest of the
 * user's configuration stays byte for byte.
 */
public final class ArdourPluginPath {

    /** Ardour 7's built-in Linux VST path, used when the option still says {@code @default@}. */
    public static final String ARDOUR_DEFAULT = "/usr/local/lib64/lxvst:/usr/local/lib/lxvst:/usr/lib64/lxvst:"
            + "/usr/lib/lxvst:/usr/local/lib64/linux_vst:/usr/local/lib/linux_vst:/usr/lib64/linux_vst:"
            + "/usr/lib/linux_vst:/usr/lib/vst:/usr/local/lib/vst";

    static final String OPTION = "plugin-path-lxvst";
    private static final Pattern OPTION_ELEMENT = Pattern.compile(
            "<Option\\s+name=\"" + OPTION + "\"\\s+value=\"([^\"]*)\"\\s*/>");
    private static final Pattern CONFIG_OPEN = Pattern.compile("<Config>[ \\t]*\\r?\\n?");

    private ArdourPluginPath() {
    }

    /**
     * Makes {@code folder} part of the LXVST path in {@code configDir/config}, creating the file
     * (and folder) when Ardour has not written one yet. Empty when the folder is already there or
     * the file is not one this code can edit safely (then {@code warnings} says why).
     */
    public static Optional<Manifest.ArdourEdit> register(Path configDir, Path folder, List<String> warnings)
            throws IOException {
        Path config = configDir.resolve("config");
        String entry = folder.toString();
        if (!Files.exists(config)) {
            boolean createdDir = !Files.isDirectory(configDir);
            Files.createDirectories(configDir);
            String value = entry + ":" + ARDOUR_DEFAULT;
            String text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Ardour>\n  <Config>\n    "
                    + element(value) + "\n  </Config>\n</Ardour>\n";
            write(config, text);
            return Optional.of(new Manifest.ArdourEdit(config, folder, true, createdDir, null, value, Sha256.of(config)));
        }
        String text = Files.readString(config, StandardCharsets.UTF_8);
        Matcher option = OPTION_ELEMENT.matcher(text);
        String edited;
        String before;
        String after;
        if (option.find()) {
            before = unescape(option.group(1));
            List<String> folders = split(before);
            if (folders.contains(entry)) return Optional.empty();
            after = before.equals("@default@") || before.isEmpty()
                    ? entry + ":" + ARDOUR_DEFAULT : entry + ":" + before;
            edited = text.substring(0, option.start()) + element(after) + text.substring(option.end());
        } else {
            Matcher open = CONFIG_OPEN.matcher(text);
            if (!open.find()) {
                warnings.add(config + " has no <Config> section; add " + entry
                        + " to Ardour's Linux VST path by hand (Preferences > Plugins > VST).");
                return Optional.empty();
            }
            before = null;
            after = entry + ":" + ARDOUR_DEFAULT;
            edited = text.substring(0, open.end()) + "    " + element(after) + "\n" + text.substring(open.end());
        }
        write(config, edited);
        return Optional.of(new Manifest.ArdourEdit(config, folder, false, false, before, after, Sha256.of(config)));
    }

    /**
     * Undoes {@code edit}. Returns a note for the user when the file had changed since and only
     * the folder could be taken out, or when there was nothing left to undo; null when undone exactly.
     */
    public static String unregister(Manifest.ArdourEdit edit) throws IOException {
        Path config = edit.path();
        if (!Files.exists(config)) return null;
        if (edit.createdFile() && Sha256.of(config).equals(edit.sha256After())) {
            Files.delete(config);
            if (edit.createdDir()) deleteIfEmpty(config.getParent());
            return null;
        }
        String text = Files.readString(config, StandardCharsets.UTF_8);
        Matcher option = OPTION_ELEMENT.matcher(text);
        if (!option.find()) return null;
        String current = unescape(option.group(1));
        String restored;
        String note = null;
        if (current.equals(edit.after())) {
            restored = edit.before();
        } else {
            List<String> folders = new ArrayList<>(split(current));
            if (!folders.remove(edit.folder().toString())) return null;
            restored = String.join(":", folders);
            note = "Ardour's Linux VST path in " + config + " had changed since the install; only "
                    + edit.folder() + " was taken out of it.";
        }
        String edited;
        if (restored == null) {
            // The option was absent before: remove the whole line the installer added.
            int start = text.lastIndexOf('\n', option.start() - 1) + 1;
            int end = text.indexOf('\n', option.end());
            boolean ownLine = text.substring(start, option.start()).isBlank()
                    && (end < 0 ? text.substring(option.end()) : text.substring(option.end(), end)).isBlank();
            edited = ownLine ? text.substring(0, start) + (end < 0 ? "" : text.substring(end + 1))
                    : text.substring(0, option.start()) + text.substring(option.end());
        } else {
            edited = text.substring(0, option.start()) + element(restored) + text.substring(option.end());
        }
        write(config, edited);
        return note;
    }

    /** The folders on Ardour's LXVST path as {@code config} sets it (Ardour's default when unset). */
    public static List<String> effectivePath(Path config) throws IOException {
        if (!Files.exists(config)) return split(ARDOUR_DEFAULT);
        Matcher option = OPTION_ELEMENT.matcher(Files.readString(config, StandardCharsets.UTF_8));
        if (!option.find()) return split(ARDOUR_DEFAULT);
        String value = unescape(option.group(1));
        return split(value.equals("@default@") ? ARDOUR_DEFAULT : value);
    }

    private static String element(String value) {
        return "<Option name=\"" + OPTION + "\" value=\"" + escape(value) + "\"/>";
    }

    private static List<String> split(String path) {
        return path.isEmpty() ? List.of() : Arrays.asList(path.split(":"));
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String unescape(String value) {
        return value.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&apos;", "'")
                .replace("&amp;", "&");
    }

    private static void write(Path config, String text) throws IOException {
        Path temporary = config.resolveSibling("." + config.getFileName() + ".downbeat-new");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        if (Files.exists(config)) {
            // Keep the user's permissions on their file.
            Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(config));
        }
        Files.move(temporary, config, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteIfEmpty(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) Files.delete(dir);
        }
    }
}
