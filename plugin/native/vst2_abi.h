/*
 * The VST 2.4 binary interface, written from the layout hosts actually use (the SDK is not
 * needed and not used). Only what Downbeat speaks is named; numbers are the ABI's, so gaps in
 * the opcode lists are deliberate. Static asserts pin every size and offset on x86_64.
 */
#ifndef DOWNBEAT_VST2_ABI_H
#define DOWNBEAT_VST2_ABI_H

#include <stddef.h>
#include <stdint.h>

#define VST2_CALL /* cdecl is the only convention on x86_64 Linux */

struct AEffect;

typedef intptr_t (*Vst2HostCallback)(struct AEffect *effect, int32_t opcode, int32_t index, intptr_t value,
                                     void *ptr, float opt);
typedef intptr_t (*Vst2DispatcherProc)(struct AEffect *effect, int32_t opcode, int32_t index, intptr_t value,
                                       void *ptr, float opt);
typedef void (*Vst2ProcessProc)(struct AEffect *effect, float **inputs, float **outputs, int32_t frames);
typedef void (*Vst2ProcessDoubleProc)(struct AEffect *effect, double **inputs, double **outputs, int32_t frames);
typedef void (*Vst2SetParameterProc)(struct AEffect *effect, int32_t index, float value);
typedef float (*Vst2GetParameterProc)(struct AEffect *effect, int32_t index);

/* 'VstP' */
#define VST2_MAGIC 0x56737450

typedef struct AEffect {
    int32_t magic;
    Vst2DispatcherProc dispatcher;
    Vst2ProcessProc process; /* deprecated accumulating process; hosts may still call it */
    Vst2SetParameterProc setParameter;
    Vst2GetParameterProc getParameter;
    int32_t numPrograms;
    int32_t numParams;
    int32_t numInputs;
    int32_t numOutputs;
    int32_t flags;
    intptr_t resvd1;
    intptr_t resvd2;
    int32_t initialDelay;
    int32_t realQualities;
    int32_t offQualities;
    float ioRatio;
    void *object; /* the plugin's own instance */
    void *user;   /* the host's */
    int32_t uniqueID;
    int32_t version;
    Vst2ProcessProc processReplacing;
    Vst2ProcessDoubleProc processDoubleReplacing;
    char future[56];
} AEffect;

_Static_assert(sizeof(void *) == 8, "this ABI header is written for 64-bit hosts");
_Static_assert(offsetof(AEffect, dispatcher) == 8, "AEffect.dispatcher");
_Static_assert(offsetof(AEffect, numPrograms) == 40, "AEffect.numPrograms");
_Static_assert(offsetof(AEffect, flags) == 56, "AEffect.flags");
_Static_assert(offsetof(AEffect, resvd1) == 64, "AEffect.resvd1");
_Static_assert(offsetof(AEffect, initialDelay) == 80, "AEffect.initialDelay");
_Static_assert(offsetof(AEffect, object) == 96, "AEffect.object");
_Static_assert(offsetof(AEffect, uniqueID) == 112, "AEffect.uniqueID");
_Static_assert(offsetof(AEffect, processReplacing) == 120, "AEffect.processReplacing");
_Static_assert(offsetof(AEffect, processDoubleReplacing) == 128, "AEffect.processDoubleReplacing");
_Static_assert(sizeof(AEffect) == 192, "AEffect size");

/* AEffect.flags */
enum {
    effFlagsHasEditor = 1 << 0,
    effFlagsCanReplacing = 1 << 4,
    effFlagsProgramChunks = 1 << 5,
    effFlagsIsSynth = 1 << 8,
    effFlagsNoSoundInStop = 1 << 9,
    effFlagsCanDoubleReplacing = 1 << 12,
};

/* Host to plugin: the dispatcher's opcodes. */
enum {
    effOpen = 0,
    effClose = 1,
    effSetProgram = 2,
    effGetProgram = 3,
    effSetProgramName = 4,
    effGetProgramName = 5,
    effGetParamLabel = 6,
    effGetParamDisplay = 7,
    effGetParamName = 8,
    effSetSampleRate = 10,
    effSetBlockSize = 11,
    effMainsChanged = 12,
    effEditGetRect = 13,
    effEditOpen = 14,
    effEditClose = 15,
    effEditIdle = 19,
    effGetChunk = 23,
    effSetChunk = 24,
    effProcessEvents = 25,
    effCanBeAutomated = 26,
    effString2Parameter = 27,
    effGetProgramNameIndexed = 29,
    effGetInputProperties = 33,
    effGetOutputProperties = 34,
    effGetPlugCategory = 35,
    effSetBypass = 44,
    effGetEffectName = 45,
    effGetVendorString = 47,
    effGetProductString = 48,
    effGetVendorVersion = 49,
    effVendorSpecific = 50,
    effCanDo = 51,
    effGetTailSize = 52,
    effGetParameterProperties = 56,
    effGetVstVersion = 58,
    effStartProcess = 71,
    effStopProcess = 72,
    effSetProcessPrecision = 77,
    effGetNumMidiInputChannels = 78,
    effGetNumMidiOutputChannels = 79,
};

/* Plugin to host: the callback's opcodes. */
enum {
    audioMasterAutomate = 0,
    audioMasterVersion = 1,
    audioMasterCurrentId = 2,
    audioMasterIdle = 3,
    audioMasterGetTime = 7,
    audioMasterProcessEvents = 8,
    audioMasterIOChanged = 13,
    audioMasterSizeWindow = 15,
    audioMasterGetSampleRate = 16,
    audioMasterGetBlockSize = 17,
    audioMasterGetCurrentProcessLevel = 23,
    audioMasterGetVendorString = 32,
    audioMasterGetProductString = 33,
    audioMasterCanDo = 37,
    audioMasterUpdateDisplay = 42,
    audioMasterBeginEdit = 43,
    audioMasterEndEdit = 44,
};

/* audioMasterGetCurrentProcessLevel answers */
enum {
    kVstProcessLevelUnknown = 0,
    kVstProcessLevelUser = 1,
    kVstProcessLevelRealtime = 2,
    kVstProcessLevelPrefetch = 3,
    kVstProcessLevelOffline = 4,
};

/* effGetPlugCategory answers */
enum { kPlugCategEffect = 1, kPlugCategSynth = 2 };

/* String buffer sizes hosts provide (including the terminating zero). */
enum {
    kVstMaxParamStrLen = 8,   /* the SDK's number; every host in use gives more, see vst2_bridge.c */
    kVstMaxProgNameLen = 24,
    kVstMaxEffectNameLen = 32,
    kVstMaxVendorStrLen = 64,
    kVstMaxProductStrLen = 64,
};

typedef struct VstTimeInfo {
    double samplePos;
    double sampleRate;
    double nanoSeconds;
    double ppqPos;
    double tempo;
    double barStartPos;
    double cycleStartPos;
    double cycleEndPos;
    int32_t timeSigNumerator;
    int32_t timeSigDenominator;
    int32_t smpteOffset;
    int32_t smpteFrameRate;
    int32_t samplesToNextClock;
    int32_t flags;
} VstTimeInfo;

_Static_assert(offsetof(VstTimeInfo, ppqPos) == 24, "VstTimeInfo.ppqPos");
_Static_assert(offsetof(VstTimeInfo, barStartPos) == 40, "VstTimeInfo.barStartPos");
_Static_assert(offsetof(VstTimeInfo, timeSigNumerator) == 64, "VstTimeInfo.timeSigNumerator");
_Static_assert(offsetof(VstTimeInfo, flags) == 84, "VstTimeInfo.flags");
_Static_assert(sizeof(VstTimeInfo) == 88, "VstTimeInfo size");

/* VstTimeInfo.flags, and the request mask passed as `value` of audioMasterGetTime */
enum {
    kVstTransportChanged = 1,
    kVstTransportPlaying = 1 << 1,
    kVstTransportCycleActive = 1 << 2,
    kVstTransportRecording = 1 << 3,
    kVstAutomationWriting = 1 << 6,
    kVstAutomationReading = 1 << 7,
    kVstNanosValid = 1 << 8,
    kVstPpqPosValid = 1 << 9,
    kVstTempoValid = 1 << 10,
    kVstBarsValid = 1 << 11,
    kVstCyclePosValid = 1 << 12,
    kVstTimeSigValid = 1 << 13,
    kVstSmpteValid = 1 << 14,
    kVstClockValid = 1 << 15,
};

enum { kVstMidiType = 1, kVstSysExType = 6 };

typedef struct VstEvent {
    int32_t type;
    int32_t byteSize;
    int32_t deltaFrames;
    int32_t flags;
    char data[16];
} VstEvent;

typedef struct VstMidiEvent {
    int32_t type;        /* kVstMidiType */
    int32_t byteSize;    /* sizeof(VstMidiEvent) */
    int32_t deltaFrames; /* frames from the block's start */
    int32_t flags;       /* kVstMidiEventIsRealtime */
    int32_t noteLength;
    int32_t noteOffset;
    char midiData[4];
    char detune;
    char noteOffVelocity;
    char reserved1;
    char reserved2;
} VstMidiEvent;

enum { kVstMidiEventIsRealtime = 1 };

/* The host's array of events; `events` really holds numEvents pointers. */
typedef struct VstEvents {
    int32_t numEvents;
    intptr_t reserved;
    VstEvent *events[2];
} VstEvents;

_Static_assert(sizeof(VstEvent) == 32, "VstEvent size");
_Static_assert(sizeof(VstMidiEvent) == 32, "VstMidiEvent size");
_Static_assert(offsetof(VstMidiEvent, midiData) == 24, "VstMidiEvent.midiData");
_Static_assert(offsetof(VstEvents, reserved) == 8, "VstEvents.reserved");
_Static_assert(offsetof(VstEvents, events) == 16, "VstEvents.events");

typedef struct ERect {
    int16_t top, left, bottom, right;
} ERect;

_Static_assert(sizeof(ERect) == 8, "ERect size");

/* Four characters as a VST2 id: 'DnBt' */
#define VST2_FOURCC(a, b, c, d) (((int32_t)(a) << 24) | ((int32_t)(b) << 16) | ((int32_t)(c) << 8) | (int32_t)(d))

#endif
