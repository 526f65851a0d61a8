package dev.downbeat.plugin.core;

/**
 * One audio block as a bridge hands it over: transport, MIDI in, audio out, MIDI out.
 * Preallocated by the bridge at {@code prepare} and reused for every block; owned by the audio thread.
 */
public final class ProcessBlock {
    /** Output channels, at least {@code frames} long. */
    public float[] left, right;
    /** Frames in this block, 1..maxBlock. */
    public int frames;

    // Transport, as the host reports it at the block's first frame.
    public boolean playing;
    /** Whether the host renders faster than real time (export, freeze). */
    public boolean offline;
    /** Position in quarter notes from the project start; valid when {@link #positionValid}. */
    public double positionQuarters;
    public boolean positionValid;
    /** Start of the current bar in quarter notes, when the host knows it (VST2 barStartPos, LV2 bar). */
    public double barStartQuarters;
    public boolean barStartValid;
    public double tempoBpm = 120;
    public int meterNumerator = 4, meterDenominator = 4;

    // MIDI in, sorted by frame offset.
    public int midiInCount;
    public final int[] midiInFrame;
    public final byte[] midiInStatus, midiInData1, midiInData2;

    // MIDI out, written by the instrument in frame order; never more than the capacity.
    public int midiOutCount;
    public final int[] midiOutFrame;
    public final byte[] midiOutStatus, midiOutData1, midiOutData2;

    public ProcessBlock(int maxBlock, int midiCapacity) {
        left = new float[maxBlock];
        right = new float[maxBlock];
        midiInFrame = new int[midiCapacity];
        midiInStatus = new byte[midiCapacity];
        midiInData1 = new byte[midiCapacity];
        midiInData2 = new byte[midiCapacity];
        midiOutFrame = new int[midiCapacity];
        midiOutStatus = new byte[midiCapacity];
        midiOutData1 = new byte[midiCapacity];
        midiOutData2 = new byte[midiCapacity];
    }

    /** Capacity of the MIDI in and out arrays. */
    public int midiCapacity() {
        return midiOutFrame.length;
    }
}
