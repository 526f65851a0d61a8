/*
 * The block of memory one VST2 instance shares with its Java side (a direct ByteBuffer in native
 * byte order). The C bridge copies the host's data in and out of it; Java interprets it.
 * Must match dev.downbeat.plugin.vst2.SharedBlock, which checks SHARED_SIZE at open.
 *
 * Owned by the audio thread while processReplacing and effProcessEvents run.
 */
#ifndef DOWNBEAT_VST2_SHARED_H
#define DOWNBEAT_VST2_SHARED_H

#include "vst2_abi.h"

enum {
    SHARED_TIME_INFO = 0,        /* a copy of the host's VstTimeInfo */
    SHARED_TIME_PRESENT = 88,    /* int32: 1 if the host answered audioMasterGetTime */
    SHARED_PROCESS_LEVEL = 92,   /* int32: audioMasterGetCurrentProcessLevel's answer */
    SHARED_MIDI_IN_COUNT = 96,   /* int32: events in SHARED_MIDI_IN for this host block */
    SHARED_MIDI_CAPACITY = 512,  /* events each way per host block */
    SHARED_MIDI_IN = 128,        /* entries of {int32 deltaFrames; uint8 status, data1, data2, pad} */
    SHARED_MIDI_OUT = SHARED_MIDI_IN + 8 * SHARED_MIDI_CAPACITY,
    SHARED_AUDIO_CAPACITY = 8192, /* frames per Java call; longer host blocks are split */
    SHARED_LEFT = SHARED_MIDI_OUT + 8 * SHARED_MIDI_CAPACITY, /* float32[SHARED_AUDIO_CAPACITY] */
    SHARED_RIGHT = SHARED_LEFT + 4 * SHARED_AUDIO_CAPACITY,
    SHARED_SIZE = SHARED_RIGHT + 4 * SHARED_AUDIO_CAPACITY,
};

_Static_assert(sizeof(VstTimeInfo) <= SHARED_TIME_PRESENT, "time info fits its slot");

#endif
