package dev.downbeat.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Installs fake distributions into a throw-away HOME and checks what a user and their hosts would find. */
class InstallerTest {

    @TempDir
    Path base;

    Path home;
    Path systemRoot;
    InstallLocations user;
    Distribution v1;
    Distribution v2;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(base.resolve("home"));
        systemRoot = Files.createDirectories(base.resolve("root"));
        // Ardour 7 is "installed" on this machine, so its user configuration gets the VST2 folder.
        Files.createDirectories(systemRoot.resolve("usr/lib/ardour7"));
        user = InstallLocations.forUser(Map.of("HOME", home.toString()), systemRoot);
        v1 = FakeDistribution.make(base.resolve("downbeat-0.1.0"), "0.1.0", "only-in-0.1.0.jar");
        v2 = FakeDistribution.make(base.resolve("downbeat-0.2.0"), "0.2.0", "only-in-0.2.0.jar");
    }

    @Test
    void freshInstallPutsThePluginsWhereHostsLookAndTheirFilesResolve() throws Exception {
        Installer.Outcome outcome = new Installer(v1, user, false).install();

        assertThat(outcome.changed()).isTrue();
        assertThat(outcome.message()).contains("Installed Downbeat 0.1.0 for this user", "~/.vst/Downbeat.so",
                "~/.lv2/downbeat.lv2", "Ardour: added ~/.vst", "Created ~/.vst and ~/.lv2");
        Path vst2 = home.resolve(".vst/Downbeat.so");
        assertThat(vst2).isSymbolicLink();
        // What jvm_boot does: realpath of the .so, then Downbeat/lib and Downbeat/runtime beside it.
        Path real = vst2.toRealPath();
        assertThat(real.toString()).startsWith(home.resolve(".local/share/downbeat/app-0.1.0-").toString());
        assertThat(real.resolveSibling("Downbeat/lib/downbeat-plugin-0.1.0.jar")).hasContent("plugin classes 0.1.0");
        assertThat(real.resolveSibling("Downbeat/runtime/lib/server/libjvm.so")).hasContent("libjvm 0.1.0");
        assertThat(home.resolve(".lv2/downbeat.lv2/manifest.ttl")).exists();
        assertThat(home.resolve(".lv2/downbeat.lv2/lib/downbeat-plugin-0.1.0.jar")).exists();
        assertThat(Files.isExecutable(home.resolve(".local/bin/downbeat"))).isTrue();
        assertThat(Files.readString(home.resolve(".config/ardour7/config")))
                .contains("<Option name=\"plugin-path-lxvst\" value=\"" + home.resolve(".vst") + ":/usr/local/lib64/lxvst:");
        assertThat(ArdourPluginPath.effectivePath(home.resolve(".config/ardour7/config")))
                .startsWith(home.resolve(".vst").toString()).contains("/usr/lib/lxvst");
        assertThat(Manifest.readIfPresent(user.manifest())).get().extracting(Manifest::version).isEqualTo("0.1.0");
    }

    @Test
    void installingTheSameVersionAgainChangesNothing() throws Exception {
        new Installer(v1, user, false).install();
        Map<String, String> after = TreeSnapshot.of(home);

        Installer.Outcome again = new Installer(v1, user, false).install();

        assertThat(again.changed()).isFalse();
        assertThat(again.message()).contains("already installed", "intact");
        assertThat(TreeSnapshot.of(home)).isEqualTo(after);
    }

    @Test
    void aDamagedInstallationOfTheSameVersionIsRepaired() throws Exception {
        new Installer(v1, user, false).install();
        Path jar = home.resolve(".vst/Downbeat.so").toRealPath().resolveSibling("Downbeat/lib/downbeat-plugin-0.1.0.jar");
        Files.writeString(jar, "truncated");

        Installer.Outcome repair = new Installer(v1, user, false).install();

        assertThat(repair.changed()).isTrue();
        assertThat(repair.message()).contains("Repaired Downbeat 0.1.0");
        assertThat(home.resolve(".vst/Downbeat.so").toRealPath().resolveSibling("Downbeat/lib/downbeat-plugin-0.1.0.jar"))
                .hasContent("plugin classes 0.1.0");
        assertThat(Integrity.problems(Manifest.readIfPresent(user.manifest()).orElseThrow())).isEmpty();
    }

    @Test
    void aDamagedInstallationIsNotRepairedFromItself() throws Exception {
        new Installer(v1, user, false).install();
        Path payload = home.resolve(".vst/Downbeat.so").toRealPath().getParent().getParent();
        Files.writeString(payload.resolve("lib/downbeat-plugin-0.1.0.jar"), "truncated");

        assertThatThrownBy(() -> new Installer(Distribution.open(payload), user, false).install())
                .hasMessageContaining("The installed Downbeat is damaged (file changed:")
                .hasMessageContaining("Run the install from the distribution you built");
    }

    @Test
    void uninstallLeavesTheHomeExactlyAsItWas() throws Exception {
        // A lived-in home: other plugins, Downbeat's settings, an Ardour configuration of the user's own.
        FakeDistribution.write(home.resolve(".vst/Other.so"), "another plugin", true);
        FakeDistribution.write(home.resolve(".lv2/other.lv2/manifest.ttl"), "other", false);
        FakeDistribution.write(home.resolve(".config/downbeat/jvm.conf"), "option=-Xmx1g\n", false);
        Map<String, String> before = TreeSnapshot.of(home);

        new Installer(v1, user, false).install();
        assertThat(TreeSnapshot.of(home)).isNotEqualTo(before);
        Installer.Outcome removed = new Uninstaller(user).uninstall();

        assertThat(removed.message()).contains("Removed Downbeat 0.1.0");
        assertThat(TreeSnapshot.of(home)).isEqualTo(before);
    }

    @Test
    void uninstallFromABareHomeLeavesItBare() throws Exception {
        // Nothing at all yet: not even ~/.config or ~/.local. Every folder made must go again.
        new Installer(v1, user, false).install();
        assertThat(home.resolve(".config/ardour7/config")).exists();
        new Uninstaller(user).uninstall();

        assertThat(TreeSnapshot.of(home)).containsOnlyKeys("");
    }

    @Test
    void uninstallRestoresTheUsersOwnArdourConfigurationByteForByte() throws Exception {
        String config = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Ardour>\n  <Config>\n"
                + "    <Option name=\"periodic-safety-backup-interval\" value=\"120\"/>\n"
                + "    <Option name=\"plugin-path-lxvst\" value=\"/opt/vst:/usr/lib/lxvst\"/>\n  </Config>\n</Ardour>\n";
        FakeDistribution.write(home.resolve(".config/ardour7/config"), config, false);

        new Installer(v1, user, false).install();
        assertThat(ArdourPluginPath.effectivePath(home.resolve(".config/ardour7/config")))
                .containsExactly(home.resolve(".vst").toString(), "/opt/vst", "/usr/lib/lxvst");
        new Uninstaller(user).uninstall();

        assertThat(home.resolve(".config/ardour7/config")).hasContent(config);
    }

    @Test
    void anArdourConfigurationWithoutTheOptionGetsItAndLosesItAgain() throws Exception {
        String config = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Ardour>\n  <Config>\n"
                + "    <Option name=\"default-session-parent-dir\" value=\"~\"/>\n  </Config>\n</Ardour>\n";
        FakeDistribution.write(home.resolve(".config/ardour7/config"), config, false);

        new Installer(v1, user, false).install();
        assertThat(Files.readString(home.resolve(".config/ardour7/config")))
                .contains("plugin-path-lxvst", "default-session-parent-dir");
        new Uninstaller(user).uninstall();

        assertThat(home.resolve(".config/ardour7/config")).hasContent(config);
    }

    @Test
    void upgradeInPlaceKeepsTheUsersFilesAndDropsTheOldVersionsFiles() throws Exception {
        new Installer(v1, user, false).install();
        Path oldPayload = home.resolve(".vst/Downbeat.so").toRealPath().getParent().getParent();
        FakeDistribution.write(home.resolve(".local/share/downbeat/presets/verse.preset"), "temperature=0.4", false);
        FakeDistribution.write(oldPayload.resolve("lv2/downbeat.lv2/my-notes.txt"), "mine", false);
        FakeDistribution.write(home.resolve(".config/downbeat/jvm.conf"), "option=-Xmx1g\n", false);

        Installer.Outcome upgrade = new Installer(v2, user, false).install();

        assertThat(upgrade.message()).contains("Upgraded Downbeat 0.1.0 to 0.2.0", "Kept 1 file(s) of yours");
        Path real = home.resolve(".vst/Downbeat.so").toRealPath();
        assertThat(real).hasContent("vst2 bridge 0.2.0");
        assertThat(real.resolveSibling("Downbeat/lib/only-in-0.2.0.jar")).exists();
        assertThat(real.resolveSibling("Downbeat/lib/only-in-0.1.0.jar")).doesNotExist();
        assertThat(oldPayload).doesNotExist();
        assertThat(home.resolve(".lv2/downbeat.lv2/my-notes.txt")).hasContent("mine");
        assertThat(home.resolve(".local/share/downbeat/presets/verse.preset")).hasContent("temperature=0.4");
        assertThat(home.resolve(".config/downbeat/jvm.conf")).hasContent("option=-Xmx1g\n");
        assertThat(Manifest.readIfPresent(user.manifest()).orElseThrow().version()).isEqualTo("0.2.0");

        new Uninstaller(user).uninstall();
        // Only the user's own files are left, in the folders that hold them.
        assertThat(TreeSnapshot.of(home).keySet()).containsExactlyInAnyOrder("", ".local", ".local/share",
                ".local/share/downbeat", ".local/share/downbeat/presets", ".local/share/downbeat/presets/verse.preset",
                ".local/share/downbeat/app-" + payloadId(real), ".local/share/downbeat/app-" + payloadId(real) + "/lv2",
                ".local/share/downbeat/app-" + payloadId(real) + "/lv2/downbeat.lv2",
                ".local/share/downbeat/app-" + payloadId(real) + "/lv2/downbeat.lv2/my-notes.txt",
                ".config", ".config/downbeat", ".config/downbeat/jvm.conf");
    }

    private static String payloadId(Path realVst2) {
        return realVst2.getParent().getParent().getFileName().toString().substring("app-".length());
    }

    @Test
    void aFullDiskHalfwayLeavesNothingHalfInstalled() throws Exception {
        Map<String, String> before = TreeSnapshot.of(home);
        AtomicInteger written = new AtomicInteger();
        PayloadCopy.BeforeWrite fillsUp = file -> {
            if (written.incrementAndGet() == 5) throw new FileSystemException(file.toString(), null, "No space left on device");
        };

        assertThatThrownBy(() -> new Installer(v1, user, false, fillsUp, Installer.DiskSpace.REAL).install())
                .isInstanceOf(InstallException.class)
                .hasMessageContaining("The disk is full")
                .hasMessageContaining("Nothing was changed");
        assertThat(TreeSnapshot.of(home)).isEqualTo(before);
    }

    @Test
    void aFullDiskDuringAnUpgradeKeepsTheOldVersionWorking() throws Exception {
        new Installer(v1, user, false).install();
        Map<String, String> installed = TreeSnapshot.of(home);
        AtomicInteger written = new AtomicInteger();
        PayloadCopy.BeforeWrite fillsUp = file -> {
            if (written.incrementAndGet() == 9) throw new FileSystemException(file.toString(), null, "No space left on device");
        };

        assertThatThrownBy(() -> new Installer(v2, user, false, fillsUp, Installer.DiskSpace.REAL).install())
                .hasMessageContaining("The disk is full");
        assertThat(TreeSnapshot.of(home)).isEqualTo(installed);
        assertThat(home.resolve(".vst/Downbeat.so").toRealPath()).hasContent("vst2 bridge 0.1.0");
    }

    @Test
    void aFailureAfterTheSwitchPutsTheOldVersionBack() throws Exception {
        new Installer(v1, user, false).install();
        Map<String, String> installed = TreeSnapshot.of(home);
        // The bin link is the last link written: fail there, after app, VST2 and LV2 were switched.
        PayloadCopy.BeforeWrite failsAtBin = file -> {
            if (file.equals(user.binLink())) throw new AccessDeniedException(file.toString());
        };

        assertThatThrownBy(() -> new Installer(v2, user, false, failsAtBin, Installer.DiskSpace.REAL).install())
                .hasMessageContaining("No permission").hasMessageContaining("Nothing was changed");
        assertThat(TreeSnapshot.of(home)).isEqualTo(installed);
    }

    @Test
    void tooLittleSpaceIsRefusedBeforeAnythingIsWritten() throws Exception {
        Map<String, String> before = TreeSnapshot.of(home);

        assertThatThrownBy(() -> new Installer(v1, user, false, PayloadCopy.BeforeWrite.NONE, folder -> 1_000_000).install())
                .hasMessageContaining("Not enough disk space").hasMessageContaining("MB are free")
                .hasMessageContaining("Nothing was changed");
        assertThat(TreeSnapshot.of(home)).isEqualTo(before);
    }

    @Test
    void aFolderWithoutWritePermissionIsRefusedUpFront() throws Exception {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
        Files.createDirectories(home.resolve(".lv2"));
        Files.setPosixFilePermissions(home.resolve(".lv2"), PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertThatThrownBy(() -> new Installer(v1, user, false).install())
                    .hasMessageContaining("No permission to write ~/.lv2");
            assertThat(home.resolve(".vst")).doesNotExist();
        } finally {
            Files.setPosixFilePermissions(home.resolve(".lv2"), Set.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
        }
    }

    @Test
    void aPluginFileTheUserPutThereIsNeverOverwritten() throws Exception {
        FakeDistribution.write(home.resolve(".vst/Downbeat.so"), "a copy made by hand", true);
        Map<String, String> before = TreeSnapshot.of(home);

        assertThatThrownBy(() -> new Installer(v1, user, false).install())
                .hasMessageContaining("~/.vst/Downbeat.so already exists and was not installed by `downbeat install`");
        assertThat(TreeSnapshot.of(home)).isEqualTo(before);
    }

    @Test
    void aFileWhereAHostFolderMustBeIsReported() throws Exception {
        FakeDistribution.write(home.resolve(".lv2"), "not a folder", false);

        assertThatThrownBy(() -> new Installer(v1, user, false).install())
                .hasMessageContaining("~/.lv2 is a file, but Downbeat needs a folder there");
    }

    @Test
    void aNewerInstalledVersionIsOnlyReplacedWhenAskedTo() throws Exception {
        new Installer(v2, user, false).install();

        assertThatThrownBy(() -> new Installer(v1, user, false).install())
                .hasMessageContaining("Downbeat 0.2.0 is installed, which is newer than this 0.1.0")
                .hasMessageContaining("--downgrade");
        new Installer(v1, user, true).install();
        assertThat(home.resolve(".vst/Downbeat.so").toRealPath()).hasContent("vst2 bridge 0.1.0");
    }

    @Test
    void aDamagedManifestStopsInstallAndUninstallWithTheLineAtFault() throws Exception {
        new Installer(v1, user, false).install();
        Files.writeString(user.manifest(), "format 1\nversion\t0.1.0\nscope\tuser\npayload\t/x\nfile\tnot-a-number\tab\t/y\n");

        assertThatThrownBy(() -> new Uninstaller(user).uninstall())
                .hasMessageContaining("is damaged (line 5");
        assertThatThrownBy(() -> new Installer(v1, user, false).install())
                .hasMessageContaining("is damaged (line 5");
    }

    @Test
    void aSystemInstallStepsAsideForTheDebianPackage() throws Exception {
        FakeDistribution.write(systemRoot.resolve("var/lib/dpkg/info/downbeat.list"), "/usr/lib/downbeat\n", false);

        assertThatThrownBy(() -> new Installer(v1, InstallLocations.forSystem(systemRoot), false).install())
                .hasMessageContaining("installed from its Debian package");
    }

    @Test
    void aSystemInstallUsesTheSystemPluginFoldersAndUninstallsCleanly() throws Exception {
        Map<String, String> before = TreeSnapshot.of(systemRoot);
        InstallLocations system = InstallLocations.forSystem(systemRoot);

        Installer.Outcome outcome = new Installer(v1, system, false).install();

        assertThat(outcome.message()).contains("for every user", "uninstall --system");
        assertThat(systemRoot.resolve("usr/lib/lxvst/Downbeat.so").toRealPath()).hasContent("vst2 bridge 0.1.0");
        assertThat(systemRoot.resolve("usr/lib/lv2/downbeat.lv2/manifest.ttl")).exists();
        assertThat(Files.getPosixFilePermissions(systemRoot.resolve("usr/lib/lxvst/Downbeat.so").toRealPath()))
                .contains(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);
        new Uninstaller(system).uninstall();
        assertThat(TreeSnapshot.of(systemRoot)).isEqualTo(before);
    }

    @Test
    void uninstallingWhatIsNotInstalledSaysSo() throws Exception {
        Installer.Outcome outcome = new Uninstaller(user).uninstall();

        assertThat(outcome.changed()).isFalse();
        assertThat(outcome.message()).contains("not installed for this user");
    }

    @Test
    void versionsCompareByTheirNumbers() {
        assertThat(Distribution.compareVersions("0.10.0", "0.9.2")).isPositive();
        assertThat(Distribution.compareVersions("0.2.0", "0.2.0")).isZero();
        assertThat(Distribution.compareVersions("0.2.0-rc1", "0.2.0")).isNegative();
        assertThat(Distribution.compareVersions("1.0", "1.0.0")).isZero();
    }

    @Test
    void anIncompleteDistributionNamesWhatIsMissing() throws IOException {
        Files.delete(base.resolve("downbeat-0.1.0/vst2/Downbeat.so"));

        assertThatThrownBy(() -> Distribution.open(base.resolve("downbeat-0.1.0")))
                .hasMessageContaining("is incomplete (missing vst2/Downbeat.so)");
    }
}
