package dev.downbeat.plugin.core;

/**
 * Run by {@link NoAllocationTest} in a JVM with {@code -Xint} (no JIT, so no allocation can be
 * optimized away or added by the compiler): a busy session of the stand-in model, printing the bytes
 * process() allocated after the first block (whose class loading and linking do allocate).
 */
public final class InterpretedAllocationProbe {
    public static void main(String[] args) {
        int blocks = Integer.parseInt(args[0]);
        DownbeatInstrument inst = new DownbeatInstrument(FakeStepModel::new, new RecordingVoices());
        HostSimulator host = new HostSimulator(inst, 48000, 256);
        host.tempo = 240;
        host.speed = 8;
        NoAllocationTest.allocatedDuring(host, 0, 1, 256);
        long afterFirst = host.processAllocated;
        NoAllocationTest.allocatedDuring(host, 1, blocks - 1, 256);
        System.out.println("bytes-after-first-block " + (host.processAllocated - afterFirst) + " resampled " + inst.resampledBars()
                + " notes " + host.noteOns);
        inst.close();
    }
}
