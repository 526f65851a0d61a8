package dev.downbeat.plugin.editor;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Cursor;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.swing.JComponent;

/**
 * The step grid: one column per 16th step, one row per voice (kick at the bottom), the seed on the
 * left (click a cell to toggle it, drag the marker below the grid to set the seed length), then the
 * generated bars (played, playing, upcoming), each headed by its number and the temperature it was
 * sampled at; click bar headers to select bars for MIDI export.
 *
 * <p>Swing thread only: all fields are owned by the Swing thread.
 */
public final class DrumGrid extends JComponent {

    /** Receives the musician's seed edits. */
    public interface SeedListener {
        void seedEdited(int[] seed, int seedLength);
    }

    private static final long RESAMPLE_FLASH_MS = 800;

    private final SeedListener listener;
    private GridView view;
    /** The edit not yet reflected by the session's view, shown meanwhile so clicks feel instant. */
    private int[] pendingSeed;
    private int pendingLength;
    private final TreeSet<Long> selected = new TreeSet<>();
    private long selectionAnchor = -1;
    /** When each upcoming bar was last seen re-sampled (bar number → millis). */
    private final Map<Long, Long> resampledAt = new HashMap<>();
    private Map<Long, BarView> lastBars = Map.of();
    private Runnable selectionListener = () -> { };

    public DrumGrid(GridView initial, SeedListener listener) {
        this.view = initial;
        this.listener = listener;
        this.lastBars = byNumber(initial);
        setOpaque(true);
        setFocusable(true);
        setToolTipText("");
        Mouse mouse = new Mouse();
        addMouseListener(mouse);
        addMouseMotionListener(mouse);
    }

    @Override
    public Dimension getPreferredSize() {
        return new Dimension(960, 300);
    }

    @Override
    public Dimension getMinimumSize() {
        return new Dimension(480, 180);
    }

    private static Map<Long, BarView> byNumber(GridView view) {
        Map<Long, BarView> bars = new HashMap<>();
        for (BarView b : view.bars()) bars.put(b.number(), b);
        return bars;
    }

    /** Shows a new snapshot; repaints only when it differs from the one shown. */
    public void show(GridView next) {
        if (next.equals(view)) return;
        long now = System.currentTimeMillis();
        Map<Long, BarView> bars = byNumber(next);
        for (BarView b : next.bars()) {
            BarView before = lastBars.get(b.number());
            if (before != null && b.state() == BarState.UPCOMING && !java.util.Arrays.equals(before.steps(), b.steps()))
                resampledAt.put(b.number(), now);
        }
        resampledAt.keySet().retainAll(bars.keySet());
        lastBars = bars;
        view = next;
        if (pendingSeed != null && java.util.Arrays.equals(next.seed(), pendingSeed) && next.seedLength() == pendingLength)
            pendingSeed = null;
        repaint();
    }

    public GridView view() {
        return view;
    }

    public void onSelectionChanged(Runnable r) {
        selectionListener = r;
    }

    /** The selected bars still in view, oldest first; empty when none is selected. */
    public List<BarView> selectedBars() {
        List<BarView> out = new ArrayList<>();
        for (BarView b : view.bars()) if (selected.contains(b.number())) out.add(b);
        return out;
    }

    public void clearSelection() {
        selected.clear();
        selectionListener.run();
        repaint();
    }

    /** The layout for the current size and view. */
    public GridGeometry geometry() {
        Font f = labelFont(getHeight());
        int label = getFontMetrics(f).stringWidth("Closed hat") + 14;
        return new GridGeometry(getWidth(), getHeight(), label, view.seedCapacity(), view.bars().size(), view.stepsPerBar());
    }

    private int[] shownSeed() {
        return pendingSeed != null ? pendingSeed : view.seed();
    }

    private int shownLength() {
        return pendingSeed != null ? pendingLength : view.seedLength();
    }

    private void edit(int[] seed, int length) {
        pendingSeed = seed;
        pendingLength = length;
        repaint();
        listener.seedEdited(seed.clone(), length);
    }

    @Override
    protected void paintComponent(Graphics g0) {
        Graphics2D g = (Graphics2D) g0.create();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            GridGeometry geo = geometry();
            g.setColor(GridColors.BACKGROUND);
            g.fillRect(0, 0, getWidth(), getHeight());
            paintLabels(g, geo);
            paintSeed(g, geo);
            paintBars(g, geo);
            paintPlayhead(g, geo);
            paintSeedMarker(g, geo);
        } finally {
            g.dispose();
        }
    }

    /** The text size for a grid of this height: readable in a small plugin window, not shouting at full screen. */
    private Font labelFont(int height) {
        float size = Math.max(10f, Math.min(height / 26f, 18f));
        Font base = getFont() != null ? getFont() : new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        return base.deriveFont(size);
    }

    private Font font(GridGeometry geo, float scale) {
        return labelFont(geo.height).deriveFont(labelFont(geo.height).getSize2D() * scale);
    }

    private void paintLabels(Graphics2D g, GridGeometry geo) {
        g.setFont(font(geo, 1f));
        FontMetrics fm = g.getFontMetrics();
        g.setColor(GridColors.LABEL);
        for (Voice v : Voice.ALL) {
            int y = geo.rowY(geo.row(v.ordinal()));
            int baseline = y + (int) ((geo.cellHeight + fm.getAscent() - fm.getDescent()) / 2);
            g.drawString(v.label, geo.labelWidth - 6 - fm.stringWidth(v.label), baseline);
        }
    }

    private void paintSeed(Graphics2D g, GridGeometry geo) {
        int[] seed = shownSeed();
        int length = shownLength();
        for (int step = 0; step < seed.length; step++) {
            boolean used = step < length;
            for (int voice = 0; voice < Voice.ALL.length; voice++) {
                boolean hit = (seed[step] & (1 << voice)) != 0;
                Color c = hit ? (used ? GridColors.SEED_ON : GridColors.SEED_UNUSED_ON)
                        : (used ? GridColors.CELL_OFF : GridColors.SEED_UNUSED_OFF);
                fillCell(g, geo, geo.seedColumn(step), voice, c);
            }
        }
        paintStepLines(g, geo, 0, seed.length);
        g.setFont(font(geo, 1f).deriveFont(Font.BOLD));
        g.setColor(GridColors.SEED_ON);
        int y = g.getFontMetrics().getAscent() + 2;
        g.drawString("Seed", geo.columnX(0) + 2, y);
        g.setFont(font(geo, 0.9f));
        g.setColor(GridColors.LABEL);
        g.drawString(length + (length == 1 ? " step" : " steps"), geo.columnX(0) + 2, y + g.getFontMetrics().getHeight());
    }

    private void paintBars(Graphics2D g, GridGeometry geo) {
        List<BarView> bars = view.bars();
        long now = System.currentTimeMillis();
        boolean flashing = false;
        for (int i = 0; i < bars.size(); i++) {
            BarView bar = bars.get(i);
            int x0 = geo.columnX(geo.barColumn(i, 0));
            int x1 = geo.columnX(geo.barColumn(i, 0) + view.stepsPerBar());
            if (selected.contains(bar.number())) {
                g.setColor(GridColors.SELECTED_HEADER);
                g.fillRect(x0, 0, x1 - x0, geo.headerHeight - 1);
            }
            Color on = switch (bar.state()) {
                case PLAYED -> GridColors.PLAYED_ON;
                case PLAYING -> GridColors.PLAYING_ON;
                case UPCOMING -> GridColors.UPCOMING_ON;
            };
            for (int step = 0; step < Math.min(bar.length(), view.stepsPerBar()); step++)
                for (int voice = 0; voice < Voice.ALL.length; voice++)
                    fillCell(g, geo, geo.barColumn(i, step), voice, bar.hit(step, voice) ? on : GridColors.CELL_OFF);
            paintStepLines(g, geo, geo.barColumn(i, 0), view.stepsPerBar());
            // Header: number, temperature, and what the bar is.
            g.setFont(font(geo, 1f).deriveFont(Font.BOLD));
            FontMetrics fm = g.getFontMetrics();
            int y = fm.getAscent() + 2, room = x1 - x0 - 8;
            g.setColor(bar.state() == BarState.UPCOMING ? GridColors.UPCOMING_ON : GridColors.LABEL);
            String title = "Bar " + (bar.number() + 1);
            String state = switch (bar.state()) {
                case PLAYED -> " played";
                case PLAYING -> " playing";
                case UPCOMING -> " upcoming";
            };
            g.drawString(fits(fm, title + state, room) ? title + state : title, x0 + 4, y);
            g.setFont(font(geo, 0.9f));
            fm = g.getFontMetrics();
            Long flash = resampledAt.get(bar.number());
            boolean fresh = flash != null && now - flash < RESAMPLE_FLASH_MS;
            flashing |= fresh;
            g.setColor(fresh ? GridColors.RESAMPLED : GridColors.LABEL);
            String temperature = String.format(java.util.Locale.ROOT, "T %.2f", bar.temperature());
            String line = fresh ? temperature + (fits(fm, temperature + "  re-sampled", room) ? "  re-sampled" : " \u21BB") : temperature;
            g.drawString(line, x0 + 4, y + fm.getHeight());
        }
        if (flashing) repaint(RESAMPLE_FLASH_MS / 4);
    }

    private static boolean fits(FontMetrics fm, String text, int width) {
        return fm.stringWidth(text) <= width;
    }

    /** Beat lines inside a run of steps and bar lines at its ends. */
    private void paintStepLines(Graphics2D g, GridGeometry geo, int firstColumn, int steps) {
        int top = geo.headerHeight, bottom = geo.gridBottom();
        for (int s = 0; s <= steps; s++) {
            boolean barLine = s % view.stepsPerBar() == 0;
            boolean beatLine = s % view.stepsPerBeat() == 0;
            if (!barLine && !beatLine) continue;
            int x = geo.columnX(firstColumn + s);
            g.setColor(barLine ? GridColors.BAR_LINE : GridColors.BEAT_LINE);
            g.fillRect(x - (barLine ? 1 : 0), barLine ? top - 4 : top, barLine ? 2 : 1, bottom - top + (barLine ? 4 : 0));
        }
    }

    private void fillCell(Graphics2D g, GridGeometry geo, int column, int voice, Color c) {
        Rectangle r = geo.cell(column, voice);
        g.setColor(c);
        g.fillRect(r.x, r.y, r.width, r.height);
    }

    private void paintPlayhead(Graphics2D g, GridGeometry geo) {
        if (view.playheadBar() < 0) return;
        List<BarView> bars = view.bars();
        for (int i = 0; i < bars.size(); i++) {
            if (bars.get(i).number() != view.playheadBar()) continue;
            double col = geo.barColumn(i, 0) + view.playheadStep();
            int x = geo.labelWidth + (int) Math.round(col * geo.cellWidth);
            g.setColor(GridColors.PLAYHEAD);
            g.fillRect(x - 1, geo.headerHeight - 6, 2, geo.gridBottom() - geo.headerHeight + 6);
            return;
        }
    }

    private Polygon markerShape(GridGeometry geo, int length) {
        int x = geo.seedMarkerX(length);
        int top = geo.gridBottom() + 2, h = geo.footerHeight - 4;
        return new Polygon(new int[]{x, x - h / 2 - 3, x + h / 2 + 3}, new int[]{top, top + h, top + h}, 3);
    }

    private void paintSeedMarker(Graphics2D g, GridGeometry geo) {
        int length = shownLength();
        int x = geo.seedMarkerX(length);
        g.setColor(GridColors.SEED_MARKER);
        g.setStroke(new BasicStroke(2f));
        g.drawLine(x, geo.headerHeight - 4, x, geo.gridBottom());
        g.fill(markerShape(geo, length));
    }

    @Override
    public String getToolTipText(MouseEvent e) {
        GridGeometry geo = geometry();
        if (geo.inFooter(e.getY())) return "Drag to set the seed length";
        if (geo.inHeader(e.getY()) && geo.barIndexAt(geo.columnAt(e.getX())) >= 0)
            return "Click to select this bar for MIDI export (Shift: a range)";
        int col = geo.columnAt(e.getX()), voice = geo.voiceAt(e.getY());
        if (voice >= 0 && geo.seedStepAt(col) >= 0)
            return Voice.ALL[voice].label + ", seed step " + (col + 1) + ": click to toggle";
        return null;
    }

    /** Mouse handling: toggling and painting seed cells, dragging the seed marker, selecting bars. */
    private final class Mouse extends MouseAdapter {
        private boolean draggingMarker;
        /** While painting across cells: the voice row and whether cells are being set or cleared. */
        private int paintVoice = -1;
        private boolean paintOn;

        @Override
        public void mousePressed(MouseEvent e) {
            requestFocusInWindow();
            GridGeometry geo = geometry();
            int x = e.getX(), y = e.getY();
            if (geo.inFooter(y) || Math.abs(x - geo.seedMarkerX(shownLength())) <= 4 && y >= geo.headerHeight - 4) {
                draggingMarker = true;
                return;
            }
            int column = geo.columnAt(x);
            if (geo.inHeader(y)) {
                int bar = geo.barIndexAt(column);
                if (bar >= 0) select(view.bars().get(bar).number(), e.isShiftDown());
                return;
            }
            int step = geo.seedStepAt(column), voice = geo.voiceAt(y);
            if (step < 0 || voice < 0) return;
            int[] seed = shownSeed();
            paintVoice = voice;
            paintOn = (seed[step] & (1 << voice)) == 0;
            setCell(seed, step, voice, paintOn);
        }

        @Override
        public void mouseDragged(MouseEvent e) {
            GridGeometry geo = geometry();
            if (draggingMarker) {
                int length = geo.seedLengthAt(e.getX());
                if (length != shownLength()) {
                    pendingSeed = shownSeed();
                    pendingLength = length;
                    repaint();
                }
                return;
            }
            if (paintVoice < 0) return;
            int step = geo.seedStepAt(geo.columnAt(e.getX()));
            if (step < 0) return;
            int[] seed = shownSeed();
            if (((seed[step] & (1 << paintVoice)) != 0) != paintOn) setCell(seed, step, paintVoice, paintOn);
        }

        @Override
        public void mouseReleased(MouseEvent e) {
            if (draggingMarker) {
                draggingMarker = false;
                if (shownLength() != view.seedLength()) edit(shownSeed(), shownLength());
            }
            paintVoice = -1;
        }

        @Override
        public void mouseMoved(MouseEvent e) {
            GridGeometry geo = geometry();
            boolean overMarker = geo.inFooter(e.getY()) || Math.abs(e.getX() - geo.seedMarkerX(shownLength())) <= 4;
            setCursor(Cursor.getPredefinedCursor(overMarker ? Cursor.E_RESIZE_CURSOR : Cursor.DEFAULT_CURSOR));
        }

        private void setCell(int[] seed, int step, int voice, boolean on) {
            int[] next = seed.clone();
            next[step] = on ? next[step] | (1 << voice) : next[step] & ~(1 << voice);
            edit(next, shownLength());
        }

        private void select(long bar, boolean range) {
            if (range && selectionAnchor >= 0) {
                selected.clear();
                for (long b = Math.min(bar, selectionAnchor); b <= Math.max(bar, selectionAnchor); b++) selected.add(b);
            } else {
                if (!selected.remove(bar)) selected.add(bar);
                selectionAnchor = bar;
            }
            selectionListener.run();
            repaint();
        }
    }
}
