/*
 * The VST2 face of Downbeat: exports VSTPluginMain, and forwards every host call to
 * dev.downbeat.plugin.vst2.Vst2Plugin. It decides nothing: it copies data between the host's
 * structs and Java, and owns the lifetime of each instance's memory.
 *
 * Layout it expects (see docs/architecture.md, "Plugin file layout"):
 *   <dir>/Downbeat.so          this library
 *   <dir>/Downbeat/lib/        the jars: the class path
 *   <dir>/Downbeat/runtime/    optional bundled Java runtime
 */
#define _GNU_SOURCE
#include <jni.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jvm_boot.h"
#include "vst2_abi.h"
#include "vst2_shared.h"

#define EXPORT __attribute__((visibility("default")))

/* Indexes into Vst2Plugin.describe()'s answer. */
enum { DESCRIBE_PROGRAMS, DESCRIBE_PARAMS, DESCRIBE_INPUTS, DESCRIBE_OUTPUTS, DESCRIBE_FLAGS,
       DESCRIBE_UNIQUE_ID, DESCRIBE_VERSION, DESCRIBE_DELAY, DESCRIBE_TIME_REQUEST, DESCRIBE_LENGTH };

/* The host's VstEvents with room for a full block of our MIDI out. */
typedef struct OutEvents {
    int32_t numEvents;
    intptr_t reserved;
    VstEvent *events[SHARED_MIDI_CAPACITY];
} OutEvents;

_Static_assert(offsetof(OutEvents, events) == offsetof(VstEvents, events), "OutEvents matches VstEvents");

/* One plugin instance. The audio thread owns shared, midi_in_count and the out events while
 * processing; host threads own the rest. */
typedef struct Instance {
    AEffect effect;
    Vst2HostCallback host;
    jobject plugin;        /* global ref: Vst2Plugin */
    jobject shared_buffer; /* global ref: direct ByteBuffer over shared */
    unsigned char *shared; /* SHARED_SIZE bytes */
    int32_t time_request;  /* audioMasterGetTime's request mask, from Java */
    int32_t midi_in_count;
    void *chunk;           /* the last effGetChunk answer; the host reads it until the next call */
    ERect rect;
    OutEvents out_events;
    VstMidiEvent out_midi[SHARED_MIDI_CAPACITY];
} Instance;

/* Java classes and methods, bound once per load of this library (under bind_lock). */
static pthread_mutex_t bind_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
    int bound;
    jclass plugin_class;
    jmethodID open, describe, dispatch, text, can_do, parse_parameter, save_chunk, load_chunk;
    jmethodID set_parameter, get_parameter, process, close;
} java;

/* ---------- Java calling the host ---------- */

static jlong JNICALL native_host_call(JNIEnv *env, jclass cls, jlong effect, jint opcode, jint index, jlong value,
                                      jfloat opt) {
    (void)env;
    (void)cls;
    AEffect *e = (AEffect *)(intptr_t)effect;
    Instance *in = e ? (Instance *)e->object : NULL;
    if (!in || !in->host) return 0;
    return (jlong)in->host(e, opcode, index, (intptr_t)value, NULL, opt);
}

static int bind_java(JNIEnv *env) {
    pthread_mutex_lock(&bind_lock);
    if (java.bound) {
        pthread_mutex_unlock(&bind_lock);
        return 1;
    }
    int ok = 0;
    jclass native_host = jvm_boot_load_class(env, "dev.downbeat.plugin.vst2.NativeHost");
    jclass plugin = jvm_boot_load_class(env, "dev.downbeat.plugin.vst2.Vst2Plugin");
    if (!native_host || !plugin) goto done;
    /* Registered on every load: the function's address changes when the host reloads us. */
    JNINativeMethod call = {"call", "(JIIJF)J", (void *)native_host_call};
    if ((*env)->RegisterNatives(env, native_host, &call, 1) != 0) {
        jvm_boot_catch(env, "registering NativeHost.call");
        goto done;
    }
    java.plugin_class = plugin;
    java.open = (*env)->GetStaticMethodID(env, plugin, "open", "(JLjava/nio/ByteBuffer;)Ldev/downbeat/plugin/vst2/Vst2Plugin;");
    java.describe = (*env)->GetMethodID(env, plugin, "describe", "()[I");
    java.dispatch = (*env)->GetMethodID(env, plugin, "dispatch", "(IIJF)J");
    java.text = (*env)->GetMethodID(env, plugin, "text", "(II)Ljava/lang/String;");
    java.can_do = (*env)->GetMethodID(env, plugin, "canDo", "(Ljava/lang/String;)I");
    java.parse_parameter = (*env)->GetMethodID(env, plugin, "parseParameter", "(ILjava/lang/String;)I");
    java.save_chunk = (*env)->GetMethodID(env, plugin, "saveChunk", "()[B");
    java.load_chunk = (*env)->GetMethodID(env, plugin, "loadChunk", "([B)I");
    java.set_parameter = (*env)->GetMethodID(env, plugin, "setParameter", "(IF)V");
    java.get_parameter = (*env)->GetMethodID(env, plugin, "getParameter", "(I)F");
    java.process = (*env)->GetMethodID(env, plugin, "process", "(III)I");
    java.close = (*env)->GetMethodID(env, plugin, "close", "()V");
    if (jvm_boot_catch(env, "binding Vst2Plugin's methods")) goto done;
    java.bound = 1;
    ok = 1;
done:
    if (native_host) (*env)->DeleteGlobalRef(env, native_host);
    if (!ok && plugin) (*env)->DeleteGlobalRef(env, plugin);
    pthread_mutex_unlock(&bind_lock);
    return ok;
}

/* ---------- helpers ---------- */

/* Copies a Java string into a host buffer of `capacity` bytes, cut at a UTF-8 character boundary. */
static void copy_text(JNIEnv *env, jstring s, char *out, size_t capacity) {
    out[0] = '\0';
    if (!s) return;
    const char *utf = (*env)->GetStringUTFChars(env, s, NULL);
    if (!utf) return;
    size_t n = strlen(utf);
    if (n >= capacity) {
        n = capacity - 1;
        while (n > 0 && ((unsigned char)utf[n] & 0xC0) == 0x80) n--;
    }
    memcpy(out, utf, n);
    out[n] = '\0';
    (*env)->ReleaseStringUTFChars(env, s, utf);
}

/* Buffer sizes of the text opcodes. Parameter strings get 32 bytes: every host in use gives at
 * least 64 (the SDK's 8 would cut "Temperature"). */
static size_t text_capacity(int32_t opcode) {
    switch (opcode) {
        case effGetParamName:
        case effGetParamLabel:
        case effGetParamDisplay: return 32;
        case effGetProgramName:
        case effGetProgramNameIndexed: return kVstMaxProgNameLen;
        case effGetEffectName: return kVstMaxEffectNameLen;
        case effGetVendorString: return kVstMaxVendorStrLen;
        case effGetProductString: return kVstMaxProductStrLen;
        default: return 0;
    }
}

/* Copies the host's MIDI events into the shared block; the audio thread, before processReplacing. */
static void take_events(Instance *in, const VstEvents *events) {
    if (!events) return;
    for (int32_t i = 0; i < events->numEvents && in->midi_in_count < SHARED_MIDI_CAPACITY; i++) {
        const VstEvent *e = events->events[i];
        if (!e || e->type != kVstMidiType) continue;
        const VstMidiEvent *m = (const VstMidiEvent *)e;
        unsigned char *slot = in->shared + SHARED_MIDI_IN + 8 * in->midi_in_count++;
        memcpy(slot, &m->deltaFrames, 4);
        slot[4] = (unsigned char)m->midiData[0];
        slot[5] = (unsigned char)m->midiData[1];
        slot[6] = (unsigned char)m->midiData[2];
        slot[7] = 0;
    }
}

static void send_events(Instance *in, int count) {
    if (count > SHARED_MIDI_CAPACITY) count = SHARED_MIDI_CAPACITY;
    for (int i = 0; i < count; i++) {
        const unsigned char *slot = in->shared + SHARED_MIDI_OUT + 8 * i;
        VstMidiEvent *m = &in->out_midi[i];
        memcpy(&m->deltaFrames, slot, 4);
        m->midiData[0] = (char)slot[4];
        m->midiData[1] = (char)slot[5];
        m->midiData[2] = (char)slot[6];
        m->midiData[3] = 0;
    }
    in->out_events.numEvents = count;
    in->host(&in->effect, audioMasterProcessEvents, 0, 0, &in->out_events, 0.0f);
}

static void free_instance(JNIEnv *env, Instance *in) {
    if (env) {
        if (in->plugin) (*env)->DeleteGlobalRef(env, in->plugin);
        if (in->shared_buffer) (*env)->DeleteGlobalRef(env, in->shared_buffer);
    }
    free(in->shared);
    free(in->chunk);
    free(in);
}

/* ---------- the AEffect's entry points ---------- */

static void render(AEffect *effect, float **outputs, int32_t frames, int accumulate) {
    Instance *in = (Instance *)effect->object;
    if (frames <= 0 || !outputs) return;
    float *left = outputs[0], *right = outputs[1];
    JNIEnv *env = jvm_boot_env();
    VstTimeInfo *time = env ? (VstTimeInfo *)in->host(effect, audioMasterGetTime, 0, in->time_request, NULL, 0.0f) : NULL;
    int32_t present = time != NULL;
    if (time) memcpy(in->shared + SHARED_TIME_INFO, time, sizeof *time);
    memcpy(in->shared + SHARED_TIME_PRESENT, &present, 4);
    int32_t level = env ? (int32_t)in->host(effect, audioMasterGetCurrentProcessLevel, 0, 0, NULL, 0.0f) : 0;
    memcpy(in->shared + SHARED_PROCESS_LEVEL, &level, 4);
    memcpy(in->shared + SHARED_MIDI_IN_COUNT, &in->midi_in_count, 4);

    for (int32_t offset = 0; offset < frames; offset += SHARED_AUDIO_CAPACITY) {
        int32_t n = frames - offset < SHARED_AUDIO_CAPACITY ? frames - offset : SHARED_AUDIO_CAPACITY;
        jint midi_out = -1;
        if (env) {
            midi_out = (*env)->CallIntMethod(env, in->plugin, java.process, offset, n, frames);
            if (jvm_boot_catch_quietly(env)) midi_out = -1;
        }
        const float *l = (const float *)(in->shared + SHARED_LEFT), *r = (const float *)(in->shared + SHARED_RIGHT);
        for (int32_t i = 0; i < n; i++) {
            float lv = midi_out >= 0 ? l[i] : 0.0f, rv = midi_out >= 0 ? r[i] : 0.0f;
            if (accumulate) {
                if (left) left[offset + i] += lv;
                if (right) right[offset + i] += rv;
            } else {
                if (left) left[offset + i] = lv;
                if (right) right[offset + i] = rv;
            }
        }
        if (midi_out > 0) send_events(in, midi_out);
    }
    in->midi_in_count = 0;
}

static void process_replacing(AEffect *effect, float **inputs, float **outputs, int32_t frames) {
    (void)inputs;
    render(effect, outputs, frames, 0);
}

static void process_accumulating(AEffect *effect, float **inputs, float **outputs, int32_t frames) {
    (void)inputs;
    render(effect, outputs, frames, 1);
}

static void set_parameter(AEffect *effect, int32_t index, float value) {
    Instance *in = (Instance *)effect->object;
    JNIEnv *env = jvm_boot_env();
    if (!env) return;
    (*env)->CallVoidMethod(env, in->plugin, java.set_parameter, index, value);
    jvm_boot_catch_quietly(env);
}

static float get_parameter(AEffect *effect, int32_t index) {
    Instance *in = (Instance *)effect->object;
    JNIEnv *env = jvm_boot_env();
    if (!env) return 0.0f;
    float value = (*env)->CallFloatMethod(env, in->plugin, java.get_parameter, index);
    return jvm_boot_catch_quietly(env) ? 0.0f : value;
}

static intptr_t dispatch_in_frame(JNIEnv *env, Instance *in, int32_t opcode, int32_t index, intptr_t value, void *ptr,
                                  float opt) {
    switch (opcode) {
        case effGetParamName:
        case effGetParamLabel:
        case effGetParamDisplay:
        case effGetProgramName:
        case effGetProgramNameIndexed:
        case effGetEffectName:
        case effGetVendorString:
        case effGetProductString: {
            if (!ptr) return 0;
            jstring s = (*env)->CallObjectMethod(env, in->plugin, java.text, opcode, index);
            if (jvm_boot_catch(env, "Vst2Plugin.text") || !s) return 0;
            copy_text(env, s, (char *)ptr, text_capacity(opcode));
            return 1;
        }
        case effCanDo: {
            if (!ptr) return 0;
            jstring feature = (*env)->NewStringUTF(env, (const char *)ptr);
            if (!feature) return jvm_boot_catch(env, "effCanDo"), 0;
            jint answer = (*env)->CallIntMethod(env, in->plugin, java.can_do, feature);
            return jvm_boot_catch(env, "Vst2Plugin.canDo") ? 0 : answer;
        }
        case effString2Parameter: {
            if (!ptr) return 0;
            jstring typed = (*env)->NewStringUTF(env, (const char *)ptr);
            if (!typed) return jvm_boot_catch(env, "effString2Parameter"), 0;
            jint ok = (*env)->CallIntMethod(env, in->plugin, java.parse_parameter, index, typed);
            return jvm_boot_catch(env, "Vst2Plugin.parseParameter") ? 0 : ok;
        }
        case effGetChunk: {
            if (!ptr) return 0;
            *(void **)ptr = NULL;
            jbyteArray state = (*env)->CallObjectMethod(env, in->plugin, java.save_chunk);
            if (jvm_boot_catch(env, "Vst2Plugin.saveChunk") || !state) return 0;
            jsize size = (*env)->GetArrayLength(env, state);
            void *copy = malloc(size > 0 ? (size_t)size : 1);
            if (!copy) return 0;
            (*env)->GetByteArrayRegion(env, state, 0, size, copy);
            free(in->chunk);
            in->chunk = copy;
            *(void **)ptr = copy;
            return size;
        }
        case effSetChunk: {
            if (!ptr || value <= 0 || value > INT32_MAX) return 0;
            jbyteArray chunk = (*env)->NewByteArray(env, (jsize)value);
            if (!chunk) return jvm_boot_catch(env, "effSetChunk (chunk too large?)"), 0;
            (*env)->SetByteArrayRegion(env, chunk, 0, (jsize)value, (const jbyte *)ptr);
            jint ok = (*env)->CallIntMethod(env, in->plugin, java.load_chunk, chunk);
            return jvm_boot_catch(env, "Vst2Plugin.loadChunk") ? 0 : ok;
        }
        case effEditGetRect: {
            if (!ptr) return 0;
            jlong size = (*env)->CallLongMethod(env, in->plugin, java.dispatch, opcode, index, (jlong)value, opt);
            if (jvm_boot_catch(env, "Vst2Plugin.dispatch(effEditGetRect)")) return 0;
            in->rect.top = 0;
            in->rect.left = 0;
            in->rect.right = (int16_t)((size >> 16) & 0x7FFF);
            in->rect.bottom = (int16_t)(size & 0x7FFF);
            *(ERect **)ptr = &in->rect;
            return 1;
        }
        case effEditOpen: {
            /* ptr is the host's X11 window id. */
            jlong ok = (*env)->CallLongMethod(env, in->plugin, java.dispatch, opcode, index, (jlong)(intptr_t)ptr, opt);
            return jvm_boot_catch(env, "Vst2Plugin.dispatch(effEditOpen)") ? 0 : (intptr_t)ok;
        }
        default: {
            jlong answer = (*env)->CallLongMethod(env, in->plugin, java.dispatch, opcode, index, (jlong)value, opt);
            return jvm_boot_catch(env, "Vst2Plugin.dispatch") ? 0 : (intptr_t)answer;
        }
    }
}

static intptr_t dispatcher(AEffect *effect, int32_t opcode, int32_t index, intptr_t value, void *ptr, float opt) {
    Instance *in = (Instance *)effect->object;
    if (!in) return 0;
    /* Events arrive on the audio thread right before processReplacing: copy only, no Java. */
    if (opcode == effProcessEvents) {
        take_events(in, (const VstEvents *)ptr);
        return 1;
    }
    JNIEnv *env = jvm_boot_env();
    if (opcode == effClose) {
        if (env) {
            (*env)->CallVoidMethod(env, in->plugin, java.close);
            jvm_boot_catch(env, "Vst2Plugin.close");
        }
        effect->object = NULL;
        free_instance(env, in);
        return 1;
    }
    if (!env) return 0;
    /* Host threads stay attached for good: free this call's local references now. */
    if ((*env)->PushLocalFrame(env, 16) != 0) return jvm_boot_catch(env, "PushLocalFrame"), 0;
    intptr_t answer = dispatch_in_frame(env, in, opcode, index, value, ptr, opt);
    (*env)->PopLocalFrame(env, NULL);
    return answer;
}

/* ---------- the entry point ---------- */

static AEffect *create_instance(Vst2HostCallback host) {
    if (!host) return NULL;
    char plugin_dir[PATH_MAX], resources[PATH_MAX];
    if (jvm_boot_library_dir((const void *)create_instance, plugin_dir, sizeof plugin_dir) != 0) {
        jvm_boot_log("cannot find the folder of Downbeat.so");
        return NULL;
    }
    snprintf(resources, sizeof resources, "%s/Downbeat", plugin_dir);
    JNIEnv *env = jvm_boot_start(plugin_dir, resources);
    if (!env || !bind_java(env)) {
        jvm_boot_log("Downbeat VST2 is not available (%s)", env ? "its classes did not load" : "no Java VM");
        return NULL;
    }

    Instance *in = calloc(1, sizeof *in);
    if (!in) return NULL;
    in->shared = aligned_alloc(64, SHARED_SIZE);
    if (!in->shared) {
        free(in);
        return NULL;
    }
    memset(in->shared, 0, SHARED_SIZE);
    in->host = host;
    for (int i = 0; i < SHARED_MIDI_CAPACITY; i++) {
        in->out_midi[i].type = kVstMidiType;
        in->out_midi[i].byteSize = sizeof(VstMidiEvent);
        in->out_events.events[i] = (VstEvent *)&in->out_midi[i];
    }
    AEffect *e = &in->effect;
    e->magic = VST2_MAGIC;
    e->dispatcher = dispatcher;
    e->process = process_accumulating;
    e->processReplacing = process_replacing;
    e->setParameter = set_parameter;
    e->getParameter = get_parameter;
    e->object = in;
    e->ioRatio = 1.0f;

    (*env)->PushLocalFrame(env, 16);
    jobject buffer = (*env)->NewDirectByteBuffer(env, in->shared, SHARED_SIZE);
    jobject plugin = buffer ? (*env)->CallStaticObjectMethod(env, java.plugin_class, java.open,
                                                             (jlong)(intptr_t)e, buffer) : NULL;
    if (jvm_boot_catch(env, "Vst2Plugin.open") || !plugin) {
        (*env)->PopLocalFrame(env, NULL);
        free_instance(env, in);
        return NULL;
    }
    in->plugin = (*env)->NewGlobalRef(env, plugin);
    in->shared_buffer = (*env)->NewGlobalRef(env, buffer);
    jintArray description = (*env)->CallObjectMethod(env, plugin, java.describe);
    jint d[DESCRIBE_LENGTH] = {0};
    if (jvm_boot_catch(env, "Vst2Plugin.describe") || !description
        || (*env)->GetArrayLength(env, description) != DESCRIBE_LENGTH) {
        jvm_boot_log("Vst2Plugin.describe gave no valid description");
        (*env)->CallVoidMethod(env, plugin, java.close);
        jvm_boot_catch(env, "Vst2Plugin.close");
        (*env)->PopLocalFrame(env, NULL);
        free_instance(env, in);
        return NULL;
    }
    (*env)->GetIntArrayRegion(env, description, 0, DESCRIBE_LENGTH, d);
    (*env)->PopLocalFrame(env, NULL);
    e->numPrograms = d[DESCRIBE_PROGRAMS];
    e->numParams = d[DESCRIBE_PARAMS];
    e->numInputs = d[DESCRIBE_INPUTS];
    e->numOutputs = d[DESCRIBE_OUTPUTS];
    e->flags = d[DESCRIBE_FLAGS];
    e->uniqueID = d[DESCRIBE_UNIQUE_ID];
    e->version = d[DESCRIBE_VERSION];
    e->initialDelay = d[DESCRIBE_DELAY];
    in->time_request = d[DESCRIBE_TIME_REQUEST];
    return e;
}

EXPORT AEffect *VSTPluginMain(Vst2HostCallback host) {
    return create_instance(host);
}

/* Older Linux hosts look the entry point up as "main". */
EXPORT AEffect *vst2_main_entry(Vst2HostCallback host) __asm__("main");
AEffect *vst2_main_entry(Vst2HostCallback host) {
    return create_instance(host);
}
