package dev.downbeat.installer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.List;

/** Checks that everything a manifest lists is still in place and unchanged. */
final class Integrity {

    private static final int MOST_REPORTED = 10;

    private Integrity() {
    }

    /** What is missing or changed, in words; empty when the installation is intact. */
    static List<String> problems(Manifest manifest) {
        List<String> problems = new ArrayList<>();
        for (Manifest.Entry entry : manifest.entries()) {
            if (problems.size() == MOST_REPORTED) break;
            try {
                if (entry instanceof Manifest.Dir d) {
                    if (!Files.isDirectory(d.path())) problems.add("folder missing: " + d.path());
                } else if (entry instanceof Manifest.Link l) {
                    if (!Files.isSymbolicLink(l.path())) problems.add("link missing: " + l.path());
                    else if (!Files.readSymbolicLink(l.path()).toString().equals(l.target())) {
                        problems.add("link changed: " + l.path());
                    }
                } else if (entry instanceof Manifest.FileEntry f) {
                    if (!Files.isRegularFile(f.path(), LinkOption.NOFOLLOW_LINKS)) problems.add("file missing: " + f.path());
                    else if (Files.size(f.path()) != f.size() || !Sha256.of(f.path()).equals(f.sha256())) {
                        problems.add("file changed: " + f.path());
                    }
                } else if (entry instanceof Manifest.ArdourEdit a) {
                    if (!ArdourPluginPath.effectivePath(a.path()).contains(a.folder().toString())) {
                        problems.add("Ardour's Linux VST path no longer has " + a.folder() + " (" + a.path() + ")");
                    }
                }
            } catch (IOException e) {
                problems.add("cannot check " + entry.path() + ": " + e.getMessage());
            }
        }
        return problems;
    }
}
