package dev.downbeat.plugin.core;

/**
 * The one rule both bridges use to tell a host's rounding from a real jump of the transport.
 *
 * <p>Hosts round the position they report: Ardour 7 gives VST2's {@code ppqPos} and LV2's
 * {@code time:barBeat} in whole ticks of 1/1920 quarter, up to 6 frames off at 48 kHz and 120 bpm,
 * so steps placed from it would land a few frames early or late, differently in each format.
 * While the transport rolls on, a bridge therefore carries the position forward by the frames
 * played and takes the host's value again only when it disagrees by more than this rounding
 * (start, relocation, loop jump, meter change).
 */
public final class HostPositionRounding {
    /** Two of Ardour's ticks: more than any host's rounding, far less than any real jump. */
    public static final double TOLERANCE_QUARTERS = 2.0 / 1920;

    private HostPositionRounding() {
    }

    /** Whether a reported position is the carried one up to the host's rounding. Any thread. */
    public static boolean agrees(double reportedQuarters, double carriedQuarters) {
        return Math.abs(reportedQuarters - carriedQuarters) <= TOLERANCE_QUARTERS;
    }
}
