package dev.downbeat.plugin.editor;

import java.awt.datatransfer.DataFlavor;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.SwingConstants;
import javax.swing.SwingUtilities;
import javax.swing.TransferHandler;

/**
 * The tests' own drop target: a small window at (x, y) that accepts a file drop (X11 XDnD, as a DAW
 * track would), parses the dropped file as a standard MIDI file and writes its note-ons
 * ("tick:note" per line, after a "file PATH" line) to {@code args[2]}, then exits.
 * Args: x y resultFile.
 */
public final class MidiDropTarget {
    public static void main(String[] args) throws Exception {
        int x = Integer.parseInt(args[0]), y = Integer.parseInt(args[1]);
        Path result = Path.of(args[2]);
        SwingUtilities.invokeAndWait(() -> {
            JFrame frame = new JFrame("Drop MIDI here");
            JLabel label = new JLabel("Drop MIDI here", SwingConstants.CENTER);
            label.setTransferHandler(new TransferHandler() {
                @Override
                public boolean canImport(TransferSupport support) {
                    if (System.getenv("DOWNBEAT_DROP_DEBUG") != null)
                        System.err.println("drop target: offered " + java.util.Arrays.toString(support.getDataFlavors()));
                    return support.isDataFlavorSupported(DataFlavor.javaFileListFlavor);
                }

                @Override
                public boolean importData(TransferSupport support) {
                    try {
                        @SuppressWarnings("unchecked")
                        List<File> files = (List<File>) support.getTransferable().getTransferData(DataFlavor.javaFileListFlavor);
                        File file = files.get(0);
                        Sequence seq = MidiSystem.getSequence(file);
                        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(result + ".part")))) {
                            out.println("file " + file);
                            for (String n : BarsMidiTest.noteOns(seq)) out.println(n);
                        }
                        Files.move(Path.of(result + ".part"), result);
                        new Thread(() -> System.exit(0)).start();
                        return true;
                    } catch (Exception | AssertionError e) {
                        System.err.println("drop target: " + e);
                        return false;
                    }
                }
            });
            frame.add(label);
            frame.setBounds(x, y, 300, 160);
            frame.setVisible(true);
            System.out.println("ready");
        });
    }
}
