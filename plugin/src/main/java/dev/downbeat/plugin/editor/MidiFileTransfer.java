package dev.downbeat.plugin.editor;

import java.awt.datatransfer.DataFlavor;
import java.awt.datatransfer.Transferable;
import java.awt.datatransfer.UnsupportedFlavorException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A MIDI file offered to a drop target or the clipboard: as a Java file list (which AWT's X11 drag
 * and drop announces as {@code text/uri-list}, the type Ardour and file managers accept) and as a
 * {@code file://} URI in text, for targets that only read text. Immutable; any thread.
 */
final class MidiFileTransfer implements Transferable {
    static final DataFlavor URI_LIST = uriListFlavor();

    private final Path file;

    MidiFileTransfer(Path file) {
        this.file = file.toAbsolutePath();
    }

    private static DataFlavor uriListFlavor() {
        try {
            return new DataFlavor("text/uri-list;class=java.lang.String");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public DataFlavor[] getTransferDataFlavors() {
        return new DataFlavor[]{DataFlavor.javaFileListFlavor, URI_LIST, DataFlavor.stringFlavor};
    }

    @Override
    public boolean isDataFlavorSupported(DataFlavor flavor) {
        for (DataFlavor f : getTransferDataFlavors()) if (f.equals(flavor)) return true;
        return false;
    }

    @Override
    public Object getTransferData(DataFlavor flavor) throws UnsupportedFlavorException {
        if (flavor.equals(DataFlavor.javaFileListFlavor)) return List.of(file.toFile());
        if (flavor.equals(URI_LIST)) return file.toUri().toASCIIString() + "\r\n";
        if (flavor.equals(DataFlavor.stringFlavor)) return file.toString();
        throw new UnsupportedFlavorException(flavor);
    }

    /** The bytes of the URI list, for checks. */
    byte[] uriListBytes() {
        return (file.toUri().toASCIIString() + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
