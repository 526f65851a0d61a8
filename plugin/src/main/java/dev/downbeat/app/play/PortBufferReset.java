package dev.downbeat.app.play;

import java.lang.reflect.Field;
import org.jaudiolibs.jnajack.JackPort;

/**
 * Makes jnajack rebuild its port buffers after JACK's buffer size changed. jnajack 1.4 keeps one
 * {@code FloatBuffer} per port and rebuilds it, at the cycle's size, only when JACK hands it a
 * different buffer pointer; when the buffer size grows JACK may keep the pointer, and the old, too
 * short buffer stays (a cycle of 512 frames then meets a buffer of 256). Forgetting jnajack's cached
 * pointer from the buffer-size callback makes its next process cycle build the buffers anew.
 *
 * <p>This reaches into jnajack's package-private field {@code JackPort.bufferPtr}; if a jnajack
 * version lacks it, {@link #available} is false and the app refuses cycles longer than its buffers
 * (see {@link JackOutput}). Threads: {@link #forget} on JACK's buffer-size callback thread.
 */
final class PortBufferReset {
    private static final Field POINTER = pointerField();

    private PortBufferReset() {
    }

    private static Field pointerField() {
        try {
            Field f = JackPort.class.getDeclaredField("bufferPtr");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Whether this jnajack has the field to reset. */
    static boolean available() {
        return POINTER != null;
    }

    /** Has jnajack rebuild the buffers of {@code ports} at their next process cycle. */
    static void forget(JackPort... ports) {
        if (POINTER == null) return;
        for (JackPort port : ports) {
            try {
                POINTER.set(port, null);
            } catch (IllegalAccessException | RuntimeException e) {
                return;
            }
        }
    }
}
