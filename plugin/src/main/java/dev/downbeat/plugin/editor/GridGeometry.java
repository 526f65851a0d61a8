package dev.downbeat.plugin.editor;

import java.awt.Point;
import java.awt.Rectangle;

/**
 * Where every part of the grid sits for a given size and timeline shape: the label column, the
 * header band (bar numbers and temperatures), one row per voice (kick at the bottom), the footer
 * band holding the seed-length marker, and one column per 16th step: the seed's columns, a gap,
 * then the generated bars' columns. Pure arithmetic, immutable; used for painting, for mouse hit
 * tests and by the tests that read the grid back from a screenshot.
 */
public final class GridGeometry {
    /** Columns left empty between the seed and the generated bars. */
    static final int GAP_COLUMNS = 1;

    public final int width, height;
    public final int labelWidth, headerHeight, footerHeight;
    public final int seedColumns, barColumns, stepsPerBar;
    public final double cellWidth, cellHeight;

    public GridGeometry(int width, int height, int labelWidth, int seedColumns, int bars, int stepsPerBar) {
        this.width = width;
        this.height = height;
        this.seedColumns = seedColumns;
        this.stepsPerBar = stepsPerBar;
        this.barColumns = bars * stepsPerBar;
        // Bands scale with the size so the layout stays readable from a small plugin window to 4K.
        this.headerHeight = Math.max(30, (int) Math.round(height * 0.1));
        this.footerHeight = Math.max(16, (int) Math.round(height * 0.06));
        this.labelWidth = labelWidth;
        int columns = seedColumns + GAP_COLUMNS + barColumns;
        this.cellWidth = Math.max(1.0, (width - labelWidth - 4) / (double) columns);
        this.cellHeight = Math.max(1.0, (height - headerHeight - footerHeight) / (double) Voice.ALL.length);
    }

    /** Screen column of a seed step. */
    public int seedColumn(int step) {
        return step;
    }

    /** Screen column of step {@code step} of the {@code barIndex}-th bar in the view. */
    public int barColumn(int barIndex, int step) {
        return seedColumns + GAP_COLUMNS + barIndex * stepsPerBar + step;
    }

    /** Row of a voice on screen: kick at the bottom. */
    public int row(int voice) {
        return Voice.ALL.length - 1 - voice;
    }

    public int columnX(int column) {
        return labelWidth + (int) Math.round(column * cellWidth);
    }

    public int rowY(int row) {
        return headerHeight + (int) Math.round(row * cellHeight);
    }

    /** The cell's rectangle, without the 1-pixel gutter between cells. */
    public Rectangle cell(int column, int voice) {
        int x0 = columnX(column), x1 = columnX(column + 1);
        int y0 = rowY(row(voice)), y1 = rowY(row(voice) + 1);
        return new Rectangle(x0 + 1, y0 + 1, Math.max(1, x1 - x0 - 1), Math.max(1, y1 - y0 - 1));
    }

    /** The centre of a cell, where the pixel tests read its colour. */
    public Point cellCentre(int column, int voice) {
        Rectangle r = cell(column, voice);
        return new Point(r.x + r.width / 2, r.y + r.height / 2);
    }

    /** Column under x, or -1 outside the step columns. */
    public int columnAt(int x) {
        if (x < labelWidth) return -1;
        int c = (int) Math.floor((x - labelWidth) / cellWidth);
        return c < seedColumns + GAP_COLUMNS + barColumns ? c : -1;
    }

    /** Voice under y, or -1 outside the rows. */
    public int voiceAt(int y) {
        if (y < headerHeight || y >= rowY(Voice.ALL.length)) return -1;
        int row = (int) Math.floor((y - headerHeight) / cellHeight);
        return Math.min(Voice.ALL.length - 1, Voice.ALL.length - 1 - row);
    }

    /** The seed step under column c, or -1. */
    public int seedStepAt(int column) {
        return column >= 0 && column < seedColumns ? column : -1;
    }

    /** Index of the bar (in the view's list) under column c, or -1. */
    public int barIndexAt(int column) {
        int c = column - seedColumns - GAP_COLUMNS;
        return column >= 0 && c >= 0 && c < barColumns ? c / stepsPerBar : -1;
    }

    public boolean inHeader(int y) {
        return y >= 0 && y < headerHeight;
    }

    public boolean inFooter(int y) {
        return y >= rowY(Voice.ALL.length) && y < height;
    }

    /** The x of the seed-length marker for a seed of {@code length} steps (the seed's right edge). */
    public int seedMarkerX(int length) {
        return columnX(length);
    }

    /** The seed length a marker dropped at x means, clamped to 1..seedColumns. */
    public int seedLengthAt(int x) {
        int n = (int) Math.round((x - labelWidth) / cellWidth);
        return Math.max(1, Math.min(seedColumns, n));
    }

    public int gridBottom() {
        return rowY(Voice.ALL.length);
    }
}
