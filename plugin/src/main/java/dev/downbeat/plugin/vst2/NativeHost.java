package dev.downbeat.plugin.vst2;

/**
 * The native end of {@link HostChannel}: vst2_bridge.c registers {@link #call} when it loads this
 * class, and forwards it to the host's audioMaster callback for the given AEffect.
 */
final class NativeHost {
    private NativeHost() {
    }

    /** Calls the host's audioMaster callback. Host threads only; only while the instance is open. */
    static native long call(long effect, int opcode, int index, long value, float opt);

    static HostChannel forEffect(long effect) {
        return (opcode, index, value, opt) -> call(effect, opcode, index, value, opt);
    }
}
