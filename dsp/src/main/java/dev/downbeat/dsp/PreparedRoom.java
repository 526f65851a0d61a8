package dev.downbeat.dsp;

/**
 * An impulse response made ready for one engine: resampled to its rate and cut into convolver
 * partitions for both channels. Built off the audio thread, then owned by the audio thread.
 */
final class PreparedRoom {
    final ImpulseResponse source;
    final PartitionedConvolver left;
    final PartitionedConvolver right;

    private PreparedRoom(ImpulseResponse source, PartitionedConvolver left, PartitionedConvolver right) {
        this.source = source;
        this.left = left;
        this.right = right;
    }

    static PreparedRoom build(ImpulseResponse source, double sampleRate, int maxBlock) {
        float[][] channels = source.channelsAt(sampleRate);
        int headBlock = PartitionedConvolver.headBlockFor(maxBlock);
        return new PreparedRoom(source, new PartitionedConvolver(channels[0], headBlock, 0, 2),
                new PartitionedConvolver(channels[1], headBlock, 1, 2));
    }

    int length() {
        return Math.max(left.length(), right.length());
    }
}
