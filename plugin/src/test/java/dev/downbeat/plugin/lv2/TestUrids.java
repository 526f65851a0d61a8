package dev.downbeat.plugin.lv2;

/** URIDs as a host would map them: distinct, nonzero, deliberately not in declaration order. */
final class TestUrids {
    static int[] ids() {
        int[] ids = new int[Lv2Uri.values().length];
        for (int i = 0; i < ids.length; i++) ids[i] = 100 + 7 * (ids.length - i);
        return ids;
    }

    static Urids urids() {
        return new Urids(ids());
    }

    static int of(Lv2Uri uri) {
        return ids()[uri.ordinal()];
    }

    private TestUrids() {
    }
}
