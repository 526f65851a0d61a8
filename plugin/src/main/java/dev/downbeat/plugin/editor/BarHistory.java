package dev.downbeat.plugin.editor;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Every bar of the current performance the editor has seen, in its latest version (an upcoming bar
 * re-sampled before it played is kept as it played), so "export all" means the whole take, not
 * only the bars still in view. A new take (the playhead starts over at a lower bar) starts a new
 * history. Keeps at most {@value #LIMIT} bars, dropping the oldest. Swing thread.
 */
final class BarHistory {
    static final int LIMIT = 1024;

    private final TreeMap<Long, BarView> bars = new TreeMap<>();
    private long lastPlayhead = -1;

    /**
     * Takes in one snapshot. While stopped after a take, the take stays as it was (the next opening
     * bar is not part of it); before the first take, the history is simply what the view shows.
     */
    void record(GridView view) {
        long playhead = view.playheadBar();
        if (playhead < 0) {
            if (lastPlayhead >= 0) return;
            bars.clear();
        }
        if (playhead >= 0 && playhead < lastPlayhead) bars.clear();
        if (playhead >= 0) lastPlayhead = playhead;
        for (BarView b : view.bars()) bars.put(b.number(), b);
        while (bars.size() > LIMIT) bars.pollFirstEntry();
    }

    /** The bars of this take so far (played, playing and written ahead), in order. */
    List<BarView> all() {
        return new ArrayList<>(bars.values());
    }
}
