package dev.downbeat.plugin.lv2;

/**
 * Every URI Downbeat maps through the host's {@code urid:map}. The bridge maps them in this
 * declaration order at instantiate ({@link Lv2Plugin#urisToMap}); {@link Urids} holds the results.
 */
enum Lv2Uri {
    ATOM_SEQUENCE(Lv2Uri.ATOM + "Sequence"),
    ATOM_CHUNK(Lv2Uri.ATOM + "Chunk"),
    ATOM_OBJECT(Lv2Uri.ATOM + "Object"),
    ATOM_BLANK(Lv2Uri.ATOM + "Blank"),
    ATOM_RESOURCE(Lv2Uri.ATOM + "Resource"),
    ATOM_INT(Lv2Uri.ATOM + "Int"),
    ATOM_LONG(Lv2Uri.ATOM + "Long"),
    ATOM_FLOAT(Lv2Uri.ATOM + "Float"),
    ATOM_DOUBLE(Lv2Uri.ATOM + "Double"),
    ATOM_BOOL(Lv2Uri.ATOM + "Bool"),
    ATOM_PATH(Lv2Uri.ATOM + "Path"),
    MIDI_EVENT("http://lv2plug.in/ns/ext/midi#MidiEvent"),
    TIME_POSITION(Lv2Uri.TIME + "Position"),
    TIME_BAR(Lv2Uri.TIME + "bar"),
    TIME_BAR_BEAT(Lv2Uri.TIME + "barBeat"),
    TIME_BEAT(Lv2Uri.TIME + "beat"),
    TIME_BEAT_UNIT(Lv2Uri.TIME + "beatUnit"),
    TIME_BEATS_PER_BAR(Lv2Uri.TIME + "beatsPerBar"),
    TIME_BEATS_PER_MINUTE(Lv2Uri.TIME + "beatsPerMinute"),
    TIME_SPEED(Lv2Uri.TIME + "speed"),
    TIME_FRAME(Lv2Uri.TIME + "frame"),
    MAX_BLOCK_LENGTH(Lv2Uri.BUF_SIZE + "maxBlockLength"),
    NOMINAL_BLOCK_LENGTH(Lv2Uri.BUF_SIZE + "nominalBlockLength"),
    SEQUENCE_SIZE(Lv2Uri.BUF_SIZE + "sequenceSize"),
    /** The state property holding the instrument's own versioned, checksummed state chunk. */
    STATE_CHUNK(Lv2Plugin.URI + "#state"),
    /** The user's kit folder, as an atom:Path the host maps ({@code state:mapPath}); absent for the bundled kit. */
    STATE_KIT_PATH(Lv2Plugin.URI + "#kitPath"),
    /** The user's impulse response file, as an atom:Path; absent for the bundled room. */
    STATE_ROOM_PATH(Lv2Plugin.URI + "#roomPath"),
    /** The user's model folder, as an atom:Path; absent for the bundled model. */
    STATE_MODEL_PATH(Lv2Plugin.URI + "#modelPath");

    static final String ATOM = "http://lv2plug.in/ns/ext/atom#";
    static final String TIME = "http://lv2plug.in/ns/ext/time#";
    static final String BUF_SIZE = "http://lv2plug.in/ns/ext/buf-size#";

    final String uri;

    Lv2Uri(String uri) {
        this.uri = uri;
    }
}
