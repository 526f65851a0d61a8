package dev.downbeat.plugin.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import java.util.stream.Stream;

class StepClockTest {

    /** Drives a clock like a host and records (absolute frame, step in bar) of every step. */
    static final class Transport {
        final StepClock clock;
        final ProcessBlock block = new ProcessBlock(8192, 16);
        final double rate;
        double tempo = 120, quarters;
        int numerator = 4, denominator = 4;
        long frame;
        double swing;
        final List<long[]> steps = new ArrayList<>();
        int starts, relocations, stops;

        Transport(double rate) {
            this.rate = rate;
            clock = new StepClock(StepClock.capacityFor(rate, 8192));
        }

        void block(int frames, double reportedQuarters, boolean playing) {
            block.frames = frames;
            block.playing = playing;
            block.positionQuarters = reportedQuarters;
            block.positionValid = true;
            double bar = numerator * 4.0 / denominator;
            block.barStartQuarters = Math.floor(reportedQuarters / bar + 1e-9) * bar;
            block.barStartValid = true;
            block.tempoBpm = tempo;
            block.meterNumerator = numerator;
            block.meterDenominator = denominator;
            clock.advance(block, rate, swing);
            for (int i = 0; i < clock.count(); i++) {
                steps.add(new long[] {frame + clock.frame(i), clock.stepInBar(i), clock.stepsInBar(i)});
                if (i > 0) assertThat(clock.frame(i)).isGreaterThanOrEqualTo(clock.frame(i - 1));
                assertThat(clock.frame(i)).isBetween(0, frames - 1);
            }
            if (clock.started()) starts++;
            if (clock.relocated()) relocations++;
            if (clock.stopped()) stops++;
            frame += frames;
            if (playing) quarters = reportedQuarters + frames * tempo / 60.0 / rate;
        }

        void play(int frames) {
            block(frames, quarters, true);
        }
    }

    static long idealFrame(int step, double tempo, double rate) {
        return (long) Math.ceil(step * 0.25 / (tempo / 60.0 / rate) - 1e-6);
    }

    static Stream<Arguments> sizesAndRates() {
        List<Arguments> all = new ArrayList<>();
        for (double rate : new double[] {22050, 44100, 48000, 88200, 96000, 192000}) {
            for (int size : new int[] {1, 7, 64, 127, 256, 1000, 4096, 8192, -1}) {
                for (double tempo : new double[] {120, 97.3, 174}) all.add(Arguments.of(rate, size, tempo));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} Hz, block {1} (-1 random), {2} bpm")
    @MethodSource("sizesAndRates")
    void everyStepLandsOnItsExactFrameAtAnyBlockSizeAndRate(double rate, int size, double tempo) {
        Transport t = new Transport(rate);
        t.tempo = tempo;
        Random random = new Random(7);
        double seconds = size == 1 ? 1.2 : 6;
        long end = (long) (seconds * rate);
        while (t.frame < end) {
            int frames = size > 0 ? size : 1 + random.nextInt(8192);
            // The host computes its position from its own sample counter, as real hosts do.
            t.block(frames, t.frame * tempo / 60.0 / rate, true);
        }
        int expected = 0;
        while (idealFrame(expected, tempo, rate) < t.frame) expected++;
        assertThat(t.steps).hasSize(expected);
        for (int n = 0; n < expected; n++) {
            assertThat(t.steps.get(n)[0]).as("frame of step %d", n).isEqualTo(idealFrame(n, tempo, rate));
            assertThat(t.steps.get(n)[1]).as("step in bar").isEqualTo(n % 16);
        }
        assertThat(t.starts).isEqualTo(1);
        assertThat(t.relocations).isZero();
    }

    @Test
    void aPositionJitteringByASampleNeitherRepeatsNorSkipsASteps() {
        Transport t = new Transport(48000);
        Random random = new Random(3);
        double perFrame = 120 / 60.0 / 48000;
        while (t.frame < 48000 * 8) {
            int jitter = random.nextInt(3) - 1;
            t.block(64 + random.nextInt(200), (t.frame + jitter) * perFrame, true);
        }
        int expected = 0;
        while (idealFrame(expected, 120, 48000) < t.frame) expected++;
        assertThat(t.steps).hasSize(expected);
        for (int n = 0; n < expected; n++) {
            assertThat(t.steps.get(n)[0]).isBetween(idealFrame(n, 120, 48000) - 2, idealFrame(n, 120, 48000) + 2);
            assertThat(t.steps.get(n)[1]).isEqualTo(n % 16);
        }
        assertThat(t.relocations).isZero();
    }

    @Test
    void aLoopJumpBackPlaysTheLoopStartOnceWithNoBurstOfTheStepsJumpedOver() {
        Transport t = new Transport(48000);
        // Play bars 0..1 twice (a host loop of 8 quarters), landing one sample late on the second pass.
        while (t.quarters < 8 - 1e-9) t.block((int) Math.min(300, Math.ceil((8 - t.quarters) / (120 / 60.0 / 48000))), t.quarters, true);
        int firstPass = t.steps.size();
        assertThat(firstPass).isEqualTo(32);
        t.block(300, 1 * 120 / 60.0 / 48000, true); // one sample after the loop start
        assertThat(t.relocations).isEqualTo(1);
        assertThat(t.steps.get(32)[1]).as("downbeat after the jump").isZero();
        assertThat(t.steps.get(32)[0]).isEqualTo(t.frame - 300); // at the block's first frame
        long loopStartFrame = t.frame - 300;
        while (t.quarters < 8 - 1e-9) t.play(300);
        long secondPassEnd = loopStartFrame + 8 * 24000 - 1; // 8 quarters from one sample after the loop start
        assertThat(t.steps.stream().filter(s -> s[0] < secondPassEnd)).hasSize(64);
        for (int n = 32; n < 64; n++) assertThat(t.steps.get(n)[1]).isEqualTo((n - 32) % 16);
    }

    @Test
    void aJumpForwardStartsAtTheNewPlaceWithoutTheSkippedSteps() {
        Transport t = new Transport(44100);
        t.play(4410);
        int before = t.steps.size();
        t.block(4410, 10.1, true); // jump to beat 10.1: next step is 10.25
        assertThat(t.relocations).isEqualTo(1);
        assertThat(t.steps.size() - before).isEqualTo(1);
        long[] s = t.steps.get(before);
        assertThat(s[1]).isEqualTo(9); // 10.25 quarters = bar 2, step 9 (41 mod 16)
    }

    @Test
    void stopAndStartAreReportedAndNothingFiresWhileStopped() {
        Transport t = new Transport(48000);
        t.play(24000);
        int n = t.steps.size();
        t.block(24000, t.quarters, false);
        assertThat(t.stops).isEqualTo(1);
        assertThat(t.steps).hasSize(n);
        t.block(24000, 0, true);
        assertThat(t.starts).isEqualTo(2);
        assertThat(t.steps.get(n)[1]).isZero();
        assertThat(t.steps.get(n)[0]).isEqualTo(t.frame - 24000);
    }

    @Test
    void aTempoChangeMidBarMovesTheFollowingStepsToTheNewTempo() {
        Transport t = new Transport(48000);
        while (t.quarters < 2 - 1e-9) t.play(100); // two beats at 120 (1 s)
        long changeFrame = t.frame;
        double changeQuarters = t.quarters;
        t.tempo = 60;
        while (t.quarters < 4 - 1e-9) t.play(100);
        List<long[]> after = t.steps.stream().filter(s -> s[0] >= changeFrame).toList();
        assertThat(after).hasSize(8);
        for (int i = 0; i < after.size(); i++) {
            long ideal = changeFrame + (long) Math.ceil((changeQuarters + i * 0.25 - changeQuarters) / (60 / 60.0 / 48000) - 1e-6);
            assertThat(after.get(i)[0]).isBetween(ideal - 1, ideal + 1);
            assertThat(after.get(i)[1]).isEqualTo(8 + i);
        }
    }

    @Test
    void aThreeFourBarHasTwelveStepsAndSixEightToo() {
        for (int[] meter : new int[][] {{3, 4}, {6, 8}, {7, 8}}) {
            Transport t = new Transport(48000);
            t.numerator = meter[0];
            t.denominator = meter[1];
            int steps = meter[0] * 16 / meter[1];
            double threeBars = 3 * t.numerator * 4.0 / t.denominator;
            while (t.quarters < threeBars - 1e-9) t.play(512);
            t.steps.removeIf(s -> s[0] >= idealFrame((int) Math.round(threeBars * 4), 120, 48000));
            assertThat(t.steps).hasSize(3 * steps);
            for (int n = 0; n < t.steps.size(); n++) {
                assertThat(t.steps.get(n)[1]).isEqualTo(n % steps);
                assertThat(t.steps.get(n)[2]).isEqualTo(steps);
            }
        }
    }

    @Test
    void swingDelaysTheOffbeatSixteenthsOnly() {
        Transport t = new Transport(48000);
        t.swing = 1 / 3.0; // triplet feel
        while (t.quarters < 4 - 1e-9) t.play(333);
        t.steps.removeIf(s -> s[0] >= 96000);
        double framesPerStep = 48000 * 60 / 120.0 / 4;
        assertThat(t.steps).hasSize(16);
        for (int n = 0; n < 16; n++) {
            double ideal = n * framesPerStep + (n % 2 == 1 ? framesPerStep / 3 : 0);
            assertThat((double) t.steps.get(n)[0]).isCloseTo(ideal, org.assertj.core.data.Offset.offset(1.0));
        }
    }
}
