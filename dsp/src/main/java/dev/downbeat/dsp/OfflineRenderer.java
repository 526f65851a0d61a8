package dev.downbeat.dsp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Renders a list of hits through a {@link DrumEngine} into memory, including the ring-out of the
 * last hit and the room, for the command line's {@code --wav} and for tests. Any non-audio thread.
 */
public final class OfflineRenderer {
    /** Block length used for rendering (any length gives the same result). */
    static final int BLOCK = 512;

    private OfflineRenderer() {
    }

    /** Renders {@code hits} with {@code kit} and {@code room} at the seed's default mix. */
    public static StereoBuffer render(List<DrumHit> hits, double sampleRate, Kit kit, ImpulseResponse room) {
        return render(hits, sampleRate, kit, room, BLOCK, mix -> { });
    }

    /** Settings for a render's mixer before the first block. */
    public interface MixSetup {
        void apply(MixControls mix);
    }

    /**
     * Renders {@code hits} in calls of {@code block} frames after {@code setup} adjusted the mixer.
     * The result lasts until the last hit's sample and the room have rung out.
     */
    public static StereoBuffer render(List<DrumHit> hits, double sampleRate, Kit kit, ImpulseResponse room, int block, MixSetup setup) {
        DrumEngine engine = new DrumEngine();
        engine.setKit(kit);
        engine.setRoom(room);
        setup.apply(engine.mix());
        engine.prepare(sampleRate, block);
        List<DrumHit> sorted = new ArrayList<>(hits);
        sorted.sort(Comparator.comparingLong(DrumHit::frame));
        long lastFrame = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1).frame();
        long total = lastFrame + (long) Math.ceil(engine.tailSeconds() * sampleRate) + 1;
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("render too long: " + total + " frames");
        }
        float[] left = new float[(int) total];
        float[] right = new float[(int) total];
        int next = 0;
        for (int start = 0; start < total; start += block) {
            int frames = (int) Math.min(block, total - start);
            while (next < sorted.size() && sorted.get(next).frame() < start + frames) {
                DrumHit hit = sorted.get(next++);
                engine.noteOn(hit.piece(), hit.velocity(), hit.frame() - start);
            }
            engine.process(left, right, start, frames);
        }
        return new StereoBuffer(left, right, sampleRate);
    }
}
