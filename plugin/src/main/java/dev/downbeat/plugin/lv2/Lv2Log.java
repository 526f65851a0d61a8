package dev.downbeat.plugin.lv2;

import dev.downbeat.plugin.core.HostCallbacks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The host callbacks of an LV2 instance. LV2 gives a plugin without its own UI no way to report
 * automation gestures, so those do nothing; messages go to Downbeat's log file (the path the native
 * boot code passes as {@code downbeat.log.file}) and to standard error, which jalv and Ardour show.
 * Host threads only, never the audio thread.
 */
final class Lv2Log implements HostCallbacks {
    private final Path file;

    Lv2Log() {
        String path = System.getProperty("downbeat.log.file");
        file = path == null || path.isEmpty() ? null : Path.of(path);
    }

    @Override public void beginEdit(int index) { }
    @Override public void performEdit(int index, float normalized) { }
    @Override public void endEdit(int index) { }

    @Override
    public synchronized void log(String message) {
        String line = Instant.now().truncatedTo(ChronoUnit.SECONDS) + " [lv2] " + message;
        System.err.println("downbeat: " + message);
        if (file == null) return;
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("downbeat: cannot write the log " + file + ": " + e.getMessage());
        }
    }
}
