package dev.downbeat.plugin.editor;

import java.awt.Color;

/**
 * The grid's palette. Each cell state has its own colour, far enough from the others that a test
 * can tell them apart by reading one pixel of a screenshot.
 */
public final class GridColors {
    private GridColors() {
    }

    public static final Color BACKGROUND = new Color(0x1b1c1f);
    public static final Color LABEL = new Color(0xc8ccd4);
    public static final Color CELL_OFF = new Color(0x2c2f35);
    /** A seed step beyond the seed length: kept, but not used. */
    public static final Color SEED_UNUSED_OFF = new Color(0x222326);
    public static final Color SEED_ON = new Color(0xff9f1c);
    public static final Color SEED_UNUSED_ON = new Color(0x6e4a17);
    public static final Color PLAYED_ON = new Color(0x3d6fb8);
    public static final Color PLAYING_ON = new Color(0x56c2ff);
    public static final Color UPCOMING_ON = new Color(0x8a6cd8);
    public static final Color BEAT_LINE = new Color(0x3b3f47);
    public static final Color BAR_LINE = new Color(0x6b7080);
    public static final Color PLAYHEAD = new Color(0xffffff);
    public static final Color SEED_MARKER = new Color(0xffc266);
    public static final Color SELECTED_HEADER = new Color(0x34506e);
    public static final Color RESAMPLED = new Color(0xe0d060);
}
