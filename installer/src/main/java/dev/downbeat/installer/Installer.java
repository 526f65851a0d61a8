package dev.downbeat.installer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Installs a distribution into a set of {@link InstallLocations}, as one transaction.
 *
 * <p>The new version is copied into a fresh folder beside the current one ({@code app-VERSION-ID},
 * written as {@code .partial} and renamed when complete), the user's own files found in the old
 * folder are carried over, and then a single rename of the {@code app} link switches every plugin
 * link from the old version to the new. Hosts therefore see the old plugin or the new one, never a
 * half-copied one; any failure before the switch deletes the new folder and leaves everything as
 * it was. Installing the same version again finds everything intact and changes nothing.
 *
 * <p>Runs on the thread that calls it; not for concurrent use.
 */
public final class Installer {

    /** How much space a folder's disk has free; tests use a small one. */
    public interface DiskSpace {
        long usableBytes(Path existingFolder) throws IOException;

        DiskSpace REAL = folder -> Files.getFileStore(folder).getUsableSpace();
    }

    /** What an installation or removal did, in words for the user. */
    public record Outcome(String message, boolean changed) {
    }

    private static final long MARGIN_BYTES = 4L << 20;

    private final Distribution distribution;
    private final InstallLocations at;
    private final PayloadCopy.BeforeWrite beforeWrite;
    private final DiskSpace diskSpace;
    private final boolean allowDowngrade;

    public Installer(Distribution distribution, InstallLocations at, boolean allowDowngrade) {
        this(distribution, at, allowDowngrade, PayloadCopy.BeforeWrite.NONE, DiskSpace.REAL);
    }

    Installer(Distribution distribution, InstallLocations at, boolean allowDowngrade,
              PayloadCopy.BeforeWrite beforeWrite, DiskSpace diskSpace) {
        this.distribution = distribution;
        this.at = at;
        this.allowDowngrade = allowDowngrade;
        this.beforeWrite = beforeWrite;
        this.diskSpace = diskSpace;
    }

    public Outcome install() throws InstallException {
        refuseWhenDebianPackageOwnsIt();
        Optional<Manifest> old = Manifest.readIfPresent(at.manifest());
        String upgradeFrom = null;
        boolean repairing = false;
        if (old.isPresent()) {
            Manifest previous = old.get();
            int order = Distribution.compareVersions(distribution.version(), previous.version());
            if (order < 0 && !allowDowngrade) {
                throw new InstallException("Downbeat " + previous.version() + " is installed, which is newer than this "
                        + distribution.version() + ". Nothing was changed; to go back to " + distribution.version()
                        + " run the install again with --downgrade.");
            }
            List<String> problems = order == 0 ? Integrity.problems(previous) : List.of();
            if (order == 0 && problems.isEmpty()) {
                return new Outcome("Downbeat " + previous.version() + " is already installed " + scopeWords()
                        + " and intact; nothing to do.\n" + placesList(), false);
            }
            if (order == 0 && distribution.root().startsWith(at.home())) {
                // Copying the damaged installation onto itself would repair nothing.
                throw new InstallException("The installed Downbeat is damaged (" + problems.get(0) + "), and this is"
                        + " that copy. Run the install from the distribution you built or downloaded"
                        + " (installer/target/downbeat-" + distribution.version() + "/bin/downbeat install).");
            }
            if (order != 0) upgradeFrom = previous.version();
            repairing = order == 0;
        }
        refuseConflicts(old);
        List<Path> newFolders = foldersToCreate();
        refuseUnwritable();
        refuseWhenDiskTooSmall();

        Transaction transaction = new Transaction();
        List<Manifest.Entry> entries = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int carried;
        Path payload;
        List<Manifest.ArdourEdit> ardourEdits;
        try {
            removeLeftovers();
            old.ifPresent(m -> m.entriesOf(Manifest.Dir.class).stream()
                    .filter(d -> !d.path().startsWith(m.payload()) && Files.isDirectory(d.path()))
                    .forEach(entries::add));
            for (Path folder : newFolders) {
                Files.createDirectory(folder);
                transaction.onUndo(() -> Files.deleteIfExists(folder));
                entries.add(new Manifest.Dir(folder));
            }

            String id = distribution.version() + "-" + Long.toString(System.currentTimeMillis(), 36);
            payload = at.home().resolve("app-" + id);
            Path partial = at.home().resolve("app-" + id + ".partial");
            transaction.onUndo(() -> TreeDeletion.deleteIfExists(partial));
            List<Manifest.Entry> copied = PayloadCopy.copy(distribution.root(), partial, beforeWrite);
            carried = old.isPresent() ? carryOverUserFiles(old.get(), partial) : 0;
            Files.move(partial, payload, StandardCopyOption.ATOMIC_MOVE);
            transaction.onUndo(() -> TreeDeletion.deleteIfExists(payload));
            copied.stream().map(e -> relocate(e, partial, payload)).forEach(entries::add);

            // The switch: from here on hosts load the new version.
            entries.add(swapLink(at.app(), at.home().relativize(payload).toString(), transaction));
            entries.add(swapLink(at.vst2Link(), at.app().resolve("vst2/Downbeat.so").toString(), transaction));
            entries.add(swapLink(at.lv2Link(), at.app().resolve("lv2/downbeat.lv2").toString(), transaction));
            if (binLinkIsOurs(old)) {
                entries.add(swapLink(at.binLink(), at.app().resolve("bin/downbeat").toString(), transaction));
            } else {
                warnings.add(at.show(at.binLink()) + " exists and is not Downbeat's, so the command was not linked there; run "
                        + at.show(at.app().resolve("bin/downbeat")) + " instead.");
            }
            ardourEdits = registerWithArdour(old, entries, warnings, transaction);
            new Manifest(distribution.version(), at.scope(), payload, entries).writeTo(at.manifest());
        } catch (IOException | RuntimeException e) {
            List<String> undoFailures = transaction.undo();
            String failure = e instanceof IOException io
                    ? InstallException.from(io, "installing Downbeat", at.scope()).getMessage()
                    : "Installing Downbeat failed unexpectedly: " + e + ".";
            throw new InstallException(failure + (undoFailures.isEmpty()
                    ? " Nothing was changed." : " Could not undo everything: " + String.join("; ", undoFailures)), e);
        }

        // Committed. The old version's folder goes; hosts still running it keep their open files.
        if (old.isPresent() && !old.get().payload().equals(payload)) {
            try {
                TreeDeletion.deleteIfExists(old.get().payload());
            } catch (IOException e) {
                warnings.add("The previous version's folder " + at.show(old.get().payload()) + " could not be removed: "
                        + e.getMessage());
            }
        }
        StringBuilder message = new StringBuilder();
        message.append(upgradeFrom != null
                ? "Upgraded Downbeat " + upgradeFrom + " to " + distribution.version() + " " + scopeWords()
                : (repairing ? "Repaired Downbeat " : "Installed Downbeat ") + distribution.version() + " " + scopeWords());
        message.append(String.format(Locale.ROOT, " (%.0f MB, with its own Java runtime):%n", sizeMb()));
        message.append(placesList());
        List<String> createdHostFolders = newFolders.stream().filter(f -> f.equals(at.vst2Dir()) || f.equals(at.lv2Dir()))
                .map(at::show).toList();
        if (!createdHostFolders.isEmpty()) {
            message.append("Created ").append(String.join(" and ", createdHostFolders))
                    .append(" (where hosts look for plugins); uninstall removes what it created when nothing else is in it.\n");
        }
        if (carried > 0) message.append("Kept ").append(carried).append(" file(s) of yours from the previous version.\n");
        for (Manifest.ArdourEdit edit : ardourEdits) {
            message.append("Ardour: added ").append(at.show(edit.folder())).append(" to its Linux VST path in ")
                    .append(at.show(edit.path())).append(" (quit Ardour before installing: it rewrites that file when it"
                            + " quits; then let it scan for plugins).\n");
        }
        for (String warning : warnings) message.append("Note: ").append(warning).append('\n');
        message.append("Remove it with `downbeat uninstall").append(at.scope() == InstallScope.SYSTEM ? " --system" : "")
                .append("`.");
        return new Outcome(message.toString(), true);
    }

    private String scopeWords() {
        return at.scope() == InstallScope.SYSTEM ? "for every user" : "for this user";
    }

    private String placesList() {
        return "  VST2     " + at.show(at.vst2Link()) + "\n"
                + "  LV2      " + at.show(at.lv2Link()) + "\n"
                + "  command  " + at.show(at.binLink()) + "\n"
                + "  files    " + at.show(at.app()) + "\n";
    }

    private double sizeMb() {
        try {
            return distribution.sizeInBytes() / 1e6;
        } catch (IOException e) {
            return 0;
        }
    }

    private void refuseWhenDebianPackageOwnsIt() throws InstallException {
        if (at.scope() == InstallScope.SYSTEM && Files.exists(at.dpkgInfo().resolve("downbeat.list"))) {
            throw new InstallException("Downbeat is installed from its Debian package on this machine; upgrade or remove"
                    + " it with apt or dpkg (sudo apt remove downbeat), not with `downbeat install --system`."
                    + " Nothing was changed.");
        }
    }

    /** A plugin path already taken by something this installer did not make is the user's: never overwrite it. */
    private void refuseConflicts(Optional<Manifest> old) throws InstallException {
        for (Path link : List.of(at.app(), at.vst2Link(), at.lv2Link())) {
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) continue;
            if (old.isPresent() && old.get().wrote(link) && Files.isSymbolicLink(link)) continue;
            if (isLeftoverOfOurs(link)) continue;
            throw new InstallException(at.show(link) + " already exists and was not installed by `downbeat install`"
                    + " (a copy made by hand, or another package?). Nothing was changed. Move it away, then run the"
                    + " install again.");
        }
    }

    /** A link into Downbeat's own folder whose manifest was lost: safe to replace. */
    private boolean isLeftoverOfOurs(Path link) {
        try {
            if (!Files.isSymbolicLink(link)) return false;
            Path target = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
            return target.startsWith(at.home());
        } catch (IOException e) {
            return false;
        }
    }

    private boolean binLinkIsOurs(Optional<Manifest> old) {
        Path link = at.binLink();
        return !Files.exists(link, LinkOption.NOFOLLOW_LINKS)
                || (old.isPresent() && old.get().wrote(link) && Files.isSymbolicLink(link)) || isLeftoverOfOurs(link);
    }

    /** The folders to create, parents first; refuses when a file stands where a folder must be. */
    private List<Path> foldersToCreate() throws InstallException {
        List<Path> create = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        List<Path> needed = new ArrayList<>(List.of(at.home(), at.vst2Dir(), at.lv2Dir(), at.binDir()));
        needed.addAll(at.ardourConfigs());
        for (Path folder : needed) {
            for (Path p = folder; p != null && !Files.isDirectory(p); p = p.getParent()) {
                if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw new InstallException(at.show(p) + " is a file, but Downbeat needs a folder there for "
                            + at.show(folder) + ". Nothing was changed; move the file away and run the install again.");
                }
            }
            if (at.ardourConfigs().contains(folder)) continue; // made later, only if Ardour's config is written
            for (Path p : missingFolders(folder)) {
                if (seen.add(p)) create.add(p);
            }
        }
        return create;
    }

    /** The folders from the nearest existing ancestor down to {@code folder}, parents first. */
    private static List<Path> missingFolders(Path folder) {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = folder; p != null && !Files.isDirectory(p); p = p.getParent()) missing.push(p);
        return new ArrayList<>(missing);
    }

    private void refuseUnwritable() throws InstallException {
        for (Path folder : List.of(at.home(), at.vst2Dir(), at.lv2Dir(), at.binDir())) {
            Path existing = nearestExisting(folder);
            if (!Files.isWritable(existing)) {
                throw new InstallException("No permission to write " + at.show(existing) + " (for " + at.show(folder)
                        + "). Nothing was changed. " + (at.scope() == InstallScope.SYSTEM
                        ? "System folders need root: run `sudo downbeat install --system`, or `downbeat install`"
                                + " for your user only."
                        : "Check who owns it (ls -ld " + existing + ")."));
            }
        }
    }

    private void refuseWhenDiskTooSmall() throws InstallException {
        try {
            long needed = distribution.sizeInBytes() + MARGIN_BYTES;
            Path existing = nearestExisting(at.home());
            long free = diskSpace.usableBytes(existing);
            if (free < needed) {
                throw new InstallException(String.format(Locale.ROOT,
                        "Not enough disk space for Downbeat in %s: it needs %.0f MB and %.0f MB are free. "
                                + "Nothing was changed; free some space and run the install again.",
                        at.show(existing), needed / 1e6, free / 1e6));
            }
        } catch (IOException e) {
            throw InstallException.from(e, "checking free disk space", at.scope());
        }
    }

    private static Path nearestExisting(Path folder) {
        Path p = folder;
        while (p != null && !Files.exists(p)) p = p.getParent();
        return p == null ? Path.of("/") : p;
    }

    /** Copies files the user put inside the old version's folder into the new one; returns how many. */
    private int carryOverUserFiles(Manifest old, Path partial) throws IOException {
        if (!Files.isDirectory(old.payload())) return 0;
        Set<Path> ours = new HashSet<>();
        old.entries().forEach(e -> ours.add(e.path()));
        int carried = 0;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(old.payload())) {
            files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !ours.contains(p)).toList();
        }
        for (Path file : files) {
            Path copy = partial.resolve(old.payload().relativize(file).toString());
            if (Files.exists(copy, LinkOption.NOFOLLOW_LINKS)) continue;
            beforeWrite.check(copy);
            Files.createDirectories(copy.getParent());
            Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
            carried++;
        }
        return carried;
    }

    /** Adds the VST2 folder to each Ardour configuration's path; returns the edits made now. */
    private List<Manifest.ArdourEdit> registerWithArdour(Optional<Manifest> old, List<Manifest.Entry> entries,
                                                         List<String> warnings, Transaction transaction) throws IOException {
        List<Manifest.ArdourEdit> madeNow = new ArrayList<>();
        List<Manifest.ArdourEdit> earlier = old.map(m -> m.entriesOf(Manifest.ArdourEdit.class)).orElse(List.of());
        for (Path configDir : at.ardourConfigs()) {
            if (!Files.exists(configDir.resolve("config"))) {
                // Ardour has not run for this user yet: the folders made for its config are ours to remove.
                for (Path folder : missingFolders(configDir)) {
                    Files.createDirectory(folder);
                    transaction.onUndo(() -> Files.deleteIfExists(folder));
                    entries.add(new Manifest.Dir(folder));
                }
            }
            Optional<Manifest.ArdourEdit> made = ArdourPluginPath.register(configDir, at.vst2Dir(), warnings);
            if (made.isPresent()) {
                transaction.onUndo(() -> ArdourPluginPath.unregister(made.get()));
                entries.add(made.get());
                madeNow.add(made.get());
            } else {
                // Already on the path: keep an earlier installation's record so uninstall still undoes it.
                earlier.stream().filter(e -> e.path().equals(configDir.resolve("config"))).forEach(entries::add);
            }
        }
        return madeNow;
    }

    /** Points {@code link} at {@code target} with one rename, so no reader ever finds it missing. */
    private Manifest.Link swapLink(Path link, String target, Transaction transaction) throws IOException {
        Path temporary = link.resolveSibling("." + link.getFileName() + ".downbeat-new");
        Files.deleteIfExists(temporary);
        beforeWrite.check(link);
        Files.createSymbolicLink(temporary, Path.of(target));
        String previous = Files.isSymbolicLink(link) ? Files.readSymbolicLink(link).toString() : null;
        Files.move(temporary, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        transaction.onUndo(() -> {
            if (previous == null) {
                Files.deleteIfExists(link);
            } else {
                Files.deleteIfExists(temporary);
                Files.createSymbolicLink(temporary, Path.of(previous));
                Files.move(temporary, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        });
        return new Manifest.Link(link, target);
    }

    /** Removes what an interrupted earlier run left: half-copied payloads and temporary links. */
    private void removeLeftovers() throws IOException {
        if (!Files.isDirectory(at.home())) return;
        try (Stream<Path> files = Files.list(at.home())) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("app-") && name.endsWith(".partial")) TreeDeletion.deleteIfExists(p);
            }
        }
    }

    private static Manifest.Entry relocate(Manifest.Entry entry, Path from, Path to) {
        Path moved = to.resolve(from.relativize(entry.path()).toString());
        if (entry instanceof Manifest.Dir) return new Manifest.Dir(moved);
        if (entry instanceof Manifest.Link l) return new Manifest.Link(moved, l.target());
        Manifest.FileEntry f = (Manifest.FileEntry) entry;
        return new Manifest.FileEntry(moved, f.size(), f.sha256());
    }

    /** Undo steps of an installation in progress, run newest first if it fails. */
    private static final class Transaction {
        interface Step {
            void undo() throws IOException;
        }

        private final Deque<Step> steps = new ArrayDeque<>();

        void onUndo(Step step) {
            steps.push(step);
        }

        /** Runs every undo step; returns what could not be undone. */
        List<String> undo() {
            List<String> failures = new ArrayList<>();
            while (!steps.isEmpty()) {
                try {
                    steps.pop().undo();
                } catch (IOException | RuntimeException e) {
                    failures.add(String.valueOf(e.getMessage()));
                }
            }
            return failures;
        }
    }
}
