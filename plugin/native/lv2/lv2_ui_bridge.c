/*
 * lv2_ui_bridge: Downbeat's LV2 UI (an ui:X11UI), the editor inside LV2 hosts. Marshalling and
 * lifetimes only; dev.downbeat.plugin.lv2.Lv2Ui decides what edits reach the host and what a
 * port change means.
 *
 * What it holds per UI instance:
 *   - the Java Lv2Ui, opened on the running plugin instance the host hands over through
 *     instance-access (same process, so jvm_boot joins the VM the plugin started);
 *   - one X11 window of its own, a child of the host's ui:parent: the widget the host embeds and
 *     sizes, and the window the Java editor embeds into. It is created on an X connection of its
 *     own; closing that connection at cleanup destroys the window in the server, with no request
 *     that could fail on a window the host has already destroyed with its parent.
 *
 * Threads: the host calls every function here on its UI thread. Java calls nativeWrite and
 * nativeTouch only from inside idle(), so write_function and touch run on that thread too, as the
 * LV2 UI specification requires.
 */
#include <jni.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <X11/Xlib.h>
#include <X11/Xutil.h>

#include <lv2/core/lv2.h>
#include <lv2/instance-access/instance-access.h>
#include <lv2/ui/ui.h>

#include "../jvm_boot.h"
#include "lv2_instance.h"

/* Also in lv2_bridge.c and Lv2Plugin.java; the UI URI is the one TurtleGenerator declares. */
#define DOWNBEAT_LV2_URI "https://downbeat.dev/plugins/downbeat"
#define DOWNBEAT_LV2_UI_URI DOWNBEAT_LV2_URI "#ui"

#define EXPORT __attribute__((visibility("default")))

typedef struct {
    jobject ui; /* global reference to the Java Lv2Ui */
    LV2UI_Write_Function write;
    LV2UI_Controller controller;
    const LV2UI_Touch *touch; /* NULL when the host has no ui:touch */
    Display *display;         /* our own connection, for `window` only */
    Window window;
} Ui;

/* Resolved once per process, under `java_lock`. */
static pthread_mutex_t java_lock = PTHREAD_MUTEX_INITIALIZER;
static jclass ui_class;
static jmethodID m_open_ui, m_width, m_height, m_open_editor, m_port_event, m_idle, m_cleanup;

static const void *find_feature(const LV2_Feature *const *features, const char *uri, int *present) {
    for (int i = 0; features && features[i]; i++) {
        if (features[i]->URI && strcmp(features[i]->URI, uri) == 0) {
            if (present) *present = 1;
            return features[i]->data;
        }
    }
    if (present) *present = 0;
    return NULL;
}

/* ---- natives Lv2Ui calls inside idle() ---- */

static void JNICALL native_write(JNIEnv *env, jclass cls, jlong host, jint port, jfloat value) {
    (void)env;
    (void)cls;
    Ui *u = (Ui *)(intptr_t)host;
    float v = value;
    u->write(u->controller, (uint32_t)port, sizeof v, 0, &v);
}

static void JNICALL native_touch(JNIEnv *env, jclass cls, jlong host, jint port, jboolean grabbed) {
    (void)env;
    (void)cls;
    Ui *u = (Ui *)(intptr_t)host;
    if (u->touch) u->touch->touch(u->touch->handle, (uint32_t)port, grabbed ? true : false);
}

/*
 * Resolves Lv2Plugin.openUi from the plugin object and Lv2Ui's methods from the object openUi
 * returns, so both come from the class loader jvm_boot gave the plugin (never looked up by name).
 */
static int resolve_open(JNIEnv *env, jobject plugin) {
    pthread_mutex_lock(&java_lock);
    if (!m_open_ui) {
        jclass plugin_class = (*env)->GetObjectClass(env, plugin);
        m_open_ui = (*env)->GetMethodID(env, plugin_class, "openUi", "(JZ)Ldev/downbeat/plugin/lv2/Lv2Ui;");
        if (jvm_boot_catch(env, "Lv2Plugin.openUi")) {
            m_open_ui = NULL;
            jvm_boot_log("lv2 ui: dev.downbeat.plugin.lv2.Lv2Plugin has no openUi (jars from another version?)");
        }
        (*env)->DeleteLocalRef(env, plugin_class);
    }
    pthread_mutex_unlock(&java_lock);
    return m_open_ui != NULL;
}

static int resolve_ui(JNIEnv *env, jobject ui) {
    pthread_mutex_lock(&java_lock);
    if (!ui_class) {
        jclass cls = (*env)->GetObjectClass(env, ui);
        m_width = (*env)->GetMethodID(env, cls, "width", "()I");
        m_height = (*env)->GetMethodID(env, cls, "height", "()I");
        m_open_editor = (*env)->GetMethodID(env, cls, "openEditor", "(J)V");
        m_port_event = (*env)->GetMethodID(env, cls, "portEvent", "(IF)V");
        m_idle = (*env)->GetMethodID(env, cls, "idle", "()I");
        m_cleanup = (*env)->GetMethodID(env, cls, "cleanup", "()V");
        JNINativeMethod natives[] = {
            {"nativeWrite", "(JIF)V", (void *)native_write},
            {"nativeTouch", "(JIZ)V", (void *)native_touch},
        };
        if (jvm_boot_catch(env, "Lv2Ui methods") ||
            (*env)->RegisterNatives(env, cls, natives, sizeof natives / sizeof natives[0]) != 0 ||
            jvm_boot_catch(env, "Lv2Ui natives")) {
            jvm_boot_log("lv2 ui: dev.downbeat.plugin.lv2.Lv2Ui does not have the methods this bridge calls (jars from another version?)");
        } else {
            ui_class = (*env)->NewGlobalRef(env, cls);
        }
        (*env)->DeleteLocalRef(env, cls);
    }
    pthread_mutex_unlock(&java_lock);
    return ui_class != NULL;
}

static void cleanup(LV2UI_Handle handle);

static LV2UI_Handle instantiate(const LV2UI_Descriptor *descriptor, const char *plugin_uri, const char *bundle_path,
                                LV2UI_Write_Function write_function, LV2UI_Controller controller,
                                LV2UI_Widget *widget, const LV2_Feature *const *features) {
    (void)descriptor;
    if (!plugin_uri || strcmp(plugin_uri, DOWNBEAT_LV2_URI) != 0) {
        jvm_boot_log("lv2 ui: asked to show a UI for <%s>, not Downbeat; no UI", plugin_uri ? plugin_uri : "(null)");
        return NULL;
    }
    int has_instance = 0, has_parent = 0;
    const DownbeatInstance *instance = find_feature(features, LV2_INSTANCE_ACCESS_URI, &has_instance);
    const void *parent = find_feature(features, LV2_UI__parent, &has_parent);
    /* Without Java's say there is no Java to ask: these refusals are the bridge's own, logged here. */
    if (!has_instance || !instance) {
        jvm_boot_log("lv2 ui: the host did not provide the feature <" LV2_INSTANCE_ACCESS_URI "> (the editor works on the "
                     "running plugin instance in the host's process); the Downbeat UI was not opened");
        return NULL;
    }
    if (instance->tag != DOWNBEAT_INSTANCE_TAG || !instance->plugin) {
        jvm_boot_log("lv2 ui: the host's instance-access handle is not a running Downbeat instance; the Downbeat UI was not opened");
        return NULL;
    }
    if (!has_parent || !parent) {
        jvm_boot_log("lv2 ui: the host did not provide <" LV2_UI__parent "> (the window the editor embeds into); "
                     "the Downbeat UI was not opened");
        return NULL;
    }
    if (!write_function) {
        jvm_boot_log("lv2 ui: the host gave no write_function; the Downbeat UI was not opened");
        return NULL;
    }

    char ui_dir[4096];
    if (jvm_boot_library_dir((const void *)&instantiate, ui_dir, sizeof ui_dir) != 0) {
        jvm_boot_log("lv2 ui: cannot tell where downbeat_ui.so is; the Downbeat UI was not opened");
        return NULL;
    }
    JNIEnv *env = jvm_boot_start(ui_dir, bundle_path ? bundle_path : ui_dir);
    if (!env || !resolve_open(env, instance->plugin)) return NULL;
    if (jvm_boot_pin_library((const void *)&instantiate) != 0) jvm_boot_log("lv2 ui: could not pin downbeat_ui.so in memory");

    Ui *u = calloc(1, sizeof *u);
    if (!u) return NULL;
    u->write = write_function;
    u->controller = controller;
    u->touch = find_feature(features, LV2_UI__touch, NULL);

    jobject ui = (*env)->CallObjectMethod(env, instance->plugin, m_open_ui, (jlong)(intptr_t)u, (jboolean)(u->touch != NULL));
    if (jvm_boot_catch(env, "Lv2Plugin.openUi") || !ui) {
        free(u);
        return NULL; /* Java logged why */
    }
    if (!resolve_ui(env, ui)) {
        (*env)->DeleteLocalRef(env, ui);
        free(u);
        return NULL;
    }
    u->ui = (*env)->NewGlobalRef(env, ui);
    (*env)->DeleteLocalRef(env, ui);
    jint width = (*env)->CallIntMethod(env, u->ui, m_width);
    jint height = (*env)->CallIntMethod(env, u->ui, m_height);
    if (jvm_boot_catch(env, "Lv2Ui size") || width <= 0 || height <= 0) {
        cleanup(u);
        return NULL;
    }

    u->display = XOpenDisplay(NULL);
    if (!u->display) {
        jvm_boot_log("lv2 ui: cannot open the X display \"%s\"; the Downbeat UI was not opened", XDisplayName(NULL));
        cleanup(u);
        return NULL;
    }
    u->window = XCreateSimpleWindow(u->display, (Window)(uintptr_t)parent, 0, 0, (unsigned)width, (unsigned)height, 0, 0,
                                    BlackPixel(u->display, DefaultScreen(u->display)));
    XStoreName(u->display, u->window, "Downbeat");
    /* What suil and other embedders read for the widget's size: fixed, as the editor keeps its size. */
    XSizeHints *hints = XAllocSizeHints();
    if (hints) {
        hints->flags = PBaseSize | PMinSize | PMaxSize;
        hints->base_width = hints->min_width = hints->max_width = width;
        hints->base_height = hints->min_height = hints->max_height = height;
        XSetWMNormalHints(u->display, u->window, hints);
        XFree(hints);
    }
    XMapWindow(u->display, u->window);
    XSync(u->display, False); /* the window exists before the host or AWT use its id */

    const LV2UI_Resize *resize = find_feature(features, LV2_UI__resize, NULL);
    if (resize) resize->ui_resize(resize->handle, width, height);

    (*env)->CallVoidMethod(env, u->ui, m_open_editor, (jlong)u->window);
    if (jvm_boot_catch(env, "Lv2Ui.openEditor")) {
        cleanup(u);
        return NULL;
    }
    *widget = (LV2UI_Widget)(uintptr_t)u->window;
    return u;
}

static void cleanup(LV2UI_Handle handle) {
    Ui *u = handle;
    if (!u) return;
    JNIEnv *env = jvm_boot_env();
    if (env && u->ui) {
        /* Java closes the editor and waits for its X11 windows to go before ours does. */
        (*env)->CallVoidMethod(env, u->ui, m_cleanup);
        jvm_boot_catch(env, "Lv2Ui.cleanup");
        (*env)->DeleteGlobalRef(env, u->ui);
    }
    if (u->display) XCloseDisplay(u->display);
    free(u);
}

static void port_event(LV2UI_Handle handle, uint32_t port, uint32_t size, uint32_t format, const void *buffer) {
    Ui *u = handle;
    if (format != 0 || size != sizeof(float) || !buffer) return; /* only control ports carry plain floats */
    JNIEnv *env = jvm_boot_env();
    if (!env) return;
    (*env)->CallVoidMethod(env, u->ui, m_port_event, (jint)port, (jfloat) * (const float *)buffer);
    jvm_boot_catch(env, "Lv2Ui.portEvent");
}

static int idle(LV2UI_Handle handle) {
    Ui *u = handle;
    JNIEnv *env = jvm_boot_env();
    if (!env) return 0;
    jint closed = (*env)->CallIntMethod(env, u->ui, m_idle);
    return jvm_boot_catch(env, "Lv2Ui.idle") ? 0 : closed;
}

static const LV2UI_Idle_Interface idle_interface = {idle};

static const void *extension_data(const char *uri) {
    return strcmp(uri, LV2_UI__idleInterface) == 0 ? &idle_interface : NULL;
}

static const LV2UI_Descriptor descriptor = {DOWNBEAT_LV2_UI_URI, instantiate, cleanup, port_event, extension_data};

EXPORT const LV2UI_Descriptor *lv2ui_descriptor(uint32_t index) { return index == 0 ? &descriptor : NULL; }
