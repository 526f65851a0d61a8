package dev.downbeat.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one edit of Ardour's configuration: the VST2 folder on its Linux VST path, and back. */
class ArdourPluginPathTest {

    @TempDir
    Path dir;

    private final Path vst = Path.of("/home/me/.vst");

    @Test
    void anOptionAtItsDefaultGetsTheFolderBeforeArdoursBuiltInPath() throws Exception {
        String config = "<Ardour>\n  <Config>\n    <Option name=\"plugin-path-lxvst\" value=\"@default@\"/>\n  </Config>\n</Ardour>\n";
        Files.writeString(dir.resolve("config"), config);

        Manifest.ArdourEdit edit = ArdourPluginPath.register(dir, vst, new ArrayList<>()).orElseThrow();

        assertThat(ArdourPluginPath.effectivePath(dir.resolve("config")))
                .containsExactly(("/home/me/.vst:" + ArdourPluginPath.ARDOUR_DEFAULT).split(":"));
        assertThat(ArdourPluginPath.unregister(edit)).isNull();
        assertThat(dir.resolve("config")).hasContent(config);
    }

    @Test
    void aFolderAlreadyOnThePathIsLeftAlone() throws Exception {
        String config = "<Ardour>\n  <Config>\n    <Option name=\"plugin-path-lxvst\" value=\"/home/me/.vst:/usr/lib/lxvst\"/>\n"
                + "  </Config>\n</Ardour>\n";
        Files.writeString(dir.resolve("config"), config);

        assertThat(ArdourPluginPath.register(dir, vst, new ArrayList<>())).isEmpty();
        assertThat(dir.resolve("config")).hasContent(config);
    }

    @Test
    void whenTheUserChangedThePathSinceOnlyTheFolderIsTakenOut() throws Exception {
        Files.writeString(dir.resolve("config"),
                "<Ardour>\n  <Config>\n    <Option name=\"plugin-path-lxvst\" value=\"/opt/vst\"/>\n  </Config>\n</Ardour>\n");
        Manifest.ArdourEdit edit = ArdourPluginPath.register(dir, vst, new ArrayList<>()).orElseThrow();
        // Ardour rewrites the file, the user adds a folder of their own.
        Files.writeString(dir.resolve("config"), "<Ardour>\n<Config>\n<Option name=\"plugin-path-lxvst\" "
                + "value=\"/srv/more:/home/me/.vst:/opt/vst\"/>\n<Option name=\"x\" value=\"1\"/>\n</Config>\n</Ardour>\n");

        String note = ArdourPluginPath.unregister(edit);

        assertThat(note).contains("had changed since the install");
        assertThat(ArdourPluginPath.effectivePath(dir.resolve("config"))).containsExactly("/srv/more", "/opt/vst");
        assertThat(Files.readString(dir.resolve("config"))).contains("<Option name=\"x\" value=\"1\"/>");
    }

    @Test
    void aFileThatIsNotAnArdourConfigurationIsNotEditedAndTheUserIsTold() throws Exception {
        Files.writeString(dir.resolve("config"), "something else entirely\n");
        List<String> warnings = new ArrayList<>();

        assertThat(ArdourPluginPath.register(dir, vst, warnings)).isEmpty();
        assertThat(warnings).singleElement().asString().contains("has no <Config> section", "by hand");
        assertThat(dir.resolve("config")).hasContent("something else entirely\n");
    }

    @Test
    void pathsWithXmlSpecialCharactersSurviveTheRoundTrip() throws Exception {
        Path odd = Path.of("/home/R&B \"beats\"/.vst");
        Manifest.ArdourEdit edit = ArdourPluginPath.register(dir, odd, new ArrayList<>()).orElseThrow();

        assertThat(Files.readString(dir.resolve("config"))).contains("R&amp;B &quot;beats&quot;");
        assertThat(ArdourPluginPath.effectivePath(dir.resolve("config"))).first().isEqualTo(odd.toString());
        ArdourPluginPath.unregister(edit);
        assertThat(dir.resolve("config")).doesNotExist();
    }
}
