package dev.downbeat.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DrumEngineTest {

    static List<Object[]> ratesAndBlocks() {
        List<Object[]> cases = new ArrayList<>();
        for (double rate : new double[] {22050, 44100, 48000, 96000, 192000}) {
            for (int block : new int[] {1, 7, 64, 8192}) {
                cases.add(new Object[] {rate, block});
            }
        }
        return cases;
    }

    /** Renders {@code frames} frames in calls of {@code block}, starting hits at their frames. */
    static float[][] render(DrumEngine engine, List<DrumHit> hits, int frames, int block) {
        float[] left = new float[frames];
        float[] right = new float[frames];
        int next = 0;
        for (int start = 0; start < frames; start += block) {
            int n = Math.min(block, frames - start);
            while (next < hits.size() && hits.get(next).frame() < start + n) {
                DrumHit hit = hits.get(next++);
                engine.noteOn(hit.piece(), hit.velocity(), hit.frame() - start);
            }
            engine.process(left, right, start, n);
        }
        return new float[][] {left, right};
    }

    @ParameterizedTest(name = "{0} Hz, block {1}")
    @MethodSource("ratesAndBlocks")
    void everyHitStartsOnItsExactFrame(double rate, int block) {
        DrumEngine engine = new DrumEngine();
        engine.setKit(TestKits.impulses(rate));
        engine.mix().setReverbMix(0);
        engine.prepare(rate, block);
        Random random = new Random(7);
        List<DrumHit> hits = new ArrayList<>();
        long frame = 3;
        for (int i = 0; i < 60; i++) {
            hits.add(new DrumHit(i % 9, 1f, frame));
            frame += 1 + random.nextInt(900);
        }
        float[][] out = render(engine, hits, (int) frame + 100, block);

        float[] expected = new float[out[0].length];
        for (DrumHit hit : hits) {
            expected[(int) hit.frame()] += PanLaw.left(KitPiece.of(hit.piece()).defaultPan());
        }
        for (int i = 0; i < expected.length; i++) {
            assertThat(out[0][i]).as("left frame %d", i).isCloseTo(expected[i], within(1e-6f));
        }
    }

    @Test
    void bundledKitOnsetsAreExactAtEveryRate() {
        for (double rate : new double[] {22050, 96000}) {
            DrumEngine engine = new DrumEngine();
            engine.prepare(rate, 256);
            float[][] out = render(engine, List.of(new DrumHit(0, 1f, 1000), new DrumHit(7, 1f, 30000)), 40000, 256);
            assertThat(out[0][999]).isZero();
            assertThat(out[0][29999] - out[0][29998]).as("nothing new before the clap").isLessThan(0.05f);
            float firstMs = 0;
            for (int i = 1000; i < 1000 + rate / 1000; i++) {
                firstMs = Math.max(firstMs, Math.abs(out[0][i]));
            }
            assertThat(firstMs).as("the kick is sounding within 1 ms at %s Hz", rate).isGreaterThan(0.01f);
        }
    }

    @Test
    void processAllocatesNothing() {
        DrumEngine engine = new DrumEngine();
        engine.prepare(48000, 256);
        float[] left = new float[256];
        float[] right = new float[256];
        Random random = new Random(3);
        Runnable blocks = () -> {
            for (int b = 0; b < 3000; b++) {
                for (int k = 0; k < 3; k++) {
                    engine.noteOn(random.nextInt(9), 0.2f + 0.8f * random.nextFloat(), random.nextInt(256));
                }
                int n = 1 + (b * 37) % 256;
                engine.process(left, right, 0, n);
            }
        };
        // Compiled code: while tiered compilation settles on a busy machine its transitions
        // allocate a few bytes in some rounds (the interpreted probe above shows the engine itself
        // never does). A path that allocates would allocate in every round, so one clean round
        // among ten proves the compiled engine allocates nothing.
        blocks.run();
        engine.mix().setPan(3, 0.9f);
        engine.mix().setReverbMix(0.5f);
        long fewest = AllocationCount.fewestBytes(blocks, 10);
        assertThat(fewest).as("bytes allocated by 3000 compiled process calls, best round").isZero();
    }

    @Test
    void processAllocatesNothingEvenInterpreted() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process probe = new ProcessBuilder(java, "-Xint", "-cp", System.getProperty("java.class.path"),
                AllocationProbe.class.getName(), "300").redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes()).trim();
        assertThat(probe.waitFor()).as(output).isZero();
        assertThat(output).isEqualTo("allocated 0");
    }

    @Test
    void panLawKeepsPowerAndSidesAreSeparated() {
        for (float pan = -1; pan <= 1.0001f; pan += 0.125f) {
            float l = PanLaw.left(pan), r = PanLaw.right(pan);
            assertThat(l * l + r * r).isCloseTo(1f, within(1e-6f));
        }
        assertThat(PanLaw.left(0)).isCloseTo((float) Math.sqrt(0.5), within(1e-6f));
        assertThat(PanLaw.right(-1)).isCloseTo(0f, within(1e-7f));

        DrumEngine engine = new DrumEngine();
        engine.setKit(TestKits.impulses(48000));
        engine.mix().setReverbMix(0);
        engine.mix().setPan(4, -1f);
        engine.prepare(48000, 64);
        float[][] out = render(engine, List.of(new DrumHit(4, 1f, 10)), 100, 64);
        assertThat(out[0][10]).isCloseTo(1f, within(1e-6f));
        assertThat(out[1][10]).isCloseTo(0f, within(1e-6f));
    }

    @Test
    void seedDefaultsRouteHatsLeftAndThroughTheRoom() {
        DrumEngine engine = new DrumEngine();
        engine.setKit(TestKits.impulses(48000));
        engine.setRoom(TestKits.identityRoom(48000));
        engine.prepare(48000, 64);
        // hat: dry 0.7 plus 0.3 through the identity room = 1.0 overall, at pan -0.5
        float[][] hat = render(engine, List.of(new DrumHit(2, 1f, 5)), 50, 64);
        assertThat(hat[0][5]).isCloseTo(PanLaw.left(-0.5f), within(1e-5f));
        assertThat(hat[0][5]).isGreaterThan(hat[1][5]);
        engine.reset();
        // kick: dry and centred, the room gets nothing
        engine.setRoom(ImpulseResponse.of("late", Sample.mono(delayedImpulse(20), 48000)));
        float[][] kick = render(engine, List.of(new DrumHit(0, 1f, 5)), 200, 64);
        assertThat(kick[0][5]).isCloseTo(PanLaw.left(0), within(1e-5f));
        assertThat(kick[0][25]).isZero();
    }

    private static float[] delayedImpulse(int delay) {
        float[] ir = new float[delay + 1];
        ir[delay] = 1;
        return ir;
    }

    @Test
    void closedHatChokesOpenHat() {
        double rate = 48000;
        DrumEngine engine = new DrumEngine();
        engine.setKit(TestKits.of(rate, piece -> {
            float[] data = new float[48000];
            if (piece == KitPiece.OPEN_HAT) {
                java.util.Arrays.fill(data, 0.5f);
            }
            return data;
        }));
        engine.mix().setReverbMix(0);
        engine.prepare(rate, 128);
        float[][] out = render(engine, List.of(new DrumHit(3, 1f, 100), new DrumHit(2, 1f, 5000)), 20000, 128);
        int fade = (int) Math.round(VoicePool.CHOKE_FADE_SECONDS * rate);
        assertThat(out[0][4999]).as("open hat rings until the closed hat").isCloseTo(0.5f * PanLaw.left(-0.5f), within(1e-5f));
        assertThat(out[0][5000 + fade / 2]).as("half way through the choke").isBetween(0.1f, 0.3f);
        for (int i = 5000 + fade; i < 20000; i++) {
            assertThat(out[0][i]).as("frame %d after the choke", i).isZero();
        }
    }

    @Test
    void stealingTheOldestVoiceDoesNotClick() {
        double rate = 48000;
        DrumEngine engine = new DrumEngine();
        engine.setKit(TestKits.sines(rate, 3, 0.02f, 3));
        engine.mix().setReverbMix(0);
        engine.prepare(rate, 64);
        List<DrumHit> hits = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            hits.add(new DrumHit(0, 1f, 100 + 1013L * i));
        }
        float[][] out = render(engine, hits, 100 + 1013 * 48 + 1000, 64);
        assertThat(engine.activeVoices()).as("polyphony is capped").isEqualTo(VoicePool.POLYPHONY);
        float worstStep = 0;
        for (int i = 1; i < out[0].length; i++) {
            worstStep = Math.max(worstStep, Math.abs(out[0][i] - out[0][i - 1]));
        }
        // a voice cut without a ramp jumps by up to 0.02·0.707 = 0.014 in one frame
        assertThat(worstStep).isLessThan(0.0015f);
    }

    @Test
    void levelChangesAreSmoothed() {
        double rate = 48000;
        DrumEngine engine = new DrumEngine();
        engine.setKit(TestKits.of(rate, piece -> {
            float[] data = new float[48000];
            java.util.Arrays.fill(data, 0.5f);
            return data;
        }));
        engine.mix().setReverbMix(0);
        engine.prepare(rate, 64);
        float[] left = new float[64];
        float[] right = new float[64];
        engine.noteOn(0, 1f, 0);
        engine.process(left, right, 0, 64);
        engine.mix().setMasterLevel(0f);
        float previous = left[63];
        int frames = 0;
        float worstStep = 0;
        while (frames < 2000) {
            engine.process(left, right, 0, 64);
            for (int i = 0; i < 64; i++) {
                worstStep = Math.max(worstStep, Math.abs(left[i] - previous));
                previous = left[i];
            }
            frames += 64;
        }
        assertThat(previous).isZero();
        assertThat(worstStep).isLessThan(0.5f * 0.7072f / (float) (DrumEngine.SMOOTHING_SECONDS * rate) * 1.01f);
    }

    @Test
    void velocityChangesLevelAndBundledLayersChangeTone() {
        DrumEngine engine = new DrumEngine();
        engine.setKit(TestKits.impulses(48000));
        engine.mix().setReverbMix(0);
        engine.prepare(48000, 64);
        float[][] out = render(engine, List.of(new DrumHit(0, 1f, 0), new DrumHit(0, 0.5f, 100)), 200, 64);
        assertThat(out[0][100] / out[0][0]).isCloseTo(DrumEngine.velocityGain(0.5f), within(1e-5f));
        assertThat(DrumEngine.velocityGain(0.5f)).isLessThan(0.5f);
        Kit kit = Kit.bundled();
        assertThat(kit.sampleFor(1, 0.2f)).isNotSameAs(kit.sampleFor(1, 1f));
    }

    @Test
    void notesBeyondTheBlockCarryOverAndBadNotesAreDropped() {
        DrumEngine engine = new DrumEngine();
        engine.setKit(TestKits.impulses(48000));
        engine.mix().setReverbMix(0);
        engine.prepare(48000, 64);
        engine.noteOn(0, 1f, 150);
        engine.noteOn(42, 1f, 0);
        engine.noteOn(0, Float.NaN, 0);
        float[] left = new float[192];
        float[] right = new float[192];
        for (int b = 0; b < 3; b++) {
            engine.process(left, right, 64 * b, 64);
        }
        assertThat(left[150]).isCloseTo(PanLaw.left(0), within(1e-6f));
        assertThat(engine.droppedNotes()).isEqualTo(2);
    }

    @Test
    void kitAndRoomSwapFromAnotherThreadAtABlockBoundary() throws Exception {
        DrumEngine engine = new DrumEngine();
        engine.setKit(TestKits.impulses(48000));
        engine.mix().setReverbMix(0);
        engine.prepare(48000, 64);
        Kit louder = TestKits.of(48000, piece -> new float[] {0.25f, 0, 0});
        Thread loader = new Thread(() -> engine.setKit(louder));
        loader.start();
        loader.join();
        float[][] out = render(engine, List.of(new DrumHit(0, 1f, 3)), 64, 64);
        assertThat(out[0][3]).isCloseTo(0.25f * PanLaw.left(0), within(1e-6f));
        assertThat(engine.kit()).isSameAs(louder);
    }
}
