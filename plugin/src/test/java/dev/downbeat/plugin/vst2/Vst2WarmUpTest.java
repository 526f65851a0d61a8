package dev.downbeat.plugin.vst2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downbeat.plugin.core.Param;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class Vst2WarmUpTest {

    private static long logSize() throws Exception {
        Path log = LogFile.path();
        return Files.exists(log) ? Files.size(log) : -1;
    }

    @Test
    void warmingUpTouchesNoOtherPluginAndLogsNoFailure() throws Exception {
        FakeHost host = new FakeHost();
        RecordingInstrument instrument = new RecordingInstrument();
        Vst2Plugin open = new Vst2Plugin(instrument, (o, i, v, f) -> 0, host.buffer);
        float[] set = new float[Param.count()];
        for (int i = 0; i < set.length; i++) {
            open.setParameter(i, 0.37f);
            set[i] = open.getParameter(i);
        }
        long logBefore = logSize();

        Vst2WarmUp.run(); // on this thread, as the host's first instance starts it on its own

        for (int i = 0; i < set.length; i++) assertThat(open.getParameter(i)).as("parameter %d", i).isEqualTo(set[i]);
        assertThat(logSize()).as("the warm-up logged a failure").isEqualTo(logBefore);
        open.close();
    }

    @Test
    void theThrowawayPluginOnlyTakesParameters() {
        Vst2Plugin throwaway = Vst2Plugin.unprepared(new RecordingInstrument());
        throwaway.setParameter(Param.TEMPERATURE.index, 0.25f);
        assertThat(throwaway.getParameter(Param.TEMPERATURE.index)).isEqualTo(0.25f, org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(throwaway.process(0, 64, 64)).as("never prepared: silence").isEqualTo(-1);
        throwaway.close();
    }
}
