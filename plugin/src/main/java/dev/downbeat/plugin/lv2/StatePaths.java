package dev.downbeat.plugin.lv2;

import dev.downbeat.plugin.core.ProjectState;

import java.nio.charset.StandardCharsets;

/**
 * LV2 wants file names out of portable state and in {@code atom:Path} properties the host can map
 * (copy into a session, relocate on another machine). This splits the instrument's state into a
 * path-free chunk plus one path per user file, and joins them again on restore. Host thread.
 */
final class StatePaths {
    /** The properties, in the order of {@link #of} and {@link #with}. */
    static final Lv2Uri[] KEYS = {Lv2Uri.STATE_KIT_PATH, Lv2Uri.STATE_ROOM_PATH, Lv2Uri.STATE_MODEL_PATH};

    private StatePaths() {
    }

    /** Kit, room and model path of a state; empty strings mean the bundled ones. */
    static String[] of(ProjectState s) {
        return new String[] {s.kitPath(), s.roomPath(), s.modelPath()};
    }

    /** The same state with other paths (in {@link #KEYS} order). */
    static ProjectState with(ProjectState s, String[] paths) {
        return new ProjectState(s.params(), s.seed(), s.outputPitches(), paths[0], paths[1], paths[2],
                s.modelChecksum(), s.lockedBars());
    }

    /** An atom:Path body: UTF-8 with the terminating NUL LV2 strings carry. */
    static byte[] encode(String path) {
        byte[] utf8 = path.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[utf8.length + 1];
        System.arraycopy(utf8, 0, out, 0, utf8.length);
        return out;
    }

    /** Reads an atom:Path body, with or without its NUL. */
    static String decode(byte[] body) {
        int n = body.length;
        while (n > 0 && body[n - 1] == 0) n--;
        return new String(body, 0, n, StandardCharsets.UTF_8);
    }
}
