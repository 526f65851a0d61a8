package dev.downbeat.plugin.editor;

/** Where a generated bar stands relative to the playhead, as the grid shades it. */
public enum BarState {
    /** Already heard. */
    PLAYED,
    /** Under the playhead now. */
    PLAYING,
    /** Generated ahead, not yet heard; may still be re-sampled. */
    UPCOMING
}
