package dev.downbeat.plugin.editor;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * For the Xvfb stage: counts the grid's cell colours in a screenshot of the standalone app and
 * prints "seed N played N playing N upcoming N"; exits 1 unless the seed and played, playing and
 * upcoming bars all show (the app was playing generated drums). Args: screenshot.png.
 */
public final class ColourCount {
    public static void main(String[] args) throws Exception {
        BufferedImage shot = ImageIO.read(Path.of(args[0]).toFile());
        int[] colours = {GridColors.SEED_ON.getRGB(), GridColors.PLAYED_ON.getRGB(), GridColors.PLAYING_ON.getRGB(),
            GridColors.UPCOMING_ON.getRGB()};
        long[] counts = new long[colours.length];
        for (int y = 0; y < shot.getHeight(); y++)
            for (int x = 0; x < shot.getWidth(); x++) {
                int rgb = shot.getRGB(x, y) | 0xff000000;
                for (int i = 0; i < colours.length; i++) if (rgb == colours[i]) counts[i]++;
            }
        System.out.printf("seed %d played %d playing %d upcoming %d%n", counts[0], counts[1], counts[2], counts[3]);
        boolean ok = true;
        for (long c : counts) ok &= c > 50;
        System.exit(ok ? 0 : 1);
    }
}
