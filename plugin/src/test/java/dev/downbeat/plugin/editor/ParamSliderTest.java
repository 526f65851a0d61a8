package dev.downbeat.plugin.editor;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.event.InputEvent;
import java.awt.event.MouseEvent;
import javax.swing.JSlider;
import org.junit.jupiter.api.Test;

/** A slider drag is one automation gesture; host automation moves the slider without echoing edits. */
class ParamSliderTest {

    private static void mouse(JSlider s, int id) {
        s.dispatchEvent(new MouseEvent(s, id, 0, InputEvent.BUTTON1_DOWN_MASK, 5, 5, 1, false, MouseEvent.BUTTON1));
    }

    @Test
    void aDragIsBeginPerformEnd() {
        ScriptedSession session = ScriptedSession.empty();
        ParamSlider slider = new ParamSlider(session, session.controls().get(0));
        session.gestures.clear();
        mouse(slider.slider(), MouseEvent.MOUSE_PRESSED);
        slider.slider().setValue(700);
        slider.slider().setValue(800);
        mouse(slider.slider(), MouseEvent.MOUSE_RELEASED);
        assertThat(session.gestures.get(0)).isEqualTo("begin 0");
        assertThat(session.gestures.get(session.gestures.size() - 1)).isEqualTo("end 0");
        assertThat(session.gestures.subList(1, session.gestures.size() - 1)).containsOnly("perform 0").hasSizeGreaterThanOrEqualTo(2);
        assertThat(session.parameter(0)).isEqualTo(0.8f);
    }

    @Test
    void aKeyboardStepIsAGestureOfItsOwn() {
        ScriptedSession session = ScriptedSession.empty();
        ParamSlider slider = new ParamSlider(session, session.controls().get(2));
        session.gestures.clear();
        slider.slider().setValue(100);
        assertThat(session.gestures).containsExactly("begin 2", "perform 2", "end 2");
    }

    @Test
    void hostAutomationMovesTheSliderAndSendsNothingBack() {
        ScriptedSession session = ScriptedSession.empty();
        ParamSlider slider = new ParamSlider(session, session.controls().get(1));
        session.gestures.clear();
        session.setParameterFromHost(1, 0.25f);
        slider.refresh();
        assertThat(slider.slider().getValue()).isEqualTo(250);
        assertThat(session.gestures).isEmpty();
        // While the musician holds it, automation does not yank it away.
        mouse(slider.slider(), MouseEvent.MOUSE_PRESSED);
        int held = slider.slider().getValue();
        session.setParameterFromHost(1, 0.9f);
        slider.refresh();
        assertThat(slider.slider().getValue()).isEqualTo(held).isNotEqualTo(900);
    }
}
