package dev.downbeat.plugin.editor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.downbeat.plugin.core.HostCallbacks;
import java.awt.GraphicsEnvironment;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Why the editor does not embed, where it cannot: each reason is specific and reaches the host's log.
 * (Embedding itself needs an X server and a host window: tests/stages/41-editor-embedded.sh.)
 */
class HostWindowTest {
    @Test
    void aHostWithoutAWindowIsRefusedByName() {
        assertThatThrownBy(() -> HostWindow.of(0)).isInstanceOf(EmbeddingException.class).hasMessage("the host gave no window (0)");
    }

    @Test
    void withoutADisplayTheReasonIsThatJavaRunsHeadless() {
        Assumptions.assumeTrue(GraphicsEnvironment.isHeadless(), "this JVM has a display");
        assertThatThrownBy(() -> HostWindow.of(0x1234)).isInstanceOf(EmbeddingException.class).hasMessage("Java runs headless (no display)");
    }

    @Test
    void theEditorLogsWhyItDidNotEmbedAndNothingEscapes() throws Exception {
        Assumptions.assumeTrue(GraphicsEnvironment.isHeadless(), "this JVM has a display");
        List<String> log = new CopyOnWriteArrayList<>();
        HostCallbacks host = new HostCallbacks() {
            @Override public void beginEdit(int index) { }
            @Override public void performEdit(int index, float normalized) { }
            @Override public void endEdit(int index) { }
            @Override public void log(String message) { log.add(message); }
        };
        DownbeatEditor editor = DownbeatEditor.open(ScriptedSession.empty(), host, 0x1234, "test");
        SwingUtilities.invokeAndWait(() -> { }); // the editor is built on the Swing thread
        editor.close();
        assertThat(log).first().asString()
                .isEqualTo("The editor opens in a window of its own, not inside the host's window 0x1234: Java runs headless (no display)");
        // With no display the own window cannot open either: said, not thrown.
        assertThat(log).anySatisfy(line -> assertThat(line).startsWith("The editor could not open: java.awt.HeadlessException"));
        assertThat(editor.embedded()).isFalse();
        assertThat(editor.width()).isEqualTo(DownbeatEditor.preferredWidth());
    }
}
