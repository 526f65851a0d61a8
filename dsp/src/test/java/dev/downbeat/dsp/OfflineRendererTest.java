package dev.downbeat.dsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfflineRendererTest {
    static List<DrumHit> seedBeat(double rate) {
        // the seed pattern at 120 BPM, 16ths: [0,2] [0] [2,5,8] [] [2,5,8] [] [0,2,5,8] [4,5,8] [] [0,5,8]
        int[][] steps = {{0, 2}, {0}, {2, 5, 8}, {}, {2, 5, 8}, {}, {0, 2, 5, 8}, {4, 5, 8}, {}, {0, 5, 8}};
        List<DrumHit> hits = new ArrayList<>();
        for (int s = 0; s < steps.length; s++) {
            for (int piece : steps[s]) {
                hits.add(new DrumHit(piece, 0.8f, Math.round(s * 0.125 * rate)));
            }
        }
        return hits;
    }

    @Test
    void theRenderDoesNotDependOnTheBlockSizeAndIsDeterministic() {
        List<DrumHit> hits = seedBeat(44100);
        StereoBuffer big = OfflineRenderer.render(hits, 44100, Kit.bundled(), ImpulseResponse.defaultRoom(), 4096, mix -> { });
        StereoBuffer small = OfflineRenderer.render(hits, 44100, Kit.bundled(), ImpulseResponse.defaultRoom(), 61, mix -> { });
        StereoBuffer again = OfflineRenderer.render(hits, 44100, Kit.bundled(), ImpulseResponse.defaultRoom(), 4096, mix -> { });
        assertThat(again.left()).containsExactly(big.left());
        assertThat(small.frames()).isEqualTo(big.frames());
        float worst = 0;
        for (int i = 0; i < big.frames(); i++) {
            worst = Math.max(worst, Math.max(Math.abs(big.left()[i] - small.left()[i]), Math.abs(big.right()[i] - small.right()[i])));
        }
        assertThat(worst).as("difference between block sizes 4096 and 61").isLessThan(1e-5f);
    }

    @Test
    void theTailRingsOutAndTheMixHasHeadroom() {
        StereoBuffer audio = OfflineRenderer.render(seedBeat(48000), 48000, Kit.bundled(), ImpulseResponse.defaultRoom());
        double lastHit = 9 * 0.125;
        assertThat(audio.seconds()).isGreaterThan(lastHit + ImpulseResponse.defaultRoom().seconds());
        int end = audio.frames();
        float lastTenMs = 0;
        for (int i = end - 480; i < end; i++) {
            lastTenMs = Math.max(lastTenMs, Math.abs(audio.left()[i]));
        }
        assertThat(lastTenMs).as("silent at the very end").isLessThan(1e-4f);
        assertThat(audio.peak()).as("the seed beat does not clip").isBetween(0.2f, 1.0f);
        // the room is there: with it the late part of the beat carries more energy than dry
        StereoBuffer dry = OfflineRenderer.render(seedBeat(48000), 48000, Kit.bundled(), ImpulseResponse.defaultRoom(), 512,
                mix -> mix.setReverbMix(0));
        double wetTail = Spectra.energy(audio.right(), 48000, lastHit + 0.25, lastHit + 0.5);
        double dryTail = Spectra.energy(dry.right(), 48000, lastHit + 0.25, lastHit + 0.5);
        assertThat(wetTail).isGreaterThan(1.2 * dryTail);
    }
}
