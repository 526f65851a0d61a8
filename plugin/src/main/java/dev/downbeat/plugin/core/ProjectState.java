package dev.downbeat.plugin.core;

import java.util.List;
import java.util.Map;

/**
 * Everything a project recalls of one Downbeat: parameters by stable id (plain values), the seed,
 * the output note map, kit, room and model paths (empty: bundled), and the bars frozen by Lock.
 * Immutable.
 *
 * @param modelChecksum SHA-256 (hex) of the chosen model's files ({@link ModelChecksum}), empty for the bundled model
 *                      or a state saved before version 2
 * @param lockedBars events per bar of the locked loop, or an empty list when not locked
 */
public record ProjectState(Map<String, Float> params, Seed seed, int[] outputPitches, String kitPath,
                           String roomPath, String modelPath, String modelChecksum, List<int[]> lockedBars) {
    /** A state without a model checksum (the bundled model, or written before checksums). */
    public ProjectState(Map<String, Float> params, Seed seed, int[] outputPitches, String kitPath, String roomPath,
                        String modelPath, List<int[]> lockedBars) {
        this(params, seed, outputPitches, kitPath, roomPath, modelPath, "", lockedBars);
    }

    public ProjectState {
        params = Map.copyOf(params);
        outputPitches = outputPitches.clone();
        lockedBars = List.copyOf(lockedBars);
    }
}
