package dev.downbeat.plugin.vst2;

/**
 * The host's audioMaster callback as Java sees it: one call, the VST2 opcode and its arguments.
 * In the plugin it is the native {@link NativeHost#call}; tests record the calls instead.
 * Called from host threads (editor gestures), never from the audio thread.
 */
@FunctionalInterface
interface HostChannel {
    long call(int opcode, int index, long value, float opt);
}
