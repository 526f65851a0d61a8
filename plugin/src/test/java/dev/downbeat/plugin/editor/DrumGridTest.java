package dev.downbeat.plugin.editor;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Point;
import java.awt.event.InputEvent;
import java.awt.event.MouseEvent;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The grid read back by pixels after painting a known pattern, and edited with the mouse. */
class DrumGridTest {
    /** The tutorial's seed: [0,2] [0] [2,5,8] [] [2,5,8] [] [0,2,5,8] [4,5,8] [] [0,5,8]. */
    static final int[] TUTORIAL_SEED = events(new int[][]{{0, 2}, {0}, {2, 5, 8}, {}, {2, 5, 8}, {}, {0, 2, 5, 8}, {4, 5, 8}, {}, {0, 5, 8}});

    static int[] events(int[][] voices) {
        int[] out = new int[voices.length];
        for (int i = 0; i < voices.length; i++) for (int v : voices[i]) out[i] |= 1 << v;
        return out;
    }

    private static int[] seed32(int[] seed) {
        return java.util.Arrays.copyOf(seed, 32);
    }

    private static BufferedImage paint(DrumGrid grid) {
        BufferedImage image = new BufferedImage(grid.getWidth(), grid.getHeight(), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        grid.paint(g);
        g.dispose();
        return image;
    }

    private static Color at(BufferedImage image, Point p) {
        return new Color(image.getRGB(p.x, p.y));
    }

    private static DrumGrid grid(ScriptedSession session, int width, int height) {
        DrumGrid grid = new DrumGrid(session.view(), session::editSeed);
        grid.setSize(width, height);
        return grid;
    }

    @Test
    void everyCellShowsItsStateInItsOwnColour() {
        ScriptedSession session = new ScriptedSession(seed32(TUTORIAL_SEED), 10);
        DrumGrid grid = grid(session, 1200, 360);
        BufferedImage image = paint(grid);
        GridGeometry geo = grid.geometry();
        GridView view = grid.view();
        for (int step = 0; step < 32; step++) {
            for (int voice = 0; voice < 9; voice++) {
                boolean hit = view.seedHit(step, voice);
                Color expected = step < 10 ? (hit ? GridColors.SEED_ON : GridColors.CELL_OFF)
                        : (hit ? GridColors.SEED_UNUSED_ON : GridColors.SEED_UNUSED_OFF);
                assertThat(at(image, geo.cellCentre(geo.seedColumn(step), voice)))
                        .as("seed step %d voice %d", step, voice).isEqualTo(expected);
            }
        }
        Color[] byState = {GridColors.PLAYED_ON, GridColors.PLAYING_ON, GridColors.UPCOMING_ON, GridColors.UPCOMING_ON};
        for (int bar = 0; bar < 4; bar++) {
            int[] steps = ScriptedSession.barSteps(TUTORIAL_SEED, 10, bar);
            for (int step = 0; step < 16; step++)
                for (int voice = 0; voice < 9; voice++) {
                    Color expected = (steps[step] & (1 << voice)) != 0 ? byState[bar] : GridColors.CELL_OFF;
                    assertThat(at(image, geo.cellCentre(geo.barColumn(bar, step), voice)))
                            .as("bar %d step %d voice %d", bar, step, voice).isEqualTo(expected);
                }
        }
    }

    @Test
    void kickIsTheBottomRowAndThePlayheadIsDrawnWhereTheTransportIs() {
        ScriptedSession session = new ScriptedSession(seed32(TUTORIAL_SEED), 10);
        session.setPlayhead(2, 8.0);
        DrumGrid grid = grid(session, 1000, 300);
        GridGeometry geo = grid.geometry();
        assertThat(geo.cellCentre(0, 0).y).isGreaterThan(geo.cellCentre(0, 8).y);
        BufferedImage image = paint(grid);
        int x = geo.columnX(geo.barColumn(2, 8));
        int y = geo.rowY(4) + 2; // between cells in the middle row, on the playhead line
        assertThat(at(image, new Point(x, y))).isEqualTo(GridColors.PLAYHEAD);
        // Bar 1 is no longer under the playhead: its hits are drawn as played.
        session.setPlayhead(3, 0);
        grid.show(session.view());
        image = paint(grid);
        assertThat(at(image, new Point(x, y))).isNotEqualTo(GridColors.PLAYHEAD);
    }

    @Test
    void theLayoutFollowsTheSizeSoTheGridStaysWholeWhenResized() {
        ScriptedSession session = new ScriptedSession(seed32(TUTORIAL_SEED), 10);
        for (int[] size : new int[][]{{640, 200}, {1280, 400}, {2560, 800}}) {
            DrumGrid grid = grid(session, size[0], size[1]);
            GridGeometry geo = grid.geometry();
            java.awt.Rectangle last = geo.cell(geo.barColumn(3, 15), 8);
            assertThat(last.x + last.width).isLessThanOrEqualTo(size[0]);
            assertThat(geo.cell(geo.barColumn(3, 15), 0).y + geo.cell(0, 0).height).isLessThanOrEqualTo(geo.gridBottom());
            assertThat(geo.cellWidth).isGreaterThan(size[0] / 150.0);
        }
    }

    private static void mouse(DrumGrid grid, int id, Point p, int modifiers) {
        grid.dispatchEvent(new MouseEvent(grid, id, System.currentTimeMillis(), modifiers, p.x, p.y, 1, false, MouseEvent.BUTTON1));
    }

    private static void click(DrumGrid grid, Point p) {
        mouse(grid, MouseEvent.MOUSE_PRESSED, p, InputEvent.BUTTON1_DOWN_MASK);
        mouse(grid, MouseEvent.MOUSE_RELEASED, p, 0);
    }

    @Test
    void clickingACellTogglesThatSeedStepAndTheGridShowsItAtOnce() {
        ScriptedSession session = ScriptedSession.empty();
        DrumGrid grid = grid(session, 1200, 360);
        GridGeometry geo = grid.geometry();
        click(grid, geo.cellCentre(geo.seedColumn(4), 1)); // snare on step 5
        assertThat(session.seed()[4]).isEqualTo(1 << 1);
        assertThat(at(paint(grid), geo.cellCentre(4, 1))).isEqualTo(GridColors.SEED_ON);
        click(grid, geo.cellCentre(geo.seedColumn(4), 1));
        assertThat(session.seed()[4]).isZero();
        // Cells of generated bars are not the seed: clicking them changes nothing.
        click(grid, geo.cellCentre(geo.barColumn(0, 4), 1));
        assertThat(session.seed()).containsOnly(0);
    }

    @Test
    void draggingAcrossARowPaintsEveryCellTheMousePasses() {
        ScriptedSession session = ScriptedSession.empty();
        DrumGrid grid = grid(session, 1200, 360);
        GridGeometry geo = grid.geometry();
        mouse(grid, MouseEvent.MOUSE_PRESSED, geo.cellCentre(0, 2), InputEvent.BUTTON1_DOWN_MASK);
        for (int s = 1; s < 8; s++) mouse(grid, MouseEvent.MOUSE_DRAGGED, geo.cellCentre(s, 2), InputEvent.BUTTON1_DOWN_MASK);
        mouse(grid, MouseEvent.MOUSE_RELEASED, geo.cellCentre(7, 2), 0);
        for (int s = 0; s < 8; s++) assertThat(session.seed()[s]).as("step %d", s).isEqualTo(1 << 2);
        assertThat(session.seed()[8]).isZero();
    }

    @Test
    void draggingTheMarkerSetsTheSeedLengthOnRelease() {
        ScriptedSession session = new ScriptedSession(seed32(TUTORIAL_SEED), 10);
        DrumGrid grid = grid(session, 1200, 360);
        GridGeometry geo = grid.geometry();
        int y = geo.gridBottom() + geo.footerHeight / 2;
        mouse(grid, MouseEvent.MOUSE_PRESSED, new Point(geo.seedMarkerX(10), y), InputEvent.BUTTON1_DOWN_MASK);
        mouse(grid, MouseEvent.MOUSE_DRAGGED, new Point(geo.seedMarkerX(13), y), InputEvent.BUTTON1_DOWN_MASK);
        mouse(grid, MouseEvent.MOUSE_DRAGGED, new Point(geo.seedMarkerX(16), y), InputEvent.BUTTON1_DOWN_MASK);
        assertThat(session.seedLength()).as("not committed while dragging").isEqualTo(10);
        mouse(grid, MouseEvent.MOUSE_RELEASED, new Point(geo.seedMarkerX(16), y), 0);
        assertThat(session.seedLength()).isEqualTo(16);
        assertThat(java.util.Arrays.copyOf(session.seed(), 10)).containsExactly(TUTORIAL_SEED);
        // Past the seed area's end the length stops at its capacity; below one it stops at one.
        mouse(grid, MouseEvent.MOUSE_PRESSED, new Point(geo.seedMarkerX(16), y), InputEvent.BUTTON1_DOWN_MASK);
        mouse(grid, MouseEvent.MOUSE_DRAGGED, new Point(2, y), InputEvent.BUTTON1_DOWN_MASK);
        mouse(grid, MouseEvent.MOUSE_RELEASED, new Point(2, y), 0);
        assertThat(session.seedLength()).isEqualTo(1);
    }

    @Test
    void clickingBarHeadersSelectsBarsForExportAndShiftSelectsARange() {
        ScriptedSession session = new ScriptedSession(seed32(TUTORIAL_SEED), 10);
        DrumGrid grid = grid(session, 1200, 360);
        GridGeometry geo = grid.geometry();
        List<String> events = new ArrayList<>();
        grid.onSelectionChanged(() -> events.add("changed"));
        Point header1 = new Point(geo.cellCentre(geo.barColumn(1, 8), 0).x, geo.headerHeight / 2);
        Point header3 = new Point(geo.cellCentre(geo.barColumn(3, 8), 0).x, geo.headerHeight / 2);
        click(grid, header1);
        assertThat(grid.selectedBars()).extracting(BarView::number).containsExactly(1L);
        mouse(grid, MouseEvent.MOUSE_PRESSED, header3, InputEvent.BUTTON1_DOWN_MASK | InputEvent.SHIFT_DOWN_MASK);
        assertThat(grid.selectedBars()).extracting(BarView::number).containsExactly(1L, 2L, 3L);
        assertThat(at(paint(grid), new Point(header3.x, 2))).isEqualTo(GridColors.SELECTED_HEADER);
        grid.clearSelection();
        assertThat(grid.selectedBars()).isEmpty();
        assertThat(events).hasSize(3);
    }

    @Test
    void anUpcomingBarThatIsResampledIsFlaggedInItsHeader() {
        int[] seed = seed32(TUTORIAL_SEED);
        GridView before = new GridView(seed, 10, List.of(new BarView(5, new int[16], 1.0f, BarState.UPCOMING)), -1, 0, 16, 4, 120);
        int[] changed = new int[16];
        changed[0] = 1;
        GridView after = new GridView(seed, 10, List.of(new BarView(5, changed, 0.5f, BarState.UPCOMING)), -1, 0, 16, 4, 120);
        DrumGrid grid = new DrumGrid(before, (s, l) -> { });
        grid.setSize(900, 300);
        grid.show(after);
        GridGeometry geo = grid.geometry();
        BufferedImage image = paint(grid);
        int x0 = geo.columnX(geo.barColumn(0, 0)), x1 = geo.columnX(geo.barColumn(0, 16));
        boolean flagged = false;
        for (int x = x0; x < x1 && !flagged; x++)
            for (int y = 0; y < geo.headerHeight && !flagged; y++)
                flagged = new Color(image.getRGB(x, y)).equals(GridColors.RESAMPLED);
        assertThat(flagged).as("re-sampled text in the header").isTrue();
    }
}
