package dev.downbeat.plugin.lv2;

/**
 * What the host's {@code options} feature says about block and sequence sizes. Immutable.
 *
 * @param maxBlock     {@code buf-size:maxBlockLength}, or 0 when the host did not say
 * @param sequenceSize {@code buf-size:sequenceSize} in bytes, or 0 when the host did not say
 */
record HostOptions(int maxBlock, int sequenceSize) {

    /** Reads the options the bridge marshalled (see {@link Lv2Plugin#instantiate}). */
    static HostOptions read(Urids urids, int[] keys, int[] types, long[] values) {
        int maxBlock = 0, sequenceSize = 0;
        for (int i = 0; i < keys.length; i++) {
            long value = integer(urids, types[i], values[i]);
            if (keys[i] == 0 || value < 0) continue;
            if (keys[i] == urids.of(Lv2Uri.MAX_BLOCK_LENGTH)) maxBlock = (int) Math.min(Integer.MAX_VALUE, value);
            else if (keys[i] == urids.of(Lv2Uri.SEQUENCE_SIZE)) sequenceSize = (int) Math.min(Integer.MAX_VALUE, value);
        }
        return new HostOptions(maxBlock, sequenceSize);
    }

    /** The option's value as an integer, or -1 for a type that is not an integer. */
    private static long integer(Urids urids, int type, long raw) {
        if (type == urids.of(Lv2Uri.ATOM_INT)) return (int) raw; // the low 4 bytes, little endian
        if (type == urids.of(Lv2Uri.ATOM_LONG)) return raw;
        return -1;
    }

    /** Why Downbeat cannot run with these options, or null when it can. */
    String problem() {
        if (maxBlock <= 0) {
            return "the host did not give the option buf-size:maxBlockLength (Downbeat must know its largest block "
                    + "to prepare buffers before the audio thread runs)";
        }
        if (maxBlock > Lv2Plugin.MAX_BLOCK_LIMIT) {
            return "the host's maximum block of " + maxBlock + " frames is more than the " + Lv2Plugin.MAX_BLOCK_LIMIT + " Downbeat supports";
        }
        return null;
    }
}
