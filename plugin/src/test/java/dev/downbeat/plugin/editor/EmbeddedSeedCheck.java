package dev.downbeat.plugin.editor;

import dev.downbeat.plugin.core.Param;
import dev.downbeat.plugin.core.ProjectState;
import dev.downbeat.plugin.core.Seed;
import dev.downbeat.plugin.core.StateChunk;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * For stage 41: checks what the embedded editor shows against what the plugin holds. The plugin's
 * state comes from its own VST2 chunk (effGetChunk, written by the C host), the picture from a
 * screenshot of the host's window, the cell positions from {@link EmbeddedLayoutAgent}.
 *
 * <pre>
 *   EmbeddedSeedCheck SHOT.png LAYOUT CHUNK default
 *       the chunk's seed is the product's default seed, and every used seed cell shows it
 *   EmbeddedSeedCheck SHOT.png LAYOUT CHUNK toggled STEP VOICE BEFORE_CHUNK
 *       the chunk's seed is BEFORE_CHUNK's with exactly that cell toggled, and every cell shows it
 * </pre>
 * Exit 1 with every mismatch listed.
 */
public final class EmbeddedSeedCheck {
    public static void main(String[] args) throws Exception {
        BufferedImage shot = ImageIO.read(Path.of(args[0]).toFile());
        List<String> layout = Files.readAllLines(Path.of(args[1]));
        ProjectState state = StateChunk.decode(Files.readAllBytes(Path.of(args[2])));
        int[] seed = state.seed().events();
        int length = Math.round(state.params().getOrDefault(Param.SEED_LENGTH.id, (float) seed.length));
        List<String> wrong = new ArrayList<>();
        if (args[3].equals("default")) {
            if (!Arrays.equals(seed, Seed.DEFAULT.events()) || length != Seed.DEFAULT.length())
                wrong.add("the plugin's seed is " + Arrays.toString(seed) + " (length " + length + "), not the default " + Arrays.toString(Seed.DEFAULT.events()));
        } else if (args[3].equals("toggled")) {
            int step = Integer.parseInt(args[4]), voice = Integer.parseInt(args[5]);
            int[] before = StateChunk.decode(Files.readAllBytes(Path.of(args[6]))).seed().events();
            int[] expected = Arrays.copyOf(before, Math.max(before.length, step + 1));
            expected[step] ^= 1 << voice;
            if (!Arrays.equals(seed, expected))
                wrong.add("the plugin's seed is " + Arrays.toString(seed) + ", expected " + Arrays.toString(expected) + " (step " + step + " voice " + voice + " toggled)");
        } else {
            throw new IllegalArgumentException("mode is default or toggled, not " + args[3]);
        }
        int checked = 0, lit = 0;
        for (String line : layout) {
            String[] f = line.split(" ");
            if (!f[0].equals("seed")) continue;
            int step = Integer.parseInt(f[1]), voice = Integer.parseInt(f[2]);
            if (step >= length) continue; // unused steps are not in the chunk once they are empty
            int x = Integer.parseInt(f[3]), y = Integer.parseInt(f[4]);
            boolean hit = step < seed.length && (seed[step] & (1 << voice)) != 0;
            Color expected = hit ? GridColors.SEED_ON : GridColors.CELL_OFF;
            Color got = new Color(shot.getRGB(x, y));
            checked++;
            if (hit) lit++;
            if (!got.equals(expected)) wrong.add(line + " expected " + hex(expected) + " got " + hex(got));
        }
        System.out.println("checked " + checked + " seed cells (" + lit + " on) of a seed of " + length + " steps, " + wrong.size() + " wrong");
        wrong.stream().limit(20).forEach(System.out::println);
        System.exit(wrong.isEmpty() && checked > 0 && lit > 0 ? 0 : 1);
    }

    static String hex(Color c) {
        return String.format("#%06x", c.getRGB() & 0xffffff);
    }
}
