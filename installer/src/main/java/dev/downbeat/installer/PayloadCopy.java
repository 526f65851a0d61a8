package dev.downbeat.installer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Copies a distribution tree into a new folder, keeping file modes and inner links, and returns
 * the manifest entries for everything it made (folders first, in the order they were created).
 */
final class PayloadCopy {

    /** Called before each file is written; tests use it to make a disk fill up halfway. */
    interface BeforeWrite {
        void check(Path file) throws IOException;

        BeforeWrite NONE = file -> { };
    }

    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");

    private PayloadCopy() {
    }

    static List<Manifest.Entry> copy(Path source, Path destination, BeforeWrite beforeWrite) throws IOException {
        List<Manifest.Entry> made = new ArrayList<>();
        List<Path> all;
        try (Stream<Path> walk = Files.walk(source)) {
            all = walk.toList();
        }
        byte[] buffer = new byte[1 << 16];
        for (Path from : all) {
            Path to = destination.resolve(source.relativize(from).toString());
            if (Files.isSymbolicLink(from)) {
                beforeWrite.check(to);
                String target = Files.readSymbolicLink(from).toString();
                Files.createSymbolicLink(to, Path.of(target));
                made.add(new Manifest.Link(to, target));
            } else if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(to);
                Files.setPosixFilePermissions(to, EXECUTABLE);
                made.add(new Manifest.Dir(to));
            } else {
                beforeWrite.check(to);
                MessageDigest digest = Sha256.digest();
                long size = 0;
                try (InputStream in = Files.newInputStream(from);
                     OutputStream out = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        digest.update(buffer, 0, n);
                        out.write(buffer, 0, n);
                        size += n;
                    }
                }
                // Readable by everyone (a system install serves every user), executable where it was.
                boolean executable = Files.getPosixFilePermissions(from).contains(PosixFilePermission.OWNER_EXECUTE);
                Files.setPosixFilePermissions(to, executable ? EXECUTABLE : READABLE);
                Files.setLastModifiedTime(to, Files.getLastModifiedTime(from));
                made.add(new Manifest.FileEntry(to, size, HexFormat.of().formatHex(digest.digest())));
            }
        }
        return made;
    }
}
