package dev.downbeat.plugin.core;

/**
 * A host's transport for tests: plays from a position at a tempo and meter, hands blocks to an
 * instrument and collects the MIDI it sends, with absolute frames.
 */
final class HostSimulator {
    final Instrument instrument;
    final ProcessBlock block;
    final double sampleRate;
    double tempo = 120;
    int numerator = 4, denominator = 4;
    double quarters;      // transport position at the next block
    long frame;           // absolute frames processed
    boolean playing = true, offline;
    /** Real-time pacing: 0 runs as fast as possible, 4 at four times real time. */
    double speed;
    private long startNanos = -1;

    // MIDI out collected: note-ons only (pitch, absolute frame), and all events for checks.
    long[] noteOnFrame = new long[1 << 16];
    int[] noteOnPitch = new int[1 << 16];
    int noteOns, noteOffs;
    int maxHeld;
    private final boolean[] held = new boolean[128];
    boolean doubleOn, strayOff;

    static final com.sun.management.ThreadMXBean ALLOCATION =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    /** Bytes allocated inside process() calls (the measurement itself allocates nothing). */
    long processAllocated;
    long blocks, firstAllocatingBlock = -1, allocatingBlocks, largestAllocation;

    HostSimulator(Instrument instrument, double sampleRate, int maxBlock) {
        this.instrument = instrument;
        this.sampleRate = sampleRate;
        this.block = new ProcessBlock(maxBlock, 512);
        instrument.prepare(sampleRate, maxBlock);
    }

    double barQuarters() {
        return numerator * 4.0 / denominator;
    }

    /** Processes one block of {@code frames}. */
    void run(int frames) {
        if (speed > 0) pace();
        block.frames = frames;
        block.playing = playing;
        block.offline = offline;
        block.positionQuarters = quarters;
        block.positionValid = true;
        block.barStartQuarters = Math.floor(quarters / barQuarters() + 1e-9) * barQuarters();
        block.barStartValid = true;
        block.tempoBpm = tempo;
        block.meterNumerator = numerator;
        block.meterDenominator = denominator;
        long before = ALLOCATION.getCurrentThreadAllocatedBytes();
        instrument.process(block);
        long bytes = ALLOCATION.getCurrentThreadAllocatedBytes() - before;
        processAllocated += bytes;
        if (bytes > 0 && firstAllocatingBlock < 0) firstAllocatingBlock = blocks;
        if (bytes > 0) {
            allocatingBlocks++;
            largestAllocation = Math.max(largestAllocation, bytes);
        }
        blocks++;
        for (int i = 0; i < block.midiOutCount; i++) {
            int status = block.midiOutStatus[i] & 0xF0, pitch = block.midiOutData1[i];
            if (status == 0x90) {
                if (held[pitch]) doubleOn = true;
                held[pitch] = true;
                noteOnFrame[noteOns] = frame + block.midiOutFrame[i];
                noteOnPitch[noteOns++] = pitch;
            } else if (status == 0x80) {
                if (!held[pitch]) strayOff = true;
                held[pitch] = false;
                noteOffs++;
            }
        }
        int h = 0;
        for (boolean b : held) if (b) h++;
        maxHeld = Math.max(maxHeld, h);
        block.midiInCount = 0;
        frame += frames;
        if (playing) quarters += frames * tempo / 60.0 / sampleRate;
    }

    void pace() {
        long now = System.nanoTime();
        if (startNanos < 0) startNanos = now - (long) (frame / sampleRate * 1e9 / speed);
        long due = startNanos + (long) (frame / sampleRate * 1e9 / speed);
        while (System.nanoTime() < due) java.util.concurrent.locks.LockSupport.parkNanos(200_000);
    }

    /** Runs until the transport reaches {@code untilQuarters}, in blocks of {@code frames}. */
    void runUntil(double untilQuarters, int frames) {
        while (quarters < untilQuarters - 1e-9) run(frames);
    }

    boolean anyHeld() {
        for (boolean b : held) if (b) return true;
        return false;
    }

    /** Note-on pitches grouped by 16th step from the start of bar {@code bar} (4/4 at 0 only). */
    int[] eventsOfBar(int bar, int[] pitchOfVoice, double fromQuarters) {
        int[] events = new int[16];
        double framesPerQuarter = sampleRate * 60.0 / tempo;
        for (int i = 0; i < noteOns; i++) {
            double q = fromQuarters + noteOnFrame[i] / framesPerQuarter;
            int step = (int) Math.round(q * 4) - bar * 16;
            if (step < 0 || step >= 16) continue;
            for (int v = 0; v < 9; v++) if (pitchOfVoice[v] == noteOnPitch[i]) events[step] |= 1 << v;
        }
        return events;
    }
}
