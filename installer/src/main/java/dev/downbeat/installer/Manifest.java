package dev.downbeat.installer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The record of one installation: every folder it created, every file and link it wrote, and every
 * edit it made to a host's configuration. {@code downbeat uninstall} removes exactly these and
 * nothing else; an upgrade reads it to tell Downbeat's files from the user's.
 *
 * <p>Plain text, one entry a line, tab-separated, so a user can read what was installed:
 * <pre>
 * format 1
 * version  0.1.0
 * scope    user
 * payload  /home/me/.local/share/downbeat/app-0.1.0-m1x2
 * dir      /home/me/.vst                          (created; removed when empty)
 * file     SIZE  SHA-256  /home/me/.local/share/downbeat/app-0.1.0-m1x2/lib/x.jar
 * link     TARGET  /home/me/.vst/Downbeat.so
 * ardour   CONFIG  FOLDER  CREATED-FILE  CREATED-DIR  BEFORE  AFTER  SHA-256-AFTER
 * </pre>
 *
 * @param version the installed version
 * @param scope   user or system
 * @param payload the versioned folder holding this version's files
 * @param entries in the order they were made
 */
public record Manifest(String version, InstallScope scope, Path payload, List<Entry> entries) {

    static final String FORMAT = "format 1";

    public Manifest {
        entries = List.copyOf(entries);
    }

    /** One thing an installation made. */
    public sealed interface Entry permits Dir, FileEntry, Link, ArdourEdit {
        Path path();
    }

    /** A folder that did not exist before; removed on uninstall if nothing else is left in it. */
    public record Dir(Path path) implements Entry {
    }

    /** A file Downbeat wrote, with its size and SHA-256 to notice damage. */
    public record FileEntry(Path path, long size, String sha256) implements Entry {
    }

    /** A symbolic link Downbeat made, and where it points. */
    public record Link(Path path, String target) implements Entry {
    }

    /**
     * An edit of Ardour's user configuration adding {@code folder} to its Linux VST path.
     *
     * @param path        the config file
     * @param createdFile the installer created the file (it did not exist)
     * @param createdDir  the installer also created the file's folder
     * @param before      the option's value before, or null when the option was absent
     * @param after       the value the installer wrote
     * @param sha256After the file's SHA-256 right after the edit (to tell if anything changed it since)
     */
    public record ArdourEdit(Path path, Path folder, boolean createdFile, boolean createdDir, String before,
                             String after, String sha256After) implements Entry {
    }

    public <T extends Entry> List<T> entriesOf(Class<T> kind) {
        return entries.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** Whether this installation wrote {@code path} (a file or link). */
    public boolean wrote(Path path) {
        return entries.stream().anyMatch(e -> (e instanceof FileEntry || e instanceof Link) && e.path().equals(path));
    }

    /** Writes the manifest so that a reader sees the old one or the new one, never half of one. */
    public void writeTo(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# Downbeat install manifest: everything this installation made. `downbeat uninstall` removes exactly these.");
        lines.add(FORMAT);
        lines.add("version\t" + version);
        lines.add("scope\t" + scope.name().toLowerCase(java.util.Locale.ROOT));
        lines.add("payload\t" + payload);
        for (Entry entry : entries) {
            lines.add(line(entry));
        }
        Path temporary = file.resolveSibling("." + file.getFileName() + ".new");
        Files.write(temporary, lines, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String line(Entry entry) {
        if (entry instanceof Dir d) return "dir\t" + d.path();
        if (entry instanceof FileEntry f) return "file\t" + f.size() + "\t" + f.sha256() + "\t" + f.path();
        if (entry instanceof Link l) return "link\t" + l.target() + "\t" + l.path();
        ArdourEdit a = (ArdourEdit) entry;
        return "ardour\t" + a.path() + "\t" + a.folder() + "\t" + a.createdFile() + "\t" + a.createdDir() + "\t"
                + encode(a.before()) + "\t" + encode(a.after()) + "\t" + a.sha256After();
    }

    /** The manifest in {@code file}, or empty if there is none; a damaged one is refused with the line at fault. */
    public static Optional<Manifest> readIfPresent(Path file) throws InstallException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new InstallException("Cannot read the install manifest " + file + ": " + e.getMessage(), e);
        }
        String version = null;
        InstallScope scope = null;
        Path payload = null;
        boolean formatSeen = false;
        List<Entry> entries = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t", -1);
            try {
                switch (f[0]) {
                    case FORMAT -> formatSeen = true;
                    case "version" -> version = field(f, 1, 2);
                    case "scope" -> scope = InstallScope.valueOf(field(f, 1, 2).toUpperCase(java.util.Locale.ROOT));
                    case "payload" -> payload = Path.of(field(f, 1, 2));
                    case "dir" -> entries.add(new Dir(Path.of(field(f, 1, 2))));
                    case "file" -> entries.add(new FileEntry(Path.of(field(f, 3, 4)), Long.parseLong(field(f, 1, 4)),
                            field(f, 2, 4)));
                    case "link" -> entries.add(new Link(Path.of(field(f, 2, 3)), field(f, 1, 3)));
                    case "ardour" -> entries.add(new ArdourEdit(Path.of(field(f, 1, 8)), Path.of(field(f, 2, 8)),
                            bool(field(f, 3, 8)), bool(field(f, 4, 8)), decode(field(f, 5, 8)), decode(field(f, 6, 8)),
                            field(f, 7, 8)));
                    default -> throw new IllegalArgumentException("unknown entry \"" + f[0] + "\"");
                }
            } catch (RuntimeException e) {
                throw damaged(file, n + 1, e.getMessage());
            }
        }
        if (!formatSeen) throw damaged(file, 1, "no \"" + FORMAT + "\" line (not a Downbeat manifest, or a newer format)");
        if (version == null || scope == null || payload == null) {
            throw damaged(file, lines.size(), "the version, scope or payload line is missing");
        }
        return Optional.of(new Manifest(version, scope, payload, entries));
    }

    private static InstallException damaged(Path file, int line, String why) {
        return new InstallException("The install manifest " + file + " is damaged (line " + line + ": " + why
                + "). Nothing was changed. Move it away to install afresh; Downbeat's files are the folders it names.");
    }

    private static String field(String[] fields, int index, int expected) {
        if (fields.length != expected) {
            throw new IllegalArgumentException("expected " + expected + " tab-separated fields, found " + fields.length);
        }
        if (fields[index].isEmpty()) throw new IllegalArgumentException("field " + (index + 1) + " is empty");
        return fields[index];
    }

    private static boolean bool(String text) {
        if (!text.equals("true") && !text.equals("false")) throw new IllegalArgumentException("not true/false: " + text);
        return Boolean.parseBoolean(text);
    }

    private static String encode(String value) {
        return value == null ? "-" : Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String text) {
        return text.equals("-") ? null : new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    }
}
