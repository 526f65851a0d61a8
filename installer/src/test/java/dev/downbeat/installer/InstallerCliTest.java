package dev.downbeat.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: what it prints and its exit codes. */
class InstallerCliTest {

    @TempDir
    Path base;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        return InstallerCli.run(args, env, base.resolve("root"), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void installStatusUninstall() throws Exception {
        Distribution dist = FakeDistribution.make(base.resolve("downbeat-0.1.0"), "0.1.0", "x.jar");
        Map<String, String> env = Map.of("HOME", Files.createDirectories(base.resolve("home")).toString(),
                "PATH", base.resolve("home/.local/bin") + ":/usr/bin");

        assertThat(run(env, "install", "--from", dist.root().toString())).isZero();
        assertThat(out.toString()).contains("Installed Downbeat 0.1.0").doesNotContain("is not on your PATH");
        assertThat(run(env, "status")).isZero();
        assertThat(out.toString()).contains("all files intact");
        assertThat(run(env, "uninstall")).isZero();
        assertThat(out.toString()).contains("Removed Downbeat 0.1.0");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aProblemIsOneLineAndExitCodeOneWithoutAStackTrace() {
        int code = run(Map.of("HOME", base.toString()), "install", "--from", base.resolve("nowhere").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("downbeat install: No Downbeat distribution at").doesNotContain("\tat ");
    }

    @Test
    void noHomeIsAClearError() {
        assertThat(run(Map.of(), "uninstall")).isEqualTo(1);
        assertThat(err.toString()).contains("HOME is not set");
    }

    @Test
    void badUsageIsExitCodeTwo() {
        assertThat(run(Map.of("HOME", base.toString()), "install", "--no-such-option")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option");
    }
}
