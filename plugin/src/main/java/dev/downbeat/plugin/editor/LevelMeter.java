package dev.downbeat.plugin.editor;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics;
import javax.swing.JComponent;

/**
 * Two horizontal bars showing the output peak in dB (-60..+6), with a falling peak hold and red
 * above 0 dB. Swing thread.
 */
final class LevelMeter extends JComponent {
    private static final float FLOOR_DB = -60, CEILING_DB = 6;
    /** How fast the shown level falls, in dB per update (30 ms): about 20 dB a second. */
    private static final float FALL_DB = 0.6f;

    private final float[] shownDb = {FLOOR_DB, FLOOR_DB};
    private boolean clipped;

    LevelMeter() {
        setToolTipText("Output level");
    }

    @Override
    public Dimension getPreferredSize() {
        return new Dimension(160, 18);
    }

    void update(EditorSession.Levels levels) {
        float l = toDb(levels.left()), r = toDb(levels.right());
        boolean changed = false;
        float[] next = {Math.max(l, shownDb[0] - FALL_DB), Math.max(r, shownDb[1] - FALL_DB)};
        for (int i = 0; i < 2; i++) {
            next[i] = Math.max(FLOOR_DB, next[i]);
            if (next[i] != shownDb[i]) changed = true;
            shownDb[i] = next[i];
        }
        if (levels.left() > 1 || levels.right() > 1) clipped = true;
        if (changed) repaint();
    }

    private static float toDb(float linear) {
        return linear <= 1e-6f ? FLOOR_DB : (float) (20 * Math.log10(linear));
    }

    @Override
    protected void paintComponent(Graphics g) {
        int w = getWidth(), h = getHeight(), half = h / 2;
        g.setColor(GridColors.CELL_OFF);
        g.fillRect(0, 0, w, h);
        int zero = (int) (w * (0 - FLOOR_DB) / (CEILING_DB - FLOOR_DB));
        for (int i = 0; i < 2; i++) {
            int len = (int) (w * (shownDb[i] - FLOOR_DB) / (CEILING_DB - FLOOR_DB));
            g.setColor(GridColors.PLAYING_ON);
            g.fillRect(0, i * half + 1, Math.min(len, zero), half - 2);
            if (len > zero) {
                g.setColor(new Color(0xff4040));
                g.fillRect(zero, i * half + 1, len - zero, half - 2);
            }
        }
        g.setColor(clipped ? new Color(0xff4040) : GridColors.BAR_LINE);
        g.fillRect(zero, 0, 1, h);
    }
}
