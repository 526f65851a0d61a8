package dev.downbeat.app.play;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downbeat.plugin.AudioThreadAllocation;
import dev.downbeat.plugin.core.DownbeatInstrument;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The JACK process cycle of {@code downbeat play} on buffers of the test's own (no server): every
 * note goes to the MIDI port at its exact frame in the cycle, as note-on and note-off on the note
 * map, whatever JACK's cycle length; the audio starts on the note-on's frame; a timed play ends on
 * its frame; and a cycle allocates nothing.
 */
class JackCycleTest {
    private static final Set<Integer> NOTE_MAP = Set.of(36, 38, 42, 46, 41, 43, 45, 49, 51);

    /** A MIDI message as the port received it, with its frame counted from the start of the play. */
    record Message(long frame, int status, int data1, int data2) {
    }

    /** The port of a test: keeps every message with its absolute frame; checks JACK's ordering rule. */
    private static final class RecordingPort implements JackCycle.MidiPort {
        final List<Message> messages = new ArrayList<>();
        long cycleStart;
        int cycleLength, lastFrame;
        boolean inOrder = true, inCycle = true;

        boolean inOrder() {
            return inOrder;
        }

        @Override
        public void clear() {
            lastFrame = 0;
        }

        @Override
        public boolean write(int frame, byte[] message, int length) {
            inOrder &= frame >= lastFrame;
            inCycle &= frame >= 0 && frame < cycleLength;
            lastFrame = frame;
            messages.add(new Message(cycleStart + frame, message[0] & 0xFF, message[1] & 0xFF, message[2] & 0xFF));
            return true;
        }
    }

    /** What a play of {@code totalFrames} rendered through JACK cycles of the given lengths sent and sounded. */
    private record Take(List<Message> messages, float[] left, boolean inOrder, boolean inCycle, boolean finished) {
        List<Message> noteOns() {
            return messages.stream().filter(m -> (m.status() & 0xF0) == 0x90 && m.data2() > 0).toList();
        }
    }

    private static FloatBuffer portBuffer() {
        return ByteBuffer.allocateDirect(4 * JackOutput.MAX_BLOCK).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Plays from the top (offline: the instrument waits for its bars) through cycles of {@code lengths}, repeated. */
    private static Take play(int sampleRate, double bpm, Double quarters, int totalFrames, int... lengths) {
        try (DownbeatInstrument instrument = new DownbeatInstrument()) {
            instrument.prepare(sampleRate, JackOutput.MAX_BLOCK);
            TransportDriver driver = new TransportDriver(instrument, sampleRate, JackOutput.MAX_BLOCK, bpm);
            driver.renderOffline(true);
            RecordingPort port = new RecordingPort();
            JackCycle cycle = new JackCycle(driver, port);
            FloatBuffer left = portBuffer(), right = portBuffer();
            float[] audio = new float[totalFrames];
            if (quarters == null) driver.play();
            else driver.playFor(quarters);
            int done = 0;
            for (int i = 0; done < totalFrames; i++) {
                int n = Math.min(lengths[i % lengths.length], totalFrames - done);
                port.cycleStart = done;
                port.cycleLength = n;
                cycle.run(left, right, n);
                left.get(0, audio, done, n);
                done += n;
            }
            assertThat(cycle.messagesLost()).isZero();
            assertThat(cycle.noteOnsSent()).isEqualTo(port.messages.stream().filter(m -> (m.status() & 0xF0) == 0x90).count());
            return new Take(port.messages, audio, port.inOrder, port.inCycle, driver.finished());
        }
    }

    @Test
    void everyNoteGoesOutOnItsFrameOfTheGridWhateverTheCycleLength() {
        int frames = 4 * 16 * 6000; // four bars at 120 bpm, 48 kHz: 6000 frames a 16th
        Take reference = play(48000, 120, null, frames, 256);
        List<Message> ons = reference.noteOns();
        assertThat(ons).as("the model plays drums").hasSizeGreaterThan(16);
        assertThat(ons).allSatisfy(m -> {
            assertThat(m.frame() % 6000).as("note-on at frame %d: on the 16th grid", m.frame()).isZero();
            assertThat(NOTE_MAP).as("pitch of the note map").contains(m.data1());
            assertThat(m.data2()).isBetween(1, 127);
        });
        // Each note-on ends half a step later with a note-off of its pitch, as the plugin's MIDI out does.
        for (Message on : ons) {
            assertThat(reference.messages()).as("note-off of %s", on)
                    .contains(new Message(on.frame() + 3000, 0x80, on.data1(), 0));
        }
        assertThat(reference.inOrder()).as("frames never decrease within a cycle (JACK's rule)").isTrue();
        assertThat(reference.inCycle()).as("every frame inside its cycle").isTrue();

        // The same play through cycles of other lengths, fixed and changing (as after jack_bufsize), sends
        // the same messages on the same frames: placement does not depend on where the cycles cut.
        Random random = new Random(7);
        int[] mixed = new int[50];
        for (int i = 0; i < mixed.length; i++) mixed[i] = 1 + random.nextInt(JackOutput.MAX_BLOCK);
        for (int[] lengths : new int[][] {{1000}, {8192}, {17, 4096, 3}, mixed}) {
            Take take = play(48000, 120, null, frames, lengths);
            String label = java.util.Arrays.toString(lengths);
            assertThat(take.messages()).as("cycles of %s frames", label.length() > 30 ? label.substring(0, 30) + "..." : label)
                    .isEqualTo(reference.messages());
            assertThat(take.inOrder()).isTrue();
            assertThat(take.inCycle()).isTrue();
        }
    }

    @Test
    void theAudioStartsOnTheFirstNoteOnsFrame() {
        Take take = play(48000, 120, null, 2 * 16 * 6000, 256);
        long first = take.noteOns().get(0).frame();
        float before = 0, attack = 0;
        for (int i = 0; i < first; i++) before = Math.max(before, Math.abs(take.left()[i]));
        for (long i = first; i < first + 48; i++) attack = Math.max(attack, Math.abs(take.left()[(int) i]));
        assertThat(before).as("silence before the first note-on at frame %d", first).isZero();
        assertThat(attack).as("a hit within 1 ms of it").isGreaterThan(0.01f);
    }

    @Test
    void atOtherRatesAndTemposNotesSitWithinAFrameOfTheGrid() {
        // 44.1 kHz at 100 bpm: a 16th is 6615 frames; at 97 bpm 6819.07..., not a whole number of frames.
        for (double bpm : new double[] {100, 97}) {
            double step = 44100 * 60.0 / bpm / 4;
            Take take = play(44100, bpm, null, (int) (2 * 16 * step), 512, 64);
            assertThat(take.noteOns()).isNotEmpty().allSatisfy(m -> {
                double k = Math.round(m.frame() / step);
                assertThat(Math.abs(m.frame() - k * step)).as("note-on at %d, %.1f bpm", m.frame(), bpm).isLessThanOrEqualTo(1.0);
            });
        }
    }

    @Test
    void aTimedPlayEndsOnItsFrameAndEndsItsNotes() {
        // Two bars (8 quarters) at 120 bpm, 48 kHz: 192000 frames; render a second more in odd cycles.
        Take take = play(48000, 120, 8.0, 192000 + 48000, 1001);
        assertThat(take.finished()).isTrue();
        assertThat(take.noteOns()).isNotEmpty().allSatisfy(m -> assertThat(m.frame()).isLessThan(192000));
        long ons = take.noteOns().size();
        long offs = take.messages().stream().filter(m -> (m.status() & 0xF0) == 0x80).count();
        assertThat(offs).as("every note-on gets its note-off").isEqualTo(ons);
    }

    @Test
    void followingJacksTransportPlaysWhereItStandsAndOnlyWhileItRolls() {
        try (DownbeatInstrument instrument = new DownbeatInstrument()) {
            instrument.prepare(48000, JackOutput.MAX_BLOCK);
            TransportDriver driver = new TransportDriver(instrument, 48000, JackOutput.MAX_BLOCK, 120);
            driver.renderOffline(true);
            List<String> asked = new ArrayList<>();
            driver.follow(new TransportDriver.Remote() {
                @Override public void start() { asked.add("start"); }
                @Override public void stop() { asked.add("stop"); }
            });
            driver.play();
            assertThat(asked).as("Play starts JACK's transport, not the app's own").containsExactly("start");
            RecordingPort port = new RecordingPort();
            JackCycle cycle = new JackCycle(driver, port);
            FloatBuffer left = portBuffer(), right = portBuffer();
            // JACK's transport: rolls from frame 0 for two bars, stands for one, then rolls again from
            // a relocation to bar 3 (quarter 8). Its reported position is rounded to whole ticks of
            // 1/1920 quarter, as a timebase master's (Ardour's) are, up to 6 frames off: the position
            // carried by the frames played wins, so the notes stay on their exact frames.
            long transportFrame = 0;
            int bar = 96000;
            for (long frame = 0; frame < 5L * bar; frame += 256) {
                boolean rolling = frame < 2L * bar || frame >= 3L * bar;
                if (frame == 3L * bar) transportFrame = 2L * bar; // relocated to quarter 8
                double quarters = Math.round(transportFrame / 24000.0 * 1920) / 1920.0;
                driver.locate(rolling, quarters, 120);
                port.cycleStart = frame;
                port.cycleLength = 256;
                cycle.run(left, right, 256);
                if (rolling) transportFrame += 256;
            }
            List<Message> ons = port.messages.stream().filter(m -> (m.status() & 0xF0) == 0x90).toList();
            assertThat(ons).as("notes in the first two bars").anyMatch(m -> m.frame() < 2L * bar);
            assertThat(ons).as("and after the relocation").anyMatch(m -> m.frame() >= 3L * bar);
            assertThat(ons).as("none while JACK's transport stands")
                    .noneMatch(m -> m.frame() >= 2L * bar && m.frame() < 3L * bar);
            assertThat(ons).allSatisfy(m -> assertThat(m.frame() % 6000).as("note-on at %d on the grid", m.frame()).isZero());
            assertThat(port.inOrder()).isTrue();
            assertThat(driver.playing()).isTrue();
            driver.stop();
            assertThat(asked).containsExactly("start", "stop");
        }
    }

    @Test
    void aCycleAllocatesNothingOnTheAudioThread() throws Exception {
        try (DownbeatInstrument instrument = new DownbeatInstrument()) {
            instrument.prepare(48000, JackOutput.MAX_BLOCK);
            TransportDriver driver = new TransportDriver(instrument, 48000, JackOutput.MAX_BLOCK, 120);
            long[] written = new long[1];
            JackCycle cycle = new JackCycle(driver, new JackCycle.MidiPort() {
                @Override public void clear() { }
                @Override public boolean write(int frame, byte[] message, int length) {
                    written[0]++;
                    return true;
                }
            });
            FloatBuffer left = portBuffer(), right = portBuffer();
            // The model loads and the opening bar is written off the audio thread: wait for it.
            long ready = System.nanoTime() + 30_000_000_000L;
            while (instrument.timeline().bars().isEmpty() && System.nanoTime() < ready) Thread.sleep(20);
            driver.play();
            Throwable[] failure = new Throwable[1];
            Thread audio = new Thread(() -> {
                try {
                    // At four times real time: the bar writer keeps ahead, so the cycles carry notes.
                    long cycleNanos = 256 * 1_000_000_000L / 48000 / 4;
                    long[] due = {System.nanoTime()};
                    Runnable paced = () -> {
                        cycle.run(left, right, 256);
                        due[0] += cycleNanos;
                        long wait = due[0] - System.nanoTime();
                        if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    };
                    for (int i = 0; i < 6000; i++) paced.run(); // warm up: 32 s of music
                    AudioThreadAllocation.assertAllocatesNothing("JACK cycles of 256 frames", () -> {
                        for (int i = 0; i < 1500; i++) paced.run(); // 8 s of music, four bars
                    });
                } catch (Throwable t) {
                    failure[0] = t;
                }
            }, "test JACK process thread");
            audio.start();
            audio.join();
            if (failure[0] instanceof AssertionError e) throw e;
            assertThat(failure[0]).isNull();
            assertThat(written[0]).as("MIDI went out while measured").isGreaterThan(100);
        }
    }
}
