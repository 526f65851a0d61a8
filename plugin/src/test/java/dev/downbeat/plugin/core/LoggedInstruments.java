package dev.downbeat.plugin.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The instruments one test makes: each plays into {@link RecordingVoices} and logs into
 * {@link #log} (what the host would show the user), and {@link #closeAll} closes them after the
 * test. The test thread's.
 */
final class LoggedInstruments {
    /** Every message the instruments sent to the host's log, in order. */
    final List<String> log = new ArrayList<>();
    private final List<DownbeatInstrument> made = new ArrayList<>();

    /** A new instrument running the models {@code models} makes. */
    DownbeatInstrument make(Supplier<StepModel> models) {
        DownbeatInstrument inst = new DownbeatInstrument(models, new RecordingVoices());
        inst.setHostCallbacks(new HostCallbacks() {
            @Override public void beginEdit(int index) { }
            @Override public void performEdit(int index, float normalized) { }
            @Override public void endEdit(int index) { }
            @Override public void log(String message) { log.add(message); }
        });
        made.add(inst);
        return inst;
    }

    void closeAll() {
        made.forEach(DownbeatInstrument::close);
    }
}
