package dev.downbeat.plugin.vst2;

import dev.downbeat.plugin.core.HostPositionRounding;
import dev.downbeat.plugin.core.ProcessBlock;

/**
 * Turns the host's VstTimeInfo (asked for once per host block) into the transport of each
 * instrument block inside it.
 *
 * <p>Hosts may round {@code ppqPos} ({@link HostPositionRounding}): while the transport plays on
 * without a jump, the position is carried forward from the previous block by the frames rendered;
 * the host's value is taken again whenever it disagrees by more than that rounding (start,
 * relocation, loop jump), or the sample position does not follow on.
 *
 * <p>Owned by the audio thread; no allocation.
 */
final class HostTime {
    static {
        // Loads the rounding rule here, on the host thread that makes the plugin: used first in the
        // first block after play, it was loaded from the jar on the audio thread there (0.5-0.8 ms).
        HostPositionRounding.agrees(0, 0);
    }

    // Audio-thread state. While carrying, positions are computed from an anchor (a position and its
    // sample) rather than summed block by block, so no rounding error accumulates.
    private boolean carrying;
    private double anchorPpq, anchorSamplePos, anchorTempo;
    private double nextSamplePos;
    /** This host block's first-frame position in quarters, carried or the host's. */
    private double blockPpq;

    /**
     * Called once at the start of each host block, before {@link #apply}. Decides whether to trust
     * the host's position or the one carried forward.
     */
    void beginHostBlock(SharedBlock shared, int hostFrames, double sampleRate, double lastTempo) {
        int flags = shared.timeFlags();
        boolean playing = shared.timePresent() && (flags & SharedBlock.TRANSPORT_PLAYING) != 0
                && (flags & SharedBlock.PPQ_POS_VALID) != 0 && Double.isFinite(shared.ppqPosition());
        double hostPpq = shared.ppqPosition();
        double samplePos = shared.samplePosition();
        double tempo = tempoOf(shared, lastTempo);
        double carried = anchorPpq + (samplePos - anchorSamplePos) / sampleRate * anchorTempo / 60.0;
        boolean followsOn = carrying && playing && samplePos == nextSamplePos
                && HostPositionRounding.agrees(hostPpq, carried);
        blockPpq = followsOn ? carried : hostPpq;
        if (!followsOn || tempo != anchorTempo) {
            anchorPpq = blockPpq;
            anchorSamplePos = samplePos;
            anchorTempo = tempo;
        }
        carrying = playing;
        nextSamplePos = samplePos + hostFrames;
    }

    /**
     * Fills the transport fields of {@code block} for an instrument block starting
     * {@code framesIntoHostBlock} frames into the host block. Tempo and meter the host did not
     * report keep their last known values (the block is reused).
     */
    void apply(SharedBlock shared, long framesIntoHostBlock, double sampleRate, ProcessBlock block) {
        block.offline = shared.offline();
        if (!shared.timePresent()) {
            block.playing = false;
            block.positionValid = false;
            block.barStartValid = false;
            return;
        }
        int flags = shared.timeFlags();
        block.tempoBpm = tempoOf(shared, block.tempoBpm);
        int numerator = shared.timeSigNumerator(), denominator = shared.timeSigDenominator();
        if ((flags & SharedBlock.TIME_SIG_VALID) != 0 && numerator > 0 && numerator <= 64
                && denominator > 0 && denominator <= 64) {
            block.meterNumerator = numerator;
            block.meterDenominator = denominator;
        }
        block.playing = (flags & SharedBlock.TRANSPORT_PLAYING) != 0;
        block.positionValid = (flags & SharedBlock.PPQ_POS_VALID) != 0 && Double.isFinite(blockPpq);
        double advance = framesIntoHostBlock / sampleRate * block.tempoBpm / 60.0;
        block.positionQuarters = block.positionValid ? blockPpq + advance : 0;
        block.barStartValid = block.positionValid && (flags & SharedBlock.BARS_VALID) != 0
                && Double.isFinite(shared.barStart());
        if (block.barStartValid) {
            double barLength = block.meterNumerator * 4.0 / block.meterDenominator;
            double hostBarStart = shared.barStart();
            // A long block may cross bar lines, and the host's bar start is as rounded as its position:
            // the bar start is the last bar line at or before the position we use.
            block.barStartQuarters = hostBarStart
                    + Math.floor((block.positionQuarters - hostBarStart) / barLength) * barLength;
        }
    }

    private static double tempoOf(SharedBlock shared, double fallback) {
        double tempo = shared.tempo();
        boolean valid = shared.timePresent() && (shared.timeFlags() & SharedBlock.TEMPO_VALID) != 0;
        return valid && tempo > 0 && tempo < 10_000 ? tempo : fallback;
    }
}
