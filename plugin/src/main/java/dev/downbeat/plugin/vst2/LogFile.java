package dev.downbeat.plugin.vst2;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The log file the native bridge also writes ({@code downbeat.log.file}, set by jvm_boot; else
 * {@code $XDG_STATE_HOME/downbeat/downbeat.log} or {@code ~/.local/state/downbeat/downbeat.log}).
 * Any non-real-time thread; never the audio thread.
 */
final class LogFile {
    private static final Path PATH = locate();

    private LogFile() {
    }

    static Path path() {
        return PATH;
    }

    static synchronized void append(String message) {
        String line = Instant.now().truncatedTo(ChronoUnit.SECONDS) + " [vst2] " + message + System.lineSeparator();
        try {
            Files.createDirectories(PATH.getParent());
            Files.writeString(PATH, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            System.err.print("[downbeat] " + line);
        }
    }

    static void append(String message, Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        append(message + ": " + text);
    }

    private static Path locate() {
        String configured = System.getProperty("downbeat.log.file");
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        String state = System.getenv("XDG_STATE_HOME");
        Path base = state != null && !state.isBlank() ? Path.of(state)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("downbeat").resolve("downbeat.log");
    }
}
