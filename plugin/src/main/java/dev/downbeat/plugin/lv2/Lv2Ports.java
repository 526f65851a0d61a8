package dev.downbeat.plugin.lv2;

import dev.downbeat.plugin.core.Param;

/**
 * Downbeat's LV2 port order: four fixed ports, the host's freewheel flag, then one control input per
 * {@link Param} in declaration order. {@code lv2_bridge.c} repeats the fixed indices (checked by a test).
 */
final class Lv2Ports {
    static final int EVENTS_IN = 0;
    static final int MIDI_OUT = 1;
    static final int OUT_LEFT = 2;
    static final int OUT_RIGHT = 3;
    /** First control input; the bridge copies every control port from here on into the control buffer. */
    static final int FIRST_CONTROL = 4;
    /** Control 0 (port 4): the host's {@code lv2:freeWheeling} designation, set while it renders offline. */
    static final int FREEWHEEL_CONTROL = 0;
    /** Control index of {@code Param.at(0)}. */
    static final int FIRST_PARAM_CONTROL = 1;

    /** Number of control inputs: freewheel plus every parameter. */
    static int controlCount() {
        return FIRST_PARAM_CONTROL + Param.count();
    }

    /** The LV2 port index of a parameter. */
    static int portOf(Param p) {
        return FIRST_CONTROL + FIRST_PARAM_CONTROL + p.index;
    }

    private Lv2Ports() {
    }
}
