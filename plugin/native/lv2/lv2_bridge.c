/*
 * lv2_bridge: the LV2 face of Downbeat. Marshalling and lifetimes only; every decision (which
 * features are required, what the ports mean, how state is encoded, what to log) is made by
 * dev.downbeat.plugin.lv2.Lv2Plugin in Java.
 *
 * Per instance, Java owns four direct buffers that this file copies through on every run():
 *   controls  one float per control port (NaN for an unconnected port)
 *   audio     left then right, `audio_frames` floats each
 *   atom in   a copy of the host's input atom:Sequence (header included)
 *   atom out  the output atom:Sequence Java wrote (header included)
 * Copying a few kilobytes per block costs less than wrapping the host's pointers in new Java
 * objects, which would allocate on the audio thread.
 */
#include <jni.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lv2/atom/atom.h>
#include <lv2/core/lv2.h>
#include <lv2/options/options.h>
#include <lv2/state/state.h>
#include <lv2/urid/urid.h>

#include "../jvm_boot.h"
#include "lv2_instance.h"

/* The plugin URI and the fixed ports; Lv2PortsTest checks these against Lv2Ports.java. */
#define DOWNBEAT_LV2_URI "https://downbeat.dev/plugins/downbeat"
#define DOWNBEAT_PORT_EVENTS_IN 0
#define DOWNBEAT_PORT_MIDI_OUT 1
#define DOWNBEAT_PORT_OUT_LEFT 2
#define DOWNBEAT_PORT_OUT_RIGHT 3
#define DOWNBEAT_PORT_FIRST_CONTROL 4

#define EXPORT __attribute__((visibility("default")))

static const char *PLUGIN_CLASS = "dev.downbeat.plugin.lv2.Lv2Plugin";

/* Resolved once per process, under `java_lock`. */
static pthread_mutex_t java_lock = PTHREAD_MUTEX_INITIALIZER;
static jclass plugin_class;
static jmethodID m_uris_to_map, m_instantiate, m_control_buffer, m_audio_buffer, m_atom_in_buffer,
    m_atom_out_buffer, m_activate, m_deactivate, m_run, m_save, m_restore, m_cleanup;

typedef struct {
    DownbeatInstance head; /* first: what the UI reads through instance-access (lv2_instance.h) */
    const LV2_Feature *const *features;
    LV2_URID atom_sequence;

    /* Host buffers, set by connect_port. */
    const LV2_Atom_Sequence *events_in;
    LV2_Atom_Sequence *midi_out;
    float *out[2];
    const float **control_port;
    uint32_t control_count;

    /* Java's direct buffers. */
    float *controls;
    float *audio;
    uint32_t audio_frames;
    uint8_t *atom_in;
    uint32_t atom_in_capacity;
    uint8_t *atom_out;
    uint32_t atom_out_capacity;
} Bridge;

/* What save()/restore() hand to Java as one opaque long, for the native callbacks below. */
typedef struct {
    LV2_State_Store_Function store;
    LV2_State_Retrieve_Function retrieve;
    LV2_State_Handle handle;
    const LV2_State_Map_Path *map_path;
    const LV2_State_Make_Path *make_path;
    const LV2_State_Free_Path *free_path;
} StateCall;

static const void *find_feature(const LV2_Feature *const *features, const char *uri) {
    for (int i = 0; features && features[i]; i++) {
        if (features[i]->URI && strcmp(features[i]->URI, uri) == 0) return features[i]->data;
    }
    return NULL;
}

/* A state feature from the call, else from instantiate (makePath may come with either). */
static const void *find_state_feature(const Bridge *b, const LV2_Feature *const *call, const char *uri) {
    const void *found = find_feature(call, uri);
    return found ? found : find_feature(b->features, uri);
}

/* ---- natives Java calls back during save/restore ---- */

static jint JNICALL native_store(JNIEnv *env, jclass cls, jlong call, jint key, jbyteArray value, jint type, jint flags) {
    (void)cls;
    StateCall *c = (StateCall *)(intptr_t)call;
    jsize size = (*env)->GetArrayLength(env, value);
    if (size <= 0) return LV2_STATE_ERR_UNKNOWN;
    jbyte *bytes = (*env)->GetByteArrayElements(env, value, NULL);
    if (!bytes) return LV2_STATE_ERR_UNKNOWN;
    LV2_State_Status status = c->store(c->handle, (uint32_t)key, bytes, (size_t)size, (uint32_t)type, (uint32_t)flags);
    (*env)->ReleaseByteArrayElements(env, value, bytes, JNI_ABORT);
    return (jint)status;
}

/* Returns the stored bytes or null; typeOut[0] receives the value's type URID. */
static jbyteArray JNICALL native_retrieve(JNIEnv *env, jclass cls, jlong call, jint key, jintArray type_out) {
    (void)cls;
    StateCall *c = (StateCall *)(intptr_t)call;
    size_t size = 0;
    uint32_t type = 0, flags = 0;
    const void *value = c->retrieve(c->handle, (uint32_t)key, &size, &type, &flags);
    jint t = (jint)type;
    (*env)->SetIntArrayRegion(env, type_out, 0, 1, &t);
    if (!value || size > 0x7fffffff) return NULL;
    jbyteArray out = (*env)->NewByteArray(env, (jsize)size);
    if (out) (*env)->SetByteArrayRegion(env, out, 0, (jsize)size, (const jbyte *)value);
    return out;
}

static void free_host_path(const StateCall *c, char *path) {
    if (c->free_path) c->free_path->free_path(c->free_path->handle, path);
    else free(path);
}

/* which: 0 = abstract_path, 1 = absolute_path, 2 = make_path. Null when the feature is missing. */
static jstring JNICALL native_map_path(JNIEnv *env, jclass cls, jlong call, jint which, jstring path) {
    (void)cls;
    StateCall *c = (StateCall *)(intptr_t)call;
    if ((which < 2 && !c->map_path) || (which == 2 && !c->make_path)) return NULL;
    const char *in = (*env)->GetStringUTFChars(env, path, NULL);
    if (!in) return NULL;
    char *mapped = which == 0   ? c->map_path->abstract_path(c->map_path->handle, in)
                   : which == 1 ? c->map_path->absolute_path(c->map_path->handle, in)
                                : c->make_path->path(c->make_path->handle, in);
    (*env)->ReleaseStringUTFChars(env, path, in);
    if (!mapped) return NULL;
    jstring out = (*env)->NewStringUTF(env, mapped);
    free_host_path(c, mapped);
    return out;
}

/* Maps URIs for Java (Lv2Plugin.urisToMap) with the host's urid:map; 0 when the host has none. */
static jintArray map_uris(JNIEnv *env, const LV2_URID_Map *map) {
    jobjectArray uris = (jobjectArray)(*env)->CallStaticObjectMethod(env, plugin_class, m_uris_to_map);
    if (jvm_boot_catch(env, "Lv2Plugin.urisToMap") || !uris) return NULL;
    jsize n = (*env)->GetArrayLength(env, uris);
    jintArray urids = (*env)->NewIntArray(env, n);
    if (!urids) return NULL;
    for (jsize i = 0; i < n; i++) {
        jstring s = (jstring)(*env)->GetObjectArrayElement(env, uris, i);
        const char *uri = (*env)->GetStringUTFChars(env, s, NULL);
        jint id = (map && uri) ? (jint)map->map(map->handle, uri) : 0;
        if (uri) (*env)->ReleaseStringUTFChars(env, s, uri);
        (*env)->DeleteLocalRef(env, s);
        (*env)->SetIntArrayRegion(env, urids, i, 1, &id);
    }
    return urids;
}

static jobjectArray feature_uris(JNIEnv *env, const LV2_Feature *const *features) {
    jsize n = 0;
    while (features && features[n]) n++;
    jclass string_class = (*env)->FindClass(env, "java/lang/String");
    jobjectArray out = (*env)->NewObjectArray(env, n, string_class, NULL);
    for (jsize i = 0; out && i < n; i++) {
        jstring s = (*env)->NewStringUTF(env, features[i]->URI ? features[i]->URI : "");
        (*env)->SetObjectArrayElement(env, out, i, s);
        (*env)->DeleteLocalRef(env, s);
    }
    return out;
}

/* Options as parallel arrays: key and type URIDs and the value's first 8 bytes (little endian). */
static void option_arrays(JNIEnv *env, const LV2_Options_Option *options, jintArray *keys, jintArray *types, jlongArray *values) {
    jsize n = 0;
    while (options && (options[n].key != 0 || options[n].value != NULL)) n++;
    *keys = (*env)->NewIntArray(env, n);
    *types = (*env)->NewIntArray(env, n);
    *values = (*env)->NewLongArray(env, n);
    if (!*keys || !*types || !*values) return;
    for (jsize i = 0; i < n; i++) {
        jint key = (jint)options[i].key, type = (jint)options[i].type;
        jlong value = 0;
        if (options[i].value && options[i].context == LV2_OPTIONS_INSTANCE) {
            memcpy(&value, options[i].value, options[i].size < sizeof value ? options[i].size : sizeof value);
        } else {
            key = 0; /* options about ports or other subjects: none Downbeat understands */
        }
        (*env)->SetIntArrayRegion(env, *keys, i, 1, &key);
        (*env)->SetIntArrayRegion(env, *types, i, 1, &type);
        (*env)->SetLongArrayRegion(env, *values, i, 1, &value);
    }
}

static int resolve_java(JNIEnv *env) {
    pthread_mutex_lock(&java_lock);
    if (!plugin_class) {
        jclass cls = jvm_boot_load_class(env, PLUGIN_CLASS);
        if (cls) {
            m_uris_to_map = (*env)->GetStaticMethodID(env, cls, "urisToMap", "()[Ljava/lang/String;");
            m_instantiate = (*env)->GetStaticMethodID(env, cls, "instantiate",
                "(DLjava/lang/String;[Ljava/lang/String;[I[I[I[J)Ldev/downbeat/plugin/lv2/Lv2Plugin;");
            m_control_buffer = (*env)->GetMethodID(env, cls, "controlBuffer", "()Ljava/nio/ByteBuffer;");
            m_audio_buffer = (*env)->GetMethodID(env, cls, "audioBuffer", "()Ljava/nio/ByteBuffer;");
            m_atom_in_buffer = (*env)->GetMethodID(env, cls, "atomInBuffer", "()Ljava/nio/ByteBuffer;");
            m_atom_out_buffer = (*env)->GetMethodID(env, cls, "atomOutBuffer", "()Ljava/nio/ByteBuffer;");
            m_activate = (*env)->GetMethodID(env, cls, "activate", "()V");
            m_deactivate = (*env)->GetMethodID(env, cls, "deactivate", "()V");
            m_run = (*env)->GetMethodID(env, cls, "run", "(III)I");
            m_save = (*env)->GetMethodID(env, cls, "save", "(JI)I");
            m_restore = (*env)->GetMethodID(env, cls, "restore", "(JI)I");
            m_cleanup = (*env)->GetMethodID(env, cls, "cleanup", "()V");
            JNINativeMethod natives[] = {
                {"nativeStore", "(JI[BII)I", (void *)native_store},
                {"nativeRetrieve", "(JI[I)[B", (void *)native_retrieve},
                {"nativeMapPath", "(JILjava/lang/String;)Ljava/lang/String;", (void *)native_map_path},
            };
            if (jvm_boot_catch(env, "Lv2Plugin methods") ||
                (*env)->RegisterNatives(env, cls, natives, sizeof natives / sizeof natives[0]) != 0 ||
                jvm_boot_catch(env, "Lv2Plugin natives")) {
                jvm_boot_log("lv2: %s does not have the methods this bridge calls (jars from another version?)", PLUGIN_CLASS);
                (*env)->DeleteGlobalRef(env, cls);
            } else {
                plugin_class = cls;
            }
        }
    }
    pthread_mutex_unlock(&java_lock);
    return plugin_class != NULL;
}

static void *direct_buffer(JNIEnv *env, jobject plugin, jmethodID getter, uint32_t *capacity_bytes) {
    jobject buffer = (*env)->CallObjectMethod(env, plugin, getter);
    if (jvm_boot_catch(env, "Lv2Plugin buffer") || !buffer) return NULL;
    void *address = (*env)->GetDirectBufferAddress(env, buffer);
    jlong capacity = (*env)->GetDirectBufferCapacity(env, buffer);
    (*env)->DeleteLocalRef(env, buffer);
    *capacity_bytes = capacity > 0 && capacity < 0x7fffffff ? (uint32_t)capacity : 0;
    return address;
}

static void cleanup(LV2_Handle instance);

static LV2_Handle instantiate(const LV2_Descriptor *descriptor, double rate, const char *bundle_path,
                              const LV2_Feature *const *features) {
    (void)descriptor;
    char plugin_dir[4096];
    if (jvm_boot_library_dir((const void *)&instantiate, plugin_dir, sizeof plugin_dir) != 0) {
        jvm_boot_log("lv2: cannot tell where downbeat.so is; not instantiating");
        return NULL;
    }
    JNIEnv *env = jvm_boot_start(plugin_dir, bundle_path ? bundle_path : plugin_dir);
    if (!env || !resolve_java(env)) return NULL;
    /* Hosts dlclose the library with their last instance (lilv does); the VM and its threads stay. */
    if (jvm_boot_pin_library((const void *)&instantiate) != 0) jvm_boot_log("lv2: could not pin downbeat.so in memory");

    Bridge *b = calloc(1, sizeof *b);
    if (!b) return NULL;
    b->features = features;
    const LV2_URID_Map *map = find_feature(features, LV2_URID__map);
    b->atom_sequence = map ? map->map(map->handle, LV2_ATOM__Sequence) : 0;

    (*env)->PushLocalFrame(env, 32);
    jintArray urids = map_uris(env, map);
    jobjectArray uris = feature_uris(env, features);
    jintArray keys = NULL, types = NULL;
    jlongArray values = NULL;
    option_arrays(env, find_feature(features, LV2_OPTIONS__options), &keys, &types, &values);
    jstring bundle = (*env)->NewStringUTF(env, bundle_path ? bundle_path : "");
    jobject plugin = NULL;
    if (urids && uris && keys && types && values && bundle) {
        plugin = (*env)->CallStaticObjectMethod(env, plugin_class, m_instantiate, rate, bundle, uris, urids, keys, types, values);
    }
    if (jvm_boot_catch(env, "Lv2Plugin.instantiate")) plugin = NULL;
    if (plugin) {
        b->head.plugin = (*env)->NewGlobalRef(env, plugin);
        uint32_t bytes = 0;
        b->controls = direct_buffer(env, b->head.plugin, m_control_buffer, &bytes);
        b->control_count = bytes / sizeof(float);
        b->audio = direct_buffer(env, b->head.plugin, m_audio_buffer, &bytes);
        b->audio_frames = bytes / (2 * sizeof(float));
        b->atom_in = direct_buffer(env, b->head.plugin, m_atom_in_buffer, &b->atom_in_capacity);
        b->atom_out = direct_buffer(env, b->head.plugin, m_atom_out_buffer, &b->atom_out_capacity);
        b->control_port = calloc(b->control_count ? b->control_count : 1, sizeof *b->control_port);
    }
    (*env)->PopLocalFrame(env, NULL);
    if (!b->head.plugin || !b->controls || !b->audio || !b->atom_in || !b->atom_out || !b->control_port) {
        cleanup(b); /* Java already logged why */
        return NULL;
    }
    b->head.tag = DOWNBEAT_INSTANCE_TAG;
    return b;
}

static void connect_port(LV2_Handle instance, uint32_t port, void *data) {
    Bridge *b = instance;
    switch (port) {
    case DOWNBEAT_PORT_EVENTS_IN: b->events_in = data; break;
    case DOWNBEAT_PORT_MIDI_OUT: b->midi_out = data; break;
    case DOWNBEAT_PORT_OUT_LEFT: b->out[0] = data; break;
    case DOWNBEAT_PORT_OUT_RIGHT: b->out[1] = data; break;
    default:
        if (port - DOWNBEAT_PORT_FIRST_CONTROL < b->control_count) b->control_port[port - DOWNBEAT_PORT_FIRST_CONTROL] = data;
    }
}

static void call_void(Bridge *b, jmethodID method, const char *where) {
    JNIEnv *env = jvm_boot_env();
    if (!env) return;
    (*env)->CallVoidMethod(env, b->head.plugin, method);
    jvm_boot_catch(env, where);
}

static void activate(LV2_Handle instance) { call_void(instance, m_activate, "Lv2Plugin.activate"); }

static void deactivate(LV2_Handle instance) { call_void(instance, m_deactivate, "Lv2Plugin.deactivate"); }

static void write_empty_sequence(Bridge *b) {
    if (!b->midi_out) return;
    b->midi_out->atom.type = b->atom_sequence;
    b->midi_out->atom.size = sizeof(LV2_Atom_Sequence_Body);
    b->midi_out->body.unit = 0;
    b->midi_out->body.pad = 0;
}

/* Audio thread: copies in, one Java call, copies out. No allocation, no lock, no logging. */
static void run(LV2_Handle instance, uint32_t frames) {
    Bridge *b = instance;
    JNIEnv *env = jvm_boot_env();
    jint out_bytes = 0;
    uint32_t out_capacity = 0;
    if (b->midi_out) {
        out_capacity = (uint32_t)sizeof(LV2_Atom) + b->midi_out->atom.size;
        if (out_capacity > b->atom_out_capacity) out_capacity = b->atom_out_capacity;
    }
    if (env) {
        for (uint32_t i = 0; i < b->control_count; i++) b->controls[i] = b->control_port[i] ? *b->control_port[i] : NAN;
        uint32_t in_bytes = 0;
        if (b->events_in) {
            in_bytes = (uint32_t)sizeof(LV2_Atom) + b->events_in->atom.size;
            if (in_bytes > b->atom_in_capacity) in_bytes = b->atom_in_capacity;
            memcpy(b->atom_in, b->events_in, in_bytes);
        }
        out_bytes = (*env)->CallIntMethod(env, b->head.plugin, m_run, (jint)frames, (jint)in_bytes, (jint)out_capacity);
        if (jvm_boot_catch_quietly(env)) out_bytes = -1; /* Java counts its own failures; this is the last net */
    } else {
        out_bytes = -1;
    }
    uint32_t copied = out_bytes >= 0 ? (frames < b->audio_frames ? frames : b->audio_frames) : 0;
    for (int c = 0; c < 2; c++) {
        if (!b->out[c]) continue;
        memcpy(b->out[c], b->audio + (size_t)c * b->audio_frames, copied * sizeof(float));
        memset(b->out[c] + copied, 0, (frames - copied) * sizeof(float));
    }
    if (b->midi_out) {
        if (out_bytes >= (jint)sizeof(LV2_Atom_Sequence) && (uint32_t)out_bytes <= out_capacity) memcpy(b->midi_out, b->atom_out, (size_t)out_bytes);
        else write_empty_sequence(b);
    }
}

static void cleanup(LV2_Handle instance) {
    Bridge *b = instance;
    if (!b) return;
    b->head.tag = 0;
    JNIEnv *env = jvm_boot_env();
    if (env && b->head.plugin) {
        (*env)->CallVoidMethod(env, b->head.plugin, m_cleanup);
        jvm_boot_catch(env, "Lv2Plugin.cleanup");
        (*env)->DeleteGlobalRef(env, b->head.plugin);
    }
    free(b->control_port);
    free(b);
}

static LV2_State_Status save(LV2_Handle instance, LV2_State_Store_Function store, LV2_State_Handle handle,
                             uint32_t flags, const LV2_Feature *const *features) {
    Bridge *b = instance;
    JNIEnv *env = jvm_boot_env();
    if (!env) return LV2_STATE_ERR_UNKNOWN;
    StateCall call = {store, NULL, handle, find_state_feature(b, features, LV2_STATE__mapPath),
                      find_state_feature(b, features, LV2_STATE__makePath), find_state_feature(b, features, LV2_STATE__freePath)};
    jint status = (*env)->CallIntMethod(env, b->head.plugin, m_save, (jlong)(intptr_t)&call, (jint)flags);
    return jvm_boot_catch(env, "Lv2Plugin.save") ? LV2_STATE_ERR_UNKNOWN : (LV2_State_Status)status;
}

static LV2_State_Status restore(LV2_Handle instance, LV2_State_Retrieve_Function retrieve, LV2_State_Handle handle,
                                uint32_t flags, const LV2_Feature *const *features) {
    Bridge *b = instance;
    JNIEnv *env = jvm_boot_env();
    if (!env) return LV2_STATE_ERR_UNKNOWN;
    StateCall call = {NULL, retrieve, handle, find_state_feature(b, features, LV2_STATE__mapPath),
                      find_state_feature(b, features, LV2_STATE__makePath), find_state_feature(b, features, LV2_STATE__freePath)};
    jint status = (*env)->CallIntMethod(env, b->head.plugin, m_restore, (jlong)(intptr_t)&call, (jint)flags);
    return jvm_boot_catch(env, "Lv2Plugin.restore") ? LV2_STATE_ERR_UNKNOWN : (LV2_State_Status)status;
}

static const LV2_State_Interface state_interface = {save, restore};

static const void *extension_data(const char *uri) {
    return strcmp(uri, LV2_STATE__interface) == 0 ? &state_interface : NULL;
}

static const LV2_Descriptor descriptor = {
    DOWNBEAT_LV2_URI, instantiate, connect_port, activate, run, deactivate, cleanup, extension_data,
};

EXPORT const LV2_Descriptor *lv2_descriptor(uint32_t index) { return index == 0 ? &descriptor : NULL; }
