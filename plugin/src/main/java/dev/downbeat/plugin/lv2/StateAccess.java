package dev.downbeat.plugin.lv2;

/**
 * The host's side of one {@code state:interface} save or restore call: its store/retrieve functions
 * and path features. Valid only during that call; host thread.
 */
interface StateAccess {
    /** Stores a property; returns an {@code LV2_State_Status} (0 = success). */
    int store(int key, byte[] value, int type, int flags);

    /** The property stored under {@code key}, or null; {@code typeOut[0]} receives its type URID. */
    byte[] retrieve(int key, int[] typeOut);

    /** {@code state:mapPath} absolute → abstract; null when the host did not provide the feature. */
    String abstractPath(String absolute);

    /** {@code state:mapPath} abstract → absolute; null when the host did not provide the feature. */
    String absolutePath(String abstractPath);

    /** The calls the bridge provides; {@code call} points at the bridge's StateCall for this save/restore. */
    static StateAccess of(long call) {
        return new StateAccess() {
            @Override public int store(int key, byte[] value, int type, int flags) {
                return Lv2Plugin.nativeStore(call, key, value, type, flags);
            }
            @Override public byte[] retrieve(int key, int[] typeOut) {
                return Lv2Plugin.nativeRetrieve(call, key, typeOut);
            }
            @Override public String abstractPath(String absolute) {
                return Lv2Plugin.nativeMapPath(call, 0, absolute);
            }
            @Override public String absolutePath(String abstractPath) {
                return Lv2Plugin.nativeMapPath(call, 1, abstractPath);
            }
        };
    }
}
