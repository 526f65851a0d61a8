package dev.downbeat.plugin.core;

import java.util.List;
import java.util.Map;

/**
 * Everything a project recalls of one Downbeat: parameters by stable id (plain values), the seed,
 * the output note map, kit, room and model paths (empty: bundled), and the bars frozen by Lock.
 * Immutable.
 *
 * @param lockedBars events per bar of the locked loop, or an empty list when not locked
 */
public record ProjectState(Map<String, Float> params, Seed seed, int[] outputPitches, String kitPath,
                           String roomPath, String modelPath, List<int[]> lockedBars) {
    public ProjectState {
        params = Map.copyOf(params);
        outputPitches = outputPitches.clone();
        lockedBars = List.copyOf(lockedBars);
    }
}
