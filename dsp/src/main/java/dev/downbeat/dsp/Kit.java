package dev.downbeat.dsp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A complete kit: for each of the nine pieces, one or more velocity layers. Immutable, so it may
 * be built on one thread and played on another.
 */
public final class Kit {
    private final String name;
    /** [piece][layer], layers sorted by rising bound, the last bound is 1. */
    private final VelocityLayer[][] layers;

    /**
     * @param layersByPiece every piece must have at least one layer; bounds need not end at 1
     *     (the loudest layer also plays everything above its bound)
     */
    public Kit(String name, Map<KitPiece, List<VelocityLayer>> layersByPiece) {
        this.name = name;
        this.layers = new VelocityLayer[KitPiece.COUNT][];
        List<String> missing = new ArrayList<>();
        for (KitPiece piece : KitPiece.values()) {
            List<VelocityLayer> given = layersByPiece.get(piece);
            if (given == null || given.isEmpty()) {
                missing.add(piece.displayName());
                continue;
            }
            List<VelocityLayer> sorted = new ArrayList<>(given);
            sorted.sort(Comparator.comparingDouble(VelocityLayer::upToVelocity));
            layers[piece.ordinal()] = sorted.toArray(new VelocityLayer[0]);
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("kit '" + name + "' has no sound for: " + String.join(", ", missing));
        }
    }

    private Kit(String name, VelocityLayer[][] layers) {
        this.name = name;
        this.layers = layers;
    }

    /** The bundled kit, synthesized by {@link KitSynthesizer} at 48 kHz on first use. Any thread. */
    public static Kit bundled() {
        return Bundled.KIT;
    }

    private static final class Bundled {
        static final Kit KIT = new KitSynthesizer(KitSynthesizer.NATIVE_RATE).kit();
    }

    public String name() {
        return name;
    }

    /** The layers of {@code piece}, quietest first (a copy). */
    public List<VelocityLayer> layers(KitPiece piece) {
        return List.of(layers[piece.ordinal()]);
    }

    /** The sample for {@code piece} at {@code velocity}; allocation-free, callable on the audio thread. */
    Sample sampleFor(int piece, float velocity) {
        VelocityLayer[] pieceLayers = layers[piece];
        for (VelocityLayer layer : pieceLayers) {
            if (velocity <= layer.upToVelocity()) {
                return layer.sample();
            }
        }
        return pieceLayers[pieceLayers.length - 1].sample();
    }

    /** Length in frames of the longest sample, for tail computations. */
    public double longestSeconds() {
        double longest = 0;
        for (VelocityLayer[] pieceLayers : layers) {
            for (VelocityLayer layer : pieceLayers) {
                longest = Math.max(longest, layer.sample().seconds());
            }
        }
        return longest;
    }

    /** The last conversion, so several engines at one rate (plugin instances, tests) share it. */
    private volatile Kit lastConversion;

    /** This kit with every sample converted to {@code rate}; heavy, never on the audio thread. */
    public Kit resampledTo(double rate) {
        if (isAt(rate)) {
            return this;
        }
        Kit last = lastConversion;
        if (last != null && last.isAt(rate)) {
            return last;
        }
        VelocityLayer[][] converted = new VelocityLayer[KitPiece.COUNT][];
        for (int p = 0; p < KitPiece.COUNT; p++) {
            converted[p] = new VelocityLayer[layers[p].length];
            for (int l = 0; l < layers[p].length; l++) {
                VelocityLayer layer = layers[p][l];
                converted[p][l] = new VelocityLayer(layer.upToVelocity(), layer.sample().resampledTo(rate));
            }
        }
        Kit result = new Kit(name, converted);
        lastConversion = result;
        return result;
    }

    /** True when every sample is at {@code rate}. */
    boolean isAt(double rate) {
        for (VelocityLayer[] pieceLayers : layers) {
            for (VelocityLayer layer : pieceLayers) {
                if (layer.sample().sampleRate() != rate) {
                    return false;
                }
            }
        }
        return true;
    }
}
