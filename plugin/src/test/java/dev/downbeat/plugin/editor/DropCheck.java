package dev.downbeat.plugin.editor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * For the Xvfb stage: compares the note-ons the drop target parsed out of the dropped MIDI file
 * with the bars the editor showed (the probe's state file): every hit at its 16th, nothing else.
 * Args: dropped.txt state.txt. Exit 1 on any difference.
 */
public final class DropCheck {
    static final int[] NOTES = {36, 38, 42, 46, 41, 43, 45, 49, 51};

    public static void main(String[] args) throws Exception {
        List<String> dropped = Files.readAllLines(Path.of(args[0]));
        List<String> expected = new ArrayList<>();
        int barIndex = 0;
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            String[] f = line.split(" ");
            if (!f[0].equals("bar")) continue;
            int[] steps = ScreenshotCheck.parse(f[2]);
            for (int s = 0; s < steps.length; s++)
                for (int v = 0; v < 9; v++)
                    if ((steps[s] & (1 << v)) != 0) expected.add((barIndex * 16 + s) * 120 + ":" + NOTES[v]);
            barIndex++;
        }
        List<String> got = dropped.subList(1, dropped.size());
        System.out.println(dropped.get(0) + ": " + got.size() + " notes, expected " + expected.size());
        boolean ok = !expected.isEmpty() && new java.util.HashSet<>(got).equals(new java.util.HashSet<>(expected)) && got.size() == expected.size();
        if (!ok) System.out.println("expected " + expected + "\ngot      " + got);
        System.exit(ok ? 0 : 1);
    }
}
