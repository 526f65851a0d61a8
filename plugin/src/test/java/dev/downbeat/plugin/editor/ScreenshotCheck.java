package dev.downbeat.plugin.editor;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * For the Xvfb stage: reads a screenshot at the cell centres the probe wrote and checks each seed
 * cell against the expected pattern and each bar cell against the bars the probe reported.
 * Args: screenshot.png layout.txt state.txt. Exit 1 with every mismatch listed.
 */
public final class ScreenshotCheck {
    public static void main(String[] args) throws Exception {
        BufferedImage shot = ImageIO.read(Path.of(args[0]).toFile());
        List<String> layout = Files.readAllLines(Path.of(args[1]));
        List<String> state = Files.readAllLines(Path.of(args[2]));
        int seedLength = 0;
        int[] seed = null;
        List<int[]> bars = new ArrayList<>();
        for (String line : state) {
            String[] f = line.split(" ");
            if (f[0].equals("seedLength")) seedLength = Integer.parseInt(f[1]);
            if (f[0].equals("seed")) seed = parse(f.length > 1 ? f[1] : "");
            if (f[0].equals("bar")) bars.add(parse(f[2]));
        }
        List<String> wrong = new ArrayList<>();
        int checked = 0, lit = 0;
        for (String line : layout) {
            String[] f = line.split(" ");
            Color expected;
            int x, y;
            if (f[0].equals("seed")) {
                int step = Integer.parseInt(f[1]), voice = Integer.parseInt(f[2]);
                x = Integer.parseInt(f[3]);
                y = Integer.parseInt(f[4]);
                boolean hit = (seed[step] & (1 << voice)) != 0, used = step < seedLength;
                expected = used ? (hit ? GridColors.SEED_ON : GridColors.CELL_OFF)
                        : (hit ? GridColors.SEED_UNUSED_ON : GridColors.SEED_UNUSED_OFF);
                if (hit && used) lit++;
            } else if (f[0].equals("bar")) {
                int bar = Integer.parseInt(f[1]), step = Integer.parseInt(f[2]), voice = Integer.parseInt(f[3]);
                x = Integer.parseInt(f[4]);
                y = Integer.parseInt(f[5]);
                boolean hit = (bars.get(bar)[step] & (1 << voice)) != 0;
                expected = hit ? GridColors.UPCOMING_ON : GridColors.CELL_OFF;
            } else {
                continue;
            }
            Color got = new Color(shot.getRGB(x, y));
            checked++;
            if (!got.equals(expected)) wrong.add(line + " expected " + hex(expected) + " got " + hex(got));
        }
        System.out.println("checked " + checked + " cells, " + lit + " lit seed cells, " + wrong.size() + " wrong");
        wrong.stream().limit(20).forEach(System.out::println);
        System.exit(wrong.isEmpty() && checked > 0 && lit > 0 ? 0 : 1);
    }

    static int[] parse(String csv) {
        if (csv.isEmpty()) return new int[0];
        String[] p = csv.split(",");
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) out[i] = Integer.parseInt(p[i]);
        return out;
    }

    static String hex(Color c) {
        return String.format("#%06x", c.getRGB() & 0xffffff);
    }
}
