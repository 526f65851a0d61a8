package dev.downbeat.installer;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code downbeat install}, {@code downbeat uninstall} and {@code downbeat status}: puts Downbeat
 * where Linux hosts find it, and takes it away again.
 *
 * <p>Exit codes: 0 done (or nothing to do), 1 could not be done (the message says why and what
 * to do; nothing was left half-installed), 2 bad usage. No stack trace reaches the user.
 */
@Command(name = "downbeat", mixinStandardHelpOptions = true, versionProvider = InstallerCli.Version.class,
        description = "Installs Downbeat's VST2 and LV2 plugins where Linux hosts look for them.",
        subcommands = {InstallerCli.Install.class, InstallerCli.Uninstall.class, InstallerCli.Status.class})
public final class InstallerCli {

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), Path.of("/"), new PrintWriter(System.out, true),
                new PrintWriter(System.err, true)));
    }

    /** Runs one command line with this environment and system root; returns the exit code. */
    public static int run(String[] args, Map<String, String> env, Path systemRoot, PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(new InstallerCli());
        line.setOut(out);
        line.setErr(err);
        Context context = new Context(env, systemRoot, out);
        for (CommandLine sub : line.getSubcommands().values()) {
            ((Scoped) sub.getCommand()).context = context;
        }
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof InstallException) {
                err.println("downbeat " + cmd.getCommandName() + ": " + e.getMessage());
                return 1;
            }
            err.println("downbeat " + cmd.getCommandName() + ": unexpected failure: " + e
                    + " (please report it; nothing more was changed after this point)");
            return 1;
        });
        return line.execute(args);
    }

    record Context(Map<String, String> env, Path systemRoot, PrintWriter out) {
    }

    /** Options every subcommand shares: per user or system-wide. */
    abstract static class Scoped implements Callable<Integer> {
        Context context;

        @Option(names = "--system", description = "for every user: /usr/lib/lxvst, /usr/lib/lv2 (needs root)")
        boolean system;

        InstallLocations locations() throws InstallException {
            try {
                return system ? InstallLocations.forSystem(context.systemRoot())
                        : InstallLocations.forUser(context.env(), context.systemRoot());
            } catch (IllegalArgumentException e) {
                throw new InstallException(e.getMessage(), e);
            }
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Installs (or upgrades in place) Downbeat for your user: VST2 in ~/.vst, LV2 in ~/.lv2,",
                    "Downbeat's files in ~/.local/share/downbeat, the command in ~/.local/bin. Your presets and",
                    "settings are kept. Running it again when up to date changes nothing."})
    static final class Install extends Scoped {
        @Option(names = "--from", paramLabel = "DIR", description = "the distribution folder to install (default: this one)")
        Path from;

        @Option(names = "--downgrade", description = "allow replacing a newer installed version")
        boolean downgrade;

        @Override
        public Integer call() throws InstallException {
            Distribution distribution = from != null ? Distribution.open(from) : Distribution.ofThisInstaller();
            InstallLocations at = locations();
            Installer.Outcome outcome = new Installer(distribution, at, downgrade).install();
            context.out().println(outcome.message());
            if (at.scope() == InstallScope.USER && !onPath(at.binDir())) {
                context.out().println("Note: " + at.show(at.binDir()) + " is not on your PATH; add it to run `downbeat`"
                        + " from anywhere.");
            }
            return 0;
        }

        private boolean onPath(Path folder) {
            String path = context.env().getOrDefault("PATH", "");
            return List.of(path.split(":")).contains(folder.toString());
        }
    }

    @Command(name = "uninstall", mixinStandardHelpOptions = true,
            description = "Removes every file `downbeat install` made, and nothing else (your presets and settings stay).")
    static final class Uninstall extends Scoped {
        @Override
        public Integer call() throws InstallException {
            context.out().println(new Uninstaller(locations()).uninstall().message());
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Says which version is installed where, and whether all its files are intact.")
    static final class Status extends Scoped {
        @Override
        public Integer call() throws InstallException {
            InstallLocations at = locations();
            var manifest = Manifest.readIfPresent(at.manifest());
            if (manifest.isEmpty()) {
                context.out().println("Downbeat is not installed " + (system ? "system-wide" : "for this user") + ".");
                return 0;
            }
            List<String> problems = Integrity.problems(manifest.get());
            context.out().println("Downbeat " + manifest.get().version() + " is installed in " + at.show(at.app())
                    + (problems.isEmpty() ? "; all files intact." : "; damaged:"));
            problems.forEach(p -> context.out().println("  " + p));
            if (!problems.isEmpty()) context.out().println("Run `downbeat install" + (system ? " --system" : "") + "` to repair it.");
            return problems.isEmpty() ? 0 : 1;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Downbeat installer " + InstallerVersion.current()};
        }
    }
}
