package dev.downbeat.installer;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Removes an installation: exactly the files, links and folders its manifest lists, and its edits
 * of host configurations; nothing else. Folders that hold files of the user's stay, and the
 * message names them. Running it again after a failure finishes the job (the manifest goes last).
 *
 * <p>Runs on the thread that calls it.
 */
public final class Uninstaller {

    private final InstallLocations at;

    public Uninstaller(InstallLocations at) {
        this.at = at;
    }

    public Installer.Outcome uninstall() throws InstallException {
        Optional<Manifest> read = Manifest.readIfPresent(at.manifest());
        if (read.isEmpty()) {
            String debian = at.scope() == InstallScope.SYSTEM && Files.exists(at.dpkgInfo().resolve("downbeat.list"))
                    ? " It is installed from its Debian package: remove that with `sudo apt remove downbeat`." : "";
            return new Installer.Outcome("Downbeat is not installed " + scopeWords() + " (no " + at.show(at.manifest())
                    + "); nothing to remove." + debian, false);
        }
        Manifest manifest = read.get();
        List<String> kept = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try {
            // Plugin links first, so hosts stop finding Downbeat before its files go.
            for (Manifest.Link link : manifest.entriesOf(Manifest.Link.class)) {
                if (link.path().startsWith(manifest.payload())) continue;
                removeLink(link, kept);
            }
            for (Manifest.ArdourEdit edit : manifest.entriesOf(Manifest.ArdourEdit.class)) {
                String note = ArdourPluginPath.unregister(edit);
                if (note != null) notes.add(note);
            }
            for (Manifest.Entry entry : manifest.entries()) {
                if (entry instanceof Manifest.FileEntry) Files.deleteIfExists(entry.path());
                if (entry instanceof Manifest.Link link && link.path().startsWith(manifest.payload())) removeLink(link, kept);
            }
            Files.deleteIfExists(at.manifest());
            List<Manifest.Dir> folders = new ArrayList<>(manifest.entriesOf(Manifest.Dir.class));
            // Deepest first: the manifest lists parents before children.
            for (int i = folders.size() - 1; i >= 0; i--) {
                Path folder = folders.get(i).path();
                if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) continue;
                try {
                    Files.delete(folder);
                } catch (DirectoryNotEmptyException e) {
                    if (!isInsideAnotherKept(folder, folders, i)) {
                        kept.add(at.show(folder) + " (holds " + countFiles(folder) + " file(s) that are not Downbeat's)");
                    }
                }
            }
        } catch (IOException e) {
            throw InstallException.from(e, "removing Downbeat", at.scope());
        }
        StringBuilder message = new StringBuilder("Removed Downbeat " + manifest.version() + " " + scopeWords()
                + ": every file the installation made.");
        for (String note : notes) message.append("\nNote: ").append(note);
        for (String folder : kept) message.append("\nKept ").append(folder).append('.');
        return new Installer.Outcome(message.toString(), true);
    }

    private String scopeWords() {
        return at.scope() == InstallScope.SYSTEM ? "for every user" : "for this user";
    }

    /** Removes a link only while it still points where the installation left it. */
    private void removeLink(Manifest.Link link, List<String> kept) throws IOException {
        Path path = link.path();
        if (Files.isSymbolicLink(path)) {
            if (Files.readSymbolicLink(path).toString().equals(link.target())) {
                Files.delete(path);
            } else {
                kept.add(at.show(path) + " (changed since the install, so it is yours now)");
            }
        } else if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            kept.add(at.show(path) + " (replaced by a file since the install, so it is yours now)");
        }
    }

    /** Only the innermost kept folders are worth naming; their parents are kept because of them. */
    private static boolean isInsideAnotherKept(Path folder, List<Manifest.Dir> folders, int index) {
        for (int j = folders.size() - 1; j > index; j--) {
            Path other = folders.get(j).path();
            if (other.startsWith(folder) && Files.isDirectory(other)) return true;
        }
        return false;
    }

    private static long countFiles(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).count();
        }
    }
}
