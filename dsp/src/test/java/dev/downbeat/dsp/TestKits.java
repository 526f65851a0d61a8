package dev.downbeat.dsp;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Kits made of known signals, so tests can predict the engine's output exactly. */
final class TestKits {
    private TestKits() {
    }

    static Kit of(double rate, Function<KitPiece, float[]> sound) {
        Map<KitPiece, List<VelocityLayer>> layers = new EnumMap<>(KitPiece.class);
        for (KitPiece piece : KitPiece.values()) {
            layers.put(piece, List.of(new VelocityLayer(1f, Sample.mono(sound.apply(piece), rate))));
        }
        return new Kit("test", layers);
    }

    /** Every piece is a unit impulse followed by silence. */
    static Kit impulses(double rate) {
        return of(rate, piece -> {
            float[] data = new float[64];
            data[0] = 1;
            return data;
        });
    }

    /** Every piece is a slow sine of {@code seconds}, starting at phase 0 (no onset step). */
    static Kit sines(double rate, double hz, float amplitude, double seconds) {
        return of(rate, piece -> {
            float[] data = new float[(int) (rate * seconds)];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
            }
            return data;
        });
    }

    /** A one-sample impulse response: the reverb returns its input unchanged. */
    static ImpulseResponse identityRoom(double rate) {
        return ImpulseResponse.of("identity", Sample.mono(new float[] {1f}, rate));
    }
}
