package dev.downbeat.plugin.editor;

import java.awt.Cursor;
import java.awt.datatransfer.Transferable;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.nio.file.Path;
import java.util.function.Supplier;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.SwingConstants;
import javax.swing.TransferHandler;

/**
 * The handle the musician drags onto a DAW track: on drag start it writes the bars (the selected
 * ones, or all in view) to a fresh standard MIDI file and offers that file to the drop target.
 * Swing thread.
 */
final class MidiDragHandle extends JLabel {

    /** Writes the MIDI file to drag and returns it; throws with a message when there is nothing to export. */
    interface FileSource {
        Path writeMidi() throws Exception;
    }

    MidiDragHandle(FileSource source, Supplier<String> describe, java.util.function.Consumer<String> status) {
        super("\u2630  Drag MIDI", SwingConstants.CENTER);
        setName("midiDragHandle");
        setCursor(Cursor.getPredefinedCursor(Cursor.MOVE_CURSOR));
        setBorder(javax.swing.BorderFactory.createCompoundBorder(
                javax.swing.BorderFactory.createLineBorder(GridColors.SEED_MARKER, 2),
                javax.swing.BorderFactory.createEmptyBorder(4, 10, 4, 10)));
        setToolTipText("Drag onto a DAW track: a MIDI file of the selected bars, or all bars in view");
        setTransferHandler(new TransferHandler() {
            @Override
            public int getSourceActions(JComponent c) {
                return COPY;
            }

            @Override
            protected void exportDone(JComponent source, Transferable data, int action) {
                if (data != null && action == NONE)
                    status.accept("The drop was not taken; Export MIDI\u2026 or Copy MIDI save the file instead");
            }

            @Override
            protected Transferable createTransferable(JComponent c) {
                try {
                    Path file = source.writeMidi();
                    status.accept("Dragging " + describe.get() + " as " + file.getFileName());
                    return new MidiFileTransfer(file);
                } catch (Exception e) {
                    status.accept("Cannot drag MIDI: " + e.getMessage());
                    return null;
                }
            }
        });
        MouseAdapter drag = new MouseAdapter() {
            private MouseEvent pressed;

            @Override
            public void mousePressed(MouseEvent e) {
                pressed = e;
            }

            @Override
            public void mouseDragged(MouseEvent e) {
                // Start once the pointer has moved a few pixels, like any drag gesture.
                if (pressed != null && pressed.getPoint().distance(e.getPoint()) > 4) {
                    getTransferHandler().exportAsDrag(MidiDragHandle.this, pressed, TransferHandler.COPY);
                    pressed = null;
                }
            }

            @Override
            public void mouseReleased(MouseEvent e) {
                pressed = null;
            }
        };
        addMouseListener(drag);
        addMouseMotionListener(drag);
    }
}
