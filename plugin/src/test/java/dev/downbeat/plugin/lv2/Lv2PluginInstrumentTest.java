package dev.downbeat.plugin.lv2;

import dev.downbeat.plugin.core.DownbeatInstrument;
import dev.downbeat.plugin.core.HostCallbacks;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The LV2 bridge's Java side over the real instrument, as jalv drives it: rolling transport, live mode. */
class Lv2PluginInstrumentTest {
    private static final int BLOCK = 256;

    @Test
    void aRollingTransportPlaysNotesOnSixteenthsWithoutAllocatingOnTheAudioThread() throws Exception {
        List<String> messages = new ArrayList<>();
        HostCallbacks log = new HostCallbacks() {
            @Override public void beginEdit(int index) { }
            @Override public void performEdit(int index, float normalized) { }
            @Override public void endEdit(int index) { }
            @Override public void log(String message) { messages.add(message); }
        };
        int[] keys = {TestUrids.of(Lv2Uri.MAX_BLOCK_LENGTH)}, types = {TestUrids.of(Lv2Uri.ATOM_INT)};
        DownbeatInstrument instrument = new DownbeatInstrument();
        Lv2Plugin p = Lv2Plugin.instantiate(48_000, "/bundle", Lv2Plugin.REQUIRED_FEATURES.toArray(new String[0]),
                TestUrids.ids(), keys, types, new long[] {BLOCK}, log, instrument);
        assertThat(p).as("log: %s", messages).isNotNull();
        try {
            ByteBuffer controls = p.controlBuffer();
            for (int c = 0; c < Lv2Ports.controlCount(); c++) controls.putFloat(4 * c, Float.NaN);
            p.activate();
            AtomForge start = new AtomForge().transport(0, 1f, 0, 0f, 120f);
            int startBytes = start.length();
            ByteBuffer in = p.atomInBuffer();
            for (int i = 0; i < startBytes; i++) in.put(i, start.buffer.get(i));

            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long thread = Thread.currentThread().getId();
            int noteOns = 0, offGrid = 0;
            long allocatedAfterWarmUp = 0, before = 0;
            int blocks = 48_000 * 10 / BLOCK; // 10 s: 5 bars at 120 bpm
            long nextBlockNanos = System.nanoTime();
            for (int b = 0; b < blocks; b++) {
                if (b == blocks / 2) before = threads.getThreadAllocatedBytes(thread);
                int out = p.run(BLOCK, b == 0 ? startBytes : 0, 1 << 16);
                ByteBuffer o = p.atomOutBuffer();
                for (int at = 16; at + 24 <= out; at += 24) {
                    if ((o.get(at + 16) & 0xf0) == 0x90 && o.get(at + 18) != 0) {
                        noteOns++;
                        long frame = (long) b * BLOCK + o.getLong(at);
                        if (frame % 6000 != 0) offGrid++;
                    }
                }
                // Paced in real time, as a live host would: the model works ahead on its own thread.
                nextBlockNanos += BLOCK * 1_000_000_000L / 48_000;
                long wait = nextBlockNanos - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            allocatedAfterWarmUp = threads.getThreadAllocatedBytes(thread) - before;
            assertThat(noteOns).as("note-ons in 5 bars").isGreaterThanOrEqualTo(10);
            assertThat(offGrid).as("note-ons off the 16th grid").isZero();
            assertThat(allocatedAfterWarmUp).as("bytes allocated by run() in the second half").isZero();
        } finally {
            p.cleanup();
        }
    }
}
