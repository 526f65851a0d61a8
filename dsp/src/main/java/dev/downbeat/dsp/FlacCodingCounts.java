package dev.downbeat.dsp;

/**
 * How often each coding tool of the FLAC format occurred in one decoded stream: subframe types,
 * stereo decorrelation modes, residual partitions by Rice parameter size and escape code, and
 * subframes with wasted bits. Tests use it to show which parts of the decoder a file exercised.
 */
public record FlacCodingCounts(
        int frames,
        int constantSubframes,
        int verbatimSubframes,
        int fixedSubframes,
        int lpcSubframes,
        int independentFrames,
        int leftSideFrames,
        int sideRightFrames,
        int midSideFrames,
        int rice4Partitions,
        int rice5Partitions,
        int escapedPartitions,
        int wastedBitsSubframes) {

    /** The sum of two streams' counts. */
    public FlacCodingCounts plus(FlacCodingCounts o) {
        return new FlacCodingCounts(frames + o.frames, constantSubframes + o.constantSubframes,
                verbatimSubframes + o.verbatimSubframes, fixedSubframes + o.fixedSubframes, lpcSubframes + o.lpcSubframes,
                independentFrames + o.independentFrames, leftSideFrames + o.leftSideFrames,
                sideRightFrames + o.sideRightFrames, midSideFrames + o.midSideFrames,
                rice4Partitions + o.rice4Partitions, rice5Partitions + o.rice5Partitions,
                escapedPartitions + o.escapedPartitions, wastedBitsSubframes + o.wastedBitsSubframes);
    }

    public static FlacCodingCounts none() {
        return new FlacCodingCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
