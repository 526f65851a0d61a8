package dev.downbeat.plugin.vst2;

import dev.downbeat.plugin.core.ProcessBlock;

/**
 * Turns the host's VstTimeInfo (asked for once per host block) into the transport of one
 * instrument block that starts {@code framesIntoHostBlock} frames later. Audio thread; no allocation.
 */
final class HostTime {
    private HostTime() {
    }

    /**
     * Fills the transport fields of {@code block}. Tempo and meter the host did not report keep their
     * last known values (the block is reused), so a host that reports them only sometimes still plays
     * at the right speed.
     */
    static void apply(SharedBlock shared, long framesIntoHostBlock, double sampleRate, boolean offlineRender,
                      ProcessBlock block) {
        block.offline = offlineRender || shared.offline();
        if (!shared.timePresent()) {
            block.playing = false;
            block.positionValid = false;
            block.barStartValid = false;
            return;
        }
        int flags = shared.timeFlags();
        double tempo = shared.tempo();
        if ((flags & SharedBlock.TEMPO_VALID) != 0 && tempo > 0 && tempo < 10_000) block.tempoBpm = tempo;
        int numerator = shared.timeSigNumerator(), denominator = shared.timeSigDenominator();
        if ((flags & SharedBlock.TIME_SIG_VALID) != 0 && numerator > 0 && numerator <= 64
                && denominator > 0 && denominator <= 64) {
            block.meterNumerator = numerator;
            block.meterDenominator = denominator;
        }
        block.playing = (flags & SharedBlock.TRANSPORT_PLAYING) != 0;
        block.positionValid = (flags & SharedBlock.PPQ_POS_VALID) != 0 && Double.isFinite(shared.ppqPosition());
        double advance = framesIntoHostBlock / sampleRate * block.tempoBpm / 60.0;
        block.positionQuarters = block.positionValid ? shared.ppqPosition() + advance : 0;
        block.barStartValid = block.positionValid && (flags & SharedBlock.BARS_VALID) != 0
                && Double.isFinite(shared.barStart());
        if (block.barStartValid) {
            double barLength = block.meterNumerator * 4.0 / block.meterDenominator;
            double barStart = shared.barStart();
            // A long host block may cross bar lines: the bar start moves with the position.
            if (block.positionQuarters >= barStart + barLength) {
                barStart += Math.floor((block.positionQuarters - barStart) / barLength) * barLength;
            }
            block.barStartQuarters = barStart;
        }
    }
}
