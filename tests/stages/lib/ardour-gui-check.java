import dev.downbeat.model.NoteMap;
import dev.downbeat.plugin.editor.GridColors;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Checks for stage 46-ardour-editor, which sees Downbeat's editor only from outside Ardour's process:
 * as pixels of screenshots, as the session file Ardour saved and as the MIDI file Ardour copied.
 * Run with the plugin's and the model's jars on the class path (for GridColors and NoteMap).
 *
 * <pre>
 * grid SHOT X Y W H LAYOUT   find the editor's grid inside the rectangle; write every cell's centre
 *                            ("seed STEP VOICE X Y", "bar STEP VOICE X Y"), "handle X Y" (Drag MIDI)
 * cells SHOT LAYOUT          print what the cells show: "seed M,M,..." and "bar M,M,..." (bit v of M =
 *                            voice v lit), "seedLength N"; exit 1 on a cell of no known colour
 * session FILE.ardour TRACK  print the MIDI source files of the regions on TRACK's playlist, one a line
 * midi FILE                  print the file's notes as steps of the first bar: "bar M,M,..." (16 steps)
 * pixel SHOT X Y             print the colour at X Y as rrggbb
 * </pre>
 */
final class ArdourGuiCheck {
    /** Every colour a grid cell is painted in (GridColors). */
    static final Set<Integer> CELL = Set.of(rgb(GridColors.CELL_OFF), rgb(GridColors.SEED_ON), rgb(GridColors.SEED_UNUSED_ON),
            rgb(GridColors.SEED_UNUSED_OFF), rgb(GridColors.UPCOMING_ON), rgb(GridColors.PLAYED_ON), rgb(GridColors.PLAYING_ON));
    static final int VOICES = 9, STEPS_PER_BAR = 16;

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "grid" -> grid(read(args[1]), new Rectangle(i(args[2]), i(args[3]), i(args[4]), i(args[5])), Path.of(args[6]));
            case "cells" -> cells(read(args[1]), Files.readAllLines(Path.of(args[2])));
            case "session" -> session(Path.of(args[1]), args[2]);
            case "midi" -> midi(Path.of(args[1]));
            case "pixel" -> System.out.printf("%06x%n", read(args[1]).getRGB(i(args[2]), i(args[3])) & 0xffffff);
            default -> fail("unknown command " + args[0]);
        }
    }

    /**
     * The grid is found by its colours alone: the box around the off cells, then, inside it, runs of
     * columns and rows where cell colours dominate (the 1-pixel gutters between cells break the runs).
     * The widest space between column runs is the gap between the seed and the generated bars.
     */
    static void grid(BufferedImage shot, Rectangle area, Path layout) throws Exception {
        Rectangle r = area.intersection(new Rectangle(0, 0, shot.getWidth(), shot.getHeight()));
        int offColour = rgb(GridColors.CELL_OFF);
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
        for (int y = r.y; y < r.y + r.height; y++)
            for (int x = r.x; x < r.x + r.width; x++)
                if ((shot.getRGB(x, y) & 0xffffff) == offColour) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
        if (x1 < 0) fail("no grid cells (colour " + hex(offColour) + ") inside " + r);
        int[] perColumn = new int[x1 - x0 + 1], perRow = new int[y1 - y0 + 1];
        for (int y = y0; y <= y1; y++)
            for (int x = x0; x <= x1; x++)
                if (CELL.contains(shot.getRGB(x, y) & 0xffffff)) {
                    perColumn[x - x0]++;
                    perRow[y - y0]++;
                }
        List<int[]> columns = runs(perColumn, (y1 - y0 + 1) / 2, x0), rows = runs(perRow, (x1 - x0 + 1) / 2, y0);
        if (rows.size() != VOICES) fail("found " + rows.size() + " rows of cells, not " + VOICES + " (box " + x0 + "," + y0 + " to " + x1 + "," + y1 + ")");
        int gapAfter = 0;
        for (int c = 1; c < columns.size(); c++)
            if (columns.get(c)[0] - columns.get(c - 1)[1] > columns.get(gapAfter + 1)[0] - columns.get(gapAfter)[1]) gapAfter = c - 1;
        int seedColumns = gapAfter + 1, barColumns = columns.size() - seedColumns;
        if (seedColumns < STEPS_PER_BAR || barColumns < STEPS_PER_BAR || barColumns % STEPS_PER_BAR != 0)
            fail("found " + seedColumns + " seed columns and " + barColumns + " bar columns");
        int handleColour = rgb(GridColors.SEED_MARKER);
        int hx0 = Integer.MAX_VALUE, hy0 = Integer.MAX_VALUE, hx1 = -1, hy1 = -1;
        // The Drag MIDI handle is the box framed in the seed marker's colour below the grid's footer.
        for (int y = y1 + 40; y < r.y + r.height; y++)
            for (int x = r.x; x < r.x + r.width; x++)
                if ((shot.getRGB(x, y) & 0xffffff) == handleColour) {
                    hx0 = Math.min(hx0, x);
                    hy0 = Math.min(hy0, y);
                    hx1 = Math.max(hx1, x);
                    hy1 = Math.max(hy1, y);
                }
        if (hx1 < 0) fail("no Drag MIDI handle (colour " + hex(handleColour) + ") below the grid");
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(layout))) {
            for (int c = 0; c < columns.size(); c++)
                for (int voice = 0; voice < VOICES; voice++) {
                    int[] col = columns.get(c), row = rows.get(VOICES - 1 - voice); // kick is the bottom row
                    boolean seed = c < seedColumns;
                    out.printf("%s %d %d %d %d%n", seed ? "seed" : "bar", seed ? c : c - seedColumns, voice,
                            (col[0] + col[1]) / 2, (row[0] + row[1]) / 2);
                }
            out.printf("handle %d %d%n", (hx0 + hx1) / 2, (hy0 + hy1) / 2);
        }
        System.out.printf("grid at %d,%d to %d,%d: %d seed columns, %d bar columns, cells %dx%d px; handle at %d,%d%n",
                x0, y0, x1, y1, seedColumns, barColumns, columns.get(0)[1] - columns.get(0)[0] + 1,
                rows.get(0)[1] - rows.get(0)[0] + 1, (hx0 + hx1) / 2, (hy0 + hy1) / 2);
    }

    /** Runs of indices whose count reaches {@code min}, as [first, last] offset by {@code origin}. */
    static List<int[]> runs(int[] counts, int min, int origin) {
        List<int[]> runs = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= counts.length; i++) {
            boolean in = i < counts.length && counts[i] >= min;
            if (in && start < 0) start = i;
            if (!in && start >= 0) {
                runs.add(new int[]{origin + start, origin + i - 1});
                start = -1;
            }
        }
        return runs;
    }

    static void cells(BufferedImage shot, List<String> layout) {
        int seedSteps = 0, barSteps = 0;
        for (String line : layout) {
            String[] f = line.split(" ");
            if (f[0].equals("seed")) seedSteps = Math.max(seedSteps, i(f[1]) + 1);
            if (f[0].equals("bar")) barSteps = Math.max(barSteps, i(f[1]) + 1);
        }
        int[] seed = new int[seedSteps], bar = new int[barSteps];
        boolean[] used = new boolean[seedSteps], unused = new boolean[seedSteps];
        List<String> unknown = new ArrayList<>();
        for (String line : layout) {
            String[] f = line.split(" ");
            if (!f[0].equals("seed") && !f[0].equals("bar")) continue;
            int step = i(f[1]), voice = i(f[2]);
            Color c = new Color(shot.getRGB(i(f[3]), i(f[4])));
            boolean seedCell = f[0].equals("seed");
            if (seedCell && (c.equals(GridColors.SEED_ON) || c.equals(GridColors.CELL_OFF))) used[step] = true;
            if (seedCell && (c.equals(GridColors.SEED_UNUSED_ON) || c.equals(GridColors.SEED_UNUSED_OFF))) unused[step] = true;
            boolean on = seedCell ? c.equals(GridColors.SEED_ON) || c.equals(GridColors.SEED_UNUSED_ON)
                    : c.equals(GridColors.UPCOMING_ON) || c.equals(GridColors.PLAYED_ON) || c.equals(GridColors.PLAYING_ON);
            boolean off = c.equals(GridColors.CELL_OFF) || (seedCell && c.equals(GridColors.SEED_UNUSED_OFF));
            if (!on && !off) unknown.add(line + " is " + hex(c.getRGB() & 0xffffff));
            if (on) (seedCell ? seed : bar)[step] |= 1 << voice;
        }
        int seedLength = 0;
        while (seedLength < seedSteps && used[seedLength] && !unused[seedLength]) seedLength++;
        for (int s = seedLength; s < seedSteps; s++)
            if (used[s]) unknown.add("seed step " + s + " is painted as used after unused step " + seedLength);
        System.out.println("seedLength " + seedLength);
        System.out.println("seed " + join(seed, seedLength));
        System.out.println("bar " + join(bar, barSteps));
        if (!unknown.isEmpty()) {
            unknown.stream().limit(10).forEach(u -> System.out.println("unknown: " + u));
            System.exit(1);
        }
    }

    /** The playlist of the route named {@code track}, its MIDI regions' sources, as files in interchange. */
    static void session(Path file, String track) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        String routeId = null;
        for (Element route : elements(doc, "Route")) if (track.equals(route.getAttribute("name"))) routeId = route.getAttribute("id");
        if (routeId == null) fail("no route named " + track + " in " + file);
        List<String> sourceIds = new ArrayList<>();
        for (Element playlist : elements(doc, "Playlist")) {
            if (!routeId.equals(playlist.getAttribute("orig-track-id"))) continue;
            NodeList regions = playlist.getElementsByTagName("Region");
            for (int k = 0; k < regions.getLength(); k++) {
                Element region = (Element) regions.item(k);
                if ("midi".equals(region.getAttribute("type"))) sourceIds.add(region.getAttribute("source-0"));
            }
        }
        Path midifiles = file.getParent().resolve("interchange").resolve(file.getParent().getFileName()).resolve("midifiles");
        for (Element source : elements(doc, "Source"))
            if (sourceIds.contains(source.getAttribute("id"))) {
                Path f = Path.of(source.getAttribute("name"));
                System.out.println(f.isAbsolute() ? f : midifiles.resolve(f));
            }
    }

    static List<Element> elements(Document doc, String tag) {
        NodeList nodes = doc.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int k = 0; k < nodes.getLength(); k++) out.add((Element) nodes.item(k));
        return out;
    }

    /** Note-ons, placed on 16th steps from the file's start; a note off the 16th grid or of no voice fails. */
    static void midi(Path file) throws Exception {
        Sequence sequence = MidiSystem.getSequence(file.toFile());
        if (sequence.getDivisionType() != Sequence.PPQ) fail(file + " is not in ticks per quarter");
        int ticksPerStep = sequence.getResolution() / 4;
        int[] bar = new int[STEPS_PER_BAR];
        int notes = 0;
        for (Track t : sequence.getTracks())
            for (int k = 0; k < t.size(); k++) {
                MidiEvent e = t.get(k);
                if (!(e.getMessage() instanceof ShortMessage m) || m.getCommand() != ShortMessage.NOTE_ON || m.getData2() == 0) continue;
                if (e.getTick() % ticksPerStep != 0) fail("a note at tick " + e.getTick() + " is off the 16th grid");
                long step = e.getTick() / ticksPerStep;
                int voice = NoteMap.DEFAULT.classOfPitch(m.getData1());
                if (voice < 0) fail("note " + m.getData1() + " is no drum voice");
                if (step >= STEPS_PER_BAR) fail("a note at step " + step + ", beyond the first bar");
                bar[(int) step] |= 1 << voice;
                notes++;
            }
        System.out.println("notes " + notes);
        System.out.println("bar " + join(bar, STEPS_PER_BAR));
    }

    static String join(int[] a, int n) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < n; k++) s.append(k == 0 ? "" : ",").append(a[k]);
        return s.toString();
    }

    static BufferedImage read(String path) throws Exception {
        BufferedImage image = ImageIO.read(new File(path));
        if (image == null) fail("cannot read the image " + path);
        return image;
    }

    static int rgb(Color c) {
        return c.getRGB() & 0xffffff;
    }

    static String hex(int rgb) {
        return String.format("#%06x", rgb);
    }

    static int i(String s) {
        return Integer.parseInt(s.trim());
    }

    static void fail(String why) {
        System.out.println("ardour-gui-check: " + why);
        System.exit(1);
    }
}
