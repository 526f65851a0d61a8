package dev.downbeat.plugin.editor;

import java.awt.BorderLayout;
import java.awt.event.MouseEvent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JSlider;
import javax.swing.SwingConstants;

/**
 * A slider bound to one host parameter. A mouse drag is one automation gesture (begin on press,
 * perform while moving, end on release); a keyboard or wheel step is a gesture of its own. When the
 * musician is not touching it, it follows the parameter (host automation moves it).
 * Swing thread.
 */
final class ParamSlider extends JPanel {
    private static final int STEPS = 1000;

    private final EditorSession session;
    private final EditorSession.Control control;
    private final JSlider slider = new GestureSlider();
    private final JLabel value = new JLabel("", SwingConstants.RIGHT);
    /** True between the press and release of a mouse gesture. */
    private boolean grabbed;
    /** True while {@link #refresh} moves the slider, so the move is not sent back as an edit. */
    private boolean following;

    ParamSlider(EditorSession session, EditorSession.Control control) {
        super(new BorderLayout(6, 0));
        this.session = session;
        this.control = control;
        setOpaque(false);
        setName("param:" + control.index());
        JLabel label = new JLabel(control.label());
        label.setLabelFor(slider);
        slider.setName("slider:" + control.label());
        slider.getAccessibleContext().setAccessibleName(control.label());
        add(label, BorderLayout.WEST);
        add(slider, BorderLayout.CENTER);
        add(value, BorderLayout.EAST);
        value.setPreferredSize(new java.awt.Dimension(value.getFontMetrics(value.getFont()).stringWidth("-60.0 dB") + 4,
                value.getPreferredSize().height));
        slider.addChangeListener(e -> {
            if (following) return;
            if (grabbed) {
                send();
            } else {
                session.beginEdit(control.index());
                send();
                session.endEdit(control.index());
            }
        });
        refresh();
    }

    private void send() {
        float v = slider.getValue() / (float) STEPS;
        session.performEdit(control.index(), v);
        value.setText(control.display(v));
    }

    /** Follows the parameter unless the musician holds the slider. */
    void refresh() {
        if (grabbed) return;
        float v = session.parameter(control.index());
        int position = Math.round(v * STEPS);
        if (position != slider.getValue()) {
            following = true;
            try {
                slider.setValue(position);
            } finally {
                following = false;
            }
        }
        value.setText(control.display(v));
    }

    /**
     * A slider that opens the gesture before its look-and-feel reacts to the press (a click on the
     * track already moves the value) and closes it after the release.
     */
    private final class GestureSlider extends JSlider {
        GestureSlider() {
            super(0, STEPS);
        }

        @Override
        protected void processMouseEvent(MouseEvent e) {
            boolean press = e.getID() == MouseEvent.MOUSE_PRESSED && !grabbed;
            if (press) {
                grabbed = true;
                session.beginEdit(control.index());
            }
            super.processMouseEvent(e);
            if (e.getID() == MouseEvent.MOUSE_RELEASED && grabbed) {
                send();
                grabbed = false;
                session.endEdit(control.index());
            }
        }
    }

    JSlider slider() {
        return slider;
    }
}
