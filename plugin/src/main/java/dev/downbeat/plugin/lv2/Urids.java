package dev.downbeat.plugin.lv2;

import java.util.Arrays;

/**
 * The host's numbers for {@link Lv2Uri}s, as its {@code urid:map} returned them. Immutable; any thread.
 * A URID of 0 means the host had no map (the instance is then refused) or could not map that URI.
 */
final class Urids {
    private final int[] ids;

    /** @param ids one URID per {@link Lv2Uri}, in declaration order */
    Urids(int[] ids) {
        if (ids.length != Lv2Uri.values().length) {
            throw new IllegalArgumentException("expected " + Lv2Uri.values().length + " URIDs, got " + ids.length);
        }
        this.ids = ids.clone();
    }

    int of(Lv2Uri uri) {
        return ids[uri.ordinal()];
    }

    /** The URI a URID stands for, or {@code "URID n"} when it is none of ours (for messages). */
    String describe(int urid) {
        for (Lv2Uri u : Lv2Uri.values()) if (ids[u.ordinal()] == urid && urid != 0) return "<" + u.uri + ">";
        return "URID " + urid;
    }

    /** Whether every URI got a nonzero URID. */
    boolean complete() {
        return Arrays.stream(ids).allMatch(id -> id != 0);
    }
}
