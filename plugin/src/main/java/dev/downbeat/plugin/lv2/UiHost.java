package dev.downbeat.plugin.lv2;

/**
 * The LV2 host's side of one open UI: its {@code write_function} for control ports and its
 * {@code ui:touch} feature. Host UI thread only, and in the plugin only from inside
 * {@link Lv2Ui#idle} (the bridge's handle is valid there).
 */
interface UiHost {
    /** {@code write_function(port, sizeof(float), 0, &value)}: the control port's new plain value. */
    void write(int port, float value);

    /** {@code ui:touch}: the user grabbed ({@code true}) or let go of the control on {@code port}. */
    void touch(int port, boolean grabbed);

    /** The functions of the bridge's UI instance {@code handle} (lv2_ui_bridge.c). */
    static UiHost of(long handle) {
        return new UiHost() {
            @Override public void write(int port, float value) {
                Lv2Ui.nativeWrite(handle, port, value);
            }
            @Override public void touch(int port, boolean grabbed) {
                Lv2Ui.nativeTouch(handle, port, grabbed);
            }
        };
    }
}
