package dev.downbeat.plugin.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a performance plays, bar by bar, with a stand-in model (the timing, not the model, is under test). */
class PerformanceTest {
    static final int[] PITCHES = {36, 38, 42, 46, 41, 43, 45, 49, 51};
    static final float[] TEMPERATURES = {1.0f, 0.0f, 1.5f, 0.5f, 2.0f, 1.0f, 0.0f, 0.7f};

    private DownbeatInstrument instrument;

    private DownbeatInstrument newInstrument(int randomSeed) {
        instrument = new DownbeatInstrument(FakeStepModel::new, new RecordingVoices());
        instrument.params().set(Param.RANDOM_SEED, randomSeed);
        return instrument;
    }

    @AfterEach
    void close() {
        if (instrument != null) instrument.close();
    }

    /**
     * Plays {@code bars} bars from 0, setting the temperature of bar N in the block holding its
     * downbeat ({@code early}: already a block before) as host automation does.
     */
    static HostSimulator perform(DownbeatInstrument inst, float[] temps, int bars, boolean offline, double speed,
                                 boolean early, long blockSeed) {
        HostSimulator host = new HostSimulator(inst, 48000, 8192);
        host.offline = offline;
        host.speed = speed;
        Random random = new Random(blockSeed);
        inst.params().set(Param.TEMPERATURE, temps[0]);
        if (!offline) waitForOpening(inst, temps[0]);
        while (host.quarters < bars * 4 - 1e-9) {
            int frames = blockSeed < 0 ? 512 : 1 + random.nextInt(2048);
            if (speed > 0) host.pace(); // the automation reaches the plugin just before its block
            double end = host.quarters + frames * host.tempo / 60.0 / host.sampleRate;
            int bar = (int) Math.floor(host.quarters / 4 + 1e-9) + 1;
            double downbeat = bar * 4;
            boolean holdsDownbeat = downbeat < end - 1e-9 || Math.abs(host.quarters - (bar - 1) * 4) < 1e-9;
            int target = Math.abs(host.quarters - (bar - 1) * 4) < 1e-9 ? bar - 1 : bar;
            if (early && target < temps.length) {
                int next = (int) Math.floor(end / 4 + 1e-9) + 1; // set for the bar after the next block already
                if (next < temps.length && next * 4 - end < 4 * 0.5) inst.params().set(Param.TEMPERATURE, temps[next]);
            }
            // Offline the host outruns the worker, which may not have written the next bar ahead
            // yet; wait until it has, so that the change at the downbeat re-samples it every time.
            if (offline && holdsDownbeat && target > 0 && target < temps.length) waitForBarAhead(inst, target);
            if (holdsDownbeat && target < temps.length) inst.params().set(Param.TEMPERATURE, temps[target]);
            host.run(frames);
        }
        return host;
    }

    static void waitForOpening(DownbeatInstrument inst, float temperature) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            Timeline t = inst.timeline();
            if (!t.bars().isEmpty() && t.bars().get(0).temperature() == temperature) return;
            Thread.onSpinWait();
        }
    }

    /** Waits (at most 2 s) until bar {@code number} has been written ahead of the playhead. */
    static void waitForBarAhead(DownbeatInstrument inst, int number) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (inst.timeline().bars().stream().anyMatch(bar -> bar.number() == number)) return;
            Thread.onSpinWait();
        }
    }

    private static void assertBarsAreTheReference(HostSimulator host, int randomSeed, float[] temps) {
        int[][] reference = FakeStepModel.referenceBars(Seed.DEFAULT, 10, randomSeed, temps, 16);
        for (int bar = 0; bar < temps.length; bar++) {
            assertThat(host.eventsOfBar(bar, PITCHES, 0)).as("bar %d at temperature %s", bar, temps[bar])
                    .containsExactly(reference[bar]);
        }
    }

    @Test
    void offlineEveryBarIsSampledAtTheTemperatureInForceAtItsDownbeat() {
        for (long blocks : new long[] {-1, 1, 2}) {
            DownbeatInstrument inst = newInstrument(42);
            HostSimulator host = perform(inst, TEMPERATURES, TEMPERATURES.length, true, 0, false, blocks);
            assertBarsAreTheReference(host, 42, TEMPERATURES);
            assertThat(inst.lateSteps()).isZero();
            assertThat(inst.resampledBars()).as("changes at the downbeat re-sample the bar written ahead").isPositive();
            inst.close();
        }
    }

    @Test
    void inRealTimeABarWrittenAheadAtAnotherTemperatureIsResampledWithoutAGap() {
        DownbeatInstrument inst = newInstrument(7);
        HostSimulator host = perform(inst, TEMPERATURES, TEMPERATURES.length, false, 4, false, -1);
        assertBarsAreTheReference(host, 7, TEMPERATURES);
        assertThat(inst.resampledBars()).isGreaterThanOrEqualTo(5);
        assertThat(inst.lateSteps()).as("steps that found no bar ready").isZero();
    }

    @Test
    void automationArrivingBeforeTheDownbeatIsWrittenAheadAndNeedsNoResampling() {
        DownbeatInstrument inst = newInstrument(11);
        HostSimulator host = perform(inst, TEMPERATURES, TEMPERATURES.length, false, 4, true, -1);
        assertBarsAreTheReference(host, 11, TEMPERATURES);
        assertThat(inst.lateSteps()).isZero();
        assertThat(inst.resampledBars()).isLessThan(3);
    }

    @Test
    void aFixedRandomSeedGivesTheSameBarsAndTemperatureZeroIgnoresTheSeed() {
        float[] hot = {1.5f, 1.5f, 1.5f, 1.5f};
        float[] cold = {0f, 0f, 0f, 0f};
        int[][] a = barsOf(perform(newInstrument(1), hot, 4, true, 0, false, 5));
        close();
        int[][] b = barsOf(perform(newInstrument(1), hot, 4, true, 0, false, 9));
        close();
        int[][] c = barsOf(perform(newInstrument(2), hot, 4, true, 0, false, 5));
        close();
        assertThat(a).isDeepEqualTo(b);
        assertThat(a).isNotEqualTo(c);
        int[][] d = barsOf(perform(newInstrument(1), cold, 4, true, 0, false, 5));
        close();
        int[][] e = barsOf(perform(newInstrument(2), cold, 4, true, 0, false, 5));
        assertThat(d).isDeepEqualTo(e);
    }

    static int[][] barsOf(HostSimulator host) {
        int bars = (int) Math.round(host.quarters / 4);
        int[][] out = new int[bars][];
        for (int i = 0; i < bars; i++) out[i] = host.eventsOfBar(i, PITCHES, 0);
        return out;
    }

    @Test
    void aHostLoopPlaysEveryStepOnceAPassAndLeavesNoNoteHanging() {
        DownbeatInstrument inst = newInstrument(3);
        HostSimulator host = new HostSimulator(inst, 44100, 8192);
        host.offline = true;
        int[] onsPerPass = new int[4];
        for (int pass = 0; pass < 4; pass++) {
            int before = host.noteOns;
            host.quarters = 0;
            while (host.quarters < 8 - 1e-9) host.run(700);
            onsPerPass[pass] = host.noteOns - before;
            assertThat(host.doubleOn).isFalse();
            assertThat(host.strayOff).isFalse();
        }
        // Each pass is a new pair of bars (continue mode), each a full 32 steps: no pass is empty or doubled.
        for (int n : onsPerPass) assertThat(n).isBetween(8, 32 * 9);
        // No two note-ons of one pitch closer than a 16th: no double hits at the jumps.
        long step = 44100 * 60 / 120 / 4;
        for (int i = 0; i < host.noteOns; i++) {
            for (int j = i + 1; j < host.noteOns && host.noteOnFrame[j] - host.noteOnFrame[i] < step - 2; j++) {
                assertThat(host.noteOnPitch[j]).isNotEqualTo(host.noteOnPitch[i]);
            }
        }
        host.playing = false;
        host.run(64);
        assertThat(host.anyHeld()).as("a stop ends every note").isFalse();
    }

    @Test
    void loopModeRepeatsItsBarsAndRegeneratesEveryNBars() {
        DownbeatInstrument inst = newInstrument(5);
        inst.params().set(Param.MODE, Param.MODE_LOOP);
        inst.params().set(Param.LOOP_BARS, 2);
        inst.params().set(Param.REGENERATE_BARS, 4);
        int[][] bars = barsOf(perform(inst, new float[] {1.2f}, 8, true, 0, false, 3));
        assertThat(bars[2]).containsExactly(bars[0]);
        assertThat(bars[3]).containsExactly(bars[1]);
        assertThat(new int[][] {bars[4], bars[5]}).isNotEqualTo(new int[][] {bars[0], bars[1]});
        assertThat(bars[6]).containsExactly(bars[4]);
        assertThat(bars[7]).containsExactly(bars[5]);
    }

    @Test
    void continueModeWritesNewBarsAndLockFreezesTheLastLoopPlayed() {
        DownbeatInstrument inst = newInstrument(9);
        inst.params().set(Param.LOOP_BARS, 2);
        inst.params().set(Param.TEMPERATURE, 1.5f);
        HostSimulator host = new HostSimulator(inst, 48000, 8192);
        host.speed = 8;
        waitForOpening(inst, 1.5f);
        host.runUntil(3 * 4 + 2, 256); // into bar 3
        inst.params().set(Param.LOCK, 1);
        host.runUntil(10 * 4, 256);
        int[][] bars = barsOf(host);
        assertThat(bars[1]).isNotEqualTo(bars[0]);
        // Locked while bar 3 played: bars 2 and 3 repeat from bar 5 on (bar 4 was already written).
        for (int b = 6; b < 10; b++) assertThat(bars[b]).as("bar %d", b).containsExactly(bars[2 + (b - 6) % 2]);
        assertThat(inst.lateSteps()).isZero();
    }

    @Test
    void inThreeFourEveryBarHasTwelveStepsSampledAtItsDownbeatsTemperature() {
        DownbeatInstrument inst = newInstrument(21);
        float[] temps = {1.0f, 0.0f, 1.5f, 0.5f};
        HostSimulator host = new HostSimulator(inst, 44100, 8192);
        host.numerator = 3;
        host.offline = true;
        Random random = new Random(4);
        while (host.quarters < temps.length * 3 - 1e-9) {
            int frames = 1 + random.nextInt(3000);
            double end = host.quarters + frames * host.tempo / 60.0 / host.sampleRate;
            int bar = (int) Math.floor(host.quarters / 3 + 1e-9);
            boolean atDownbeat = Math.abs(host.quarters - bar * 3) < 1e-9;
            int target = atDownbeat ? bar : (int) Math.floor(end / 3 - 1e-9);
            inst.params().set(Param.TEMPERATURE, temps[Math.min(temps.length - 1, target)]);
            host.run(frames);
        }
        int[][] reference = FakeStepModel.referenceBars(Seed.DEFAULT, 10, 21, temps, 12);
        double framesPerQuarter = host.sampleRate * 60.0 / host.tempo;
        int[][] played = new int[temps.length][12];
        for (int i = 0; i < host.noteOns; i++) {
            int step = (int) Math.round(host.noteOnFrame[i] / framesPerQuarter * 4);
            if (step >= temps.length * 12) continue;
            for (int v = 0; v < 9; v++) if (PITCHES[v] == host.noteOnPitch[i]) played[step / 12][step % 12] |= 1 << v;
        }
        for (int b = 0; b < temps.length; b++) assertThat(played[b]).as("3/4 bar %d", b).containsExactly(reference[b]);
        assertThat(inst.lateSteps()).isZero();
    }
}
