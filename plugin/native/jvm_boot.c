/*
 * jvm_boot: finds a Java runtime, starts or joins the process's one VM, attaches threads and
 * keeps Java exceptions away from the host. See jvm_boot.h for the rules it follows.
 */
#define _GNU_SOURCE
#include "jvm_boot.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define JVM_BOOT_VERSION JNI_VERSION_10
#define MAX_OPTIONS 64
#define MAX_JARS 256

typedef jint (*create_vm_fn)(JavaVM **, void **, void *);
typedef jint (*created_vms_fn)(JavaVM **, jsize, jsize *);

/* Process-wide state; written under boot_lock by jvm_boot_start, read-only afterwards. */
static pthread_mutex_t boot_lock = PTHREAD_MUTEX_INITIALIZER;
static JavaVM *the_vm;
static jobject downbeat_loader;      /* global ref: the ClassLoader holding Downbeat's jars */
static jmethodID load_class_method;  /* ClassLoader.loadClass(String) */
static pthread_key_t attached_key;   /* set on threads we attached, so they detach at exit */
static int attached_key_made;

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static char log_path[PATH_MAX];

/* ---------- logging ---------- */

static const char *home_dir(void) {
    const char *home = getenv("HOME");
    if (home && *home) return home;
    struct passwd *pw = getpwuid(getuid());
    return pw ? pw->pw_dir : "/tmp";
}

static void make_dirs(const char *path) {
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(buf, 0755);
            *p = '/';
        }
    }
    mkdir(buf, 0755);
}

static void resolve_log_path(void) {
    if (log_path[0]) return;
    char dir[PATH_MAX];
    const char *state = getenv("XDG_STATE_HOME");
    if (state && *state) snprintf(dir, sizeof dir, "%s/downbeat", state);
    else snprintf(dir, sizeof dir, "%s/.local/state/downbeat", home_dir());
    make_dirs(dir);
    snprintf(log_path, sizeof log_path, "%s/downbeat.log", dir);
}

const char *jvm_boot_log_path(void) {
    pthread_mutex_lock(&log_lock);
    resolve_log_path();
    pthread_mutex_unlock(&log_lock);
    return log_path;
}

void jvm_boot_log(const char *format, ...) {
    pthread_mutex_lock(&log_lock);
    resolve_log_path();
    FILE *f = fopen(log_path, "a");
    if (f) {
        char stamp[32];
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
        fprintf(f, "%s [native] ", stamp);
        va_list args;
        va_start(args, format);
        vfprintf(f, format, args);
        va_end(args);
        fputc('\n', f);
        fclose(f);
    }
    pthread_mutex_unlock(&log_lock);
}

/* ---------- exceptions ---------- */

int jvm_boot_catch_quietly(JNIEnv *env) {
    if (!(*env)->ExceptionCheck(env)) return 0;
    (*env)->ExceptionClear(env);
    return 1;
}

/* The throwable's printStackTrace() text, or NULL if even that fails. Caller frees. */
static char *stack_trace_text(JNIEnv *env, jthrowable t) {
    char *text = NULL;
    jclass sw_class = (*env)->FindClass(env, "java/io/StringWriter");
    jclass pw_class = (*env)->FindClass(env, "java/io/PrintWriter");
    jclass t_class = (*env)->FindClass(env, "java/lang/Throwable");
    if (!sw_class || !pw_class || !t_class) goto done;
    jobject sw = (*env)->NewObject(env, sw_class, (*env)->GetMethodID(env, sw_class, "<init>", "()V"));
    if (!sw) goto done;
    jobject pw = (*env)->NewObject(env, pw_class,
                                   (*env)->GetMethodID(env, pw_class, "<init>", "(Ljava/io/Writer;)V"), sw);
    if (!pw) goto done;
    (*env)->CallVoidMethod(env, t, (*env)->GetMethodID(env, t_class, "printStackTrace", "(Ljava/io/PrintWriter;)V"), pw);
    if ((*env)->ExceptionCheck(env)) goto done;
    jstring s = (*env)->CallObjectMethod(env, sw, (*env)->GetMethodID(env, sw_class, "toString", "()Ljava/lang/String;"));
    if (!s || (*env)->ExceptionCheck(env)) goto done;
    const char *utf = (*env)->GetStringUTFChars(env, s, NULL);
    if (utf) {
        text = strdup(utf);
        (*env)->ReleaseStringUTFChars(env, s, utf);
    }
done:
    (*env)->ExceptionClear(env);
    return text;
}

int jvm_boot_catch(JNIEnv *env, const char *where) {
    if (!(*env)->ExceptionCheck(env)) return 0;
    jthrowable t = (*env)->ExceptionOccurred(env);
    (*env)->ExceptionClear(env);
    (*env)->PushLocalFrame(env, 16);
    char *text = t ? stack_trace_text(env, t) : NULL;
    jvm_boot_log("Java exception in %s: %s", where, text ? text : "(its stack trace could not be printed)");
    free(text);
    (*env)->PopLocalFrame(env, NULL);
    if (t) (*env)->DeleteLocalRef(env, t);
    return 1;
}

jobject jvm_boot_call_static(JNIEnv *env, jclass cls, const char *name, const char *signature, ...) {
    jmethodID m = (*env)->GetStaticMethodID(env, cls, name, signature);
    if (!m) {
        jvm_boot_catch(env, name);
        jvm_boot_log("no static method %s%s", name, signature);
        return NULL;
    }
    const char *ret = strchr(signature, ')');
    jobject result = NULL;
    va_list args;
    va_start(args, signature);
    if (ret && (ret[1] == 'L' || ret[1] == '[')) result = (*env)->CallStaticObjectMethodV(env, cls, m, args);
    else (*env)->CallStaticVoidMethodV(env, cls, m, args);
    va_end(args);
    if (jvm_boot_catch(env, name)) return NULL;
    return result;
}

/* ---------- threads ---------- */

static void detach_at_thread_exit(void *unused) {
    (void)unused;
    if (the_vm) (*the_vm)->DetachCurrentThread(the_vm);
}

/* The key's destructor lives in this library: delete it before the host unloads us. */
__attribute__((destructor)) static void forget_attached_key(void) {
    if (attached_key_made) pthread_key_delete(attached_key);
}

JNIEnv *jvm_boot_env(void) {
    JavaVM *vm = the_vm;
    if (!vm) return NULL;
    JNIEnv *env = NULL;
    jint rc = (*vm)->GetEnv(vm, (void **)&env, JVM_BOOT_VERSION);
    if (rc == JNI_OK) return env;
    if (rc != JNI_EDETACHED) return NULL;
    JavaVMAttachArgs args = {JVM_BOOT_VERSION, "downbeat-host-thread", NULL};
    if ((*vm)->AttachCurrentThreadAsDaemon(vm, (void **)&env, &args) != JNI_OK) return NULL;
    if (attached_key_made) pthread_setspecific(attached_key, (void *)1);
    return env;
}

/* ---------- finding things ---------- */

int jvm_boot_library_dir(const void *address_in_library, char *out, size_t capacity) {
    Dl_info info;
    if (!dladdr(address_in_library, &info) || !info.dli_fname) return -1;
    char resolved[PATH_MAX];
    if (!realpath(info.dli_fname, resolved)) return -1;
    char *slash = strrchr(resolved, '/');
    if (!slash) return -1;
    *slash = '\0';
    if ((size_t)snprintf(out, capacity, "%s", resolved[0] ? resolved : "/") >= capacity) return -1;
    return 0;
}

/* The attached-thread destructor and the VM's hooks point into this library: it must stay mapped. */
int jvm_boot_pin_library(const void *address_in_library) {
    Dl_info info;
    if (!dladdr(address_in_library, &info) || !info.dli_fname) return -1;
    /* The extra reference is never closed; RTLD_NODELETE keeps the code mapped after the host's dlclose. */
    return dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE) ? 0 : -1;
}

static int is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static void config_path(char *out, size_t capacity) {
    const char *config = getenv("XDG_CONFIG_HOME");
    if (config && *config) snprintf(out, capacity, "%s/downbeat/jvm.conf", config);
    else snprintf(out, capacity, "%s/.config/downbeat/jvm.conf", home_dir());
}

/* Reads java_home= and option= lines of jvm.conf; a missing file is not an error. */
static void read_config(char *java_home, size_t home_capacity, char options[][PATH_MAX], int *option_count,
                        int max_options) {
    char path[PATH_MAX];
    config_path(path, sizeof path);
    FILE *f = fopen(path, "r");
    if (!f) return;
    char line[PATH_MAX];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0') continue;
        if (strncmp(line, "java_home=", 10) == 0) {
            snprintf(java_home, home_capacity, "%s", line + 10);
        } else if (strncmp(line, "option=", 7) == 0) {
            if (*option_count < max_options) snprintf(options[(*option_count)++], PATH_MAX, "%s", line + 7);
        } else {
            jvm_boot_log("%s: ignored line \"%s\" (expected java_home=... or option=...)", path, line);
        }
    }
    fclose(f);
}

/* The first candidate runtime that has lib/server/libjvm.so, written to `libjvm`. */
static int find_libjvm(const char *plugin_dir, const char *resources_dir, const char *config_home, char *libjvm,
                       size_t capacity) {
    char candidates[5][PATH_MAX];
    int n = 0;
    snprintf(candidates[n++], PATH_MAX, "%s/runtime", resources_dir);
    snprintf(candidates[n++], PATH_MAX, "%s/runtime", plugin_dir);
    if (config_home[0]) snprintf(candidates[n++], PATH_MAX, "%s", config_home);
    const char *java_home = getenv("JAVA_HOME");
    if (java_home && *java_home) snprintf(candidates[n++], PATH_MAX, "%s", java_home);
    snprintf(candidates[n++], PATH_MAX, "/usr/lib/jvm/java-17-openjdk-amd64");
    for (int i = 0; i < n; i++) {
        snprintf(libjvm, capacity, "%s/lib/server/libjvm.so", candidates[i]);
        if (is_file(libjvm)) return 0;
    }
    jvm_boot_log("no Java runtime found: looked for lib/server/libjvm.so in %s/runtime, %s/runtime, "
                 "java_home in jvm.conf, $JAVA_HOME and /usr/lib/jvm/java-17-openjdk-amd64",
                 resources_dir, plugin_dir);
    return -1;
}

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted jars of <resources>/lib as malloc'd paths; returns their count or -1. */
static int list_jars(const char *resources_dir, char **jars, int max_jars) {
    char lib[PATH_MAX];
    snprintf(lib, sizeof lib, "%s/lib", resources_dir);
    DIR *d = opendir(lib);
    if (!d) {
        jvm_boot_log("cannot open the jar folder %s: %s", lib, strerror(errno));
        return -1;
    }
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < max_jars) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".jar") == 0) {
            char path[PATH_MAX];
            snprintf(path, sizeof path, "%s/%s", lib, e->d_name);
            jars[n++] = strdup(path);
        }
    }
    closedir(d);
    if (n == 0) jvm_boot_log("no jars in %s", lib);
    qsort(jars, n, sizeof *jars, compare_names);
    return n;
}

/* ---------- thread priorities ---------- */

/* CAP_SYS_NICE in the effective set (root normally has it; a container may not). */
static int has_cap_sys_nice(void) {
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return 0;
    char line[256];
    unsigned long long caps = 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "CapEff: %llx", &caps) == 1) break;
    fclose(f);
    return (caps >> 23) & 1; /* CAP_SYS_NICE = 23 */
}

/*
 * Whether the kernel lets this process give threads the nice values -XX:ThreadPriorityPolicy=1
 * asks for (the VM's own threads -4, Java priority 10 -5): CAP_SYS_NICE, or an RLIMIT_NICE of at
 * least 25 (limits.conf "nice -5" or lower; Debian's jackd2 audio.conf ships its "nice -19" line
 * commented out). Without it the option changes nothing but would make the VM print a warning.
 */
static int may_raise_thread_priorities(void) {
    struct rlimit nice_limit;
    if (getrlimit(RLIMIT_NICE, &nice_limit) == 0 &&
        (nice_limit.rlim_cur == RLIM_INFINITY || nice_limit.rlim_cur >= 25))
        return 1;
    return has_cap_sys_nice();
}

/* ---------- the VM ---------- */

static JavaVM *existing_vm(void) {
    /* A VM may already be loaded by another plugin or an earlier load of ours. */
    created_vms_fn created = (created_vms_fn)dlsym(RTLD_DEFAULT, "JNI_GetCreatedJavaVMs");
    if (!created) return NULL;
    JavaVM *vm = NULL;
    jsize count = 0;
    if (created(&vm, 1, &count) != JNI_OK || count < 1) return NULL;
    return vm;
}

static JavaVM *create_vm(const char *plugin_dir, const char *resources_dir, char **jars, int jar_count,
                         JNIEnv **env) {
    static char options_text[MAX_OPTIONS][PATH_MAX];
    char config_home[PATH_MAX] = "";
    char extra[MAX_OPTIONS / 2][PATH_MAX];
    int extra_count = 0;
    read_config(config_home, sizeof config_home, extra, &extra_count, MAX_OPTIONS / 2);

    char libjvm[PATH_MAX];
    if (find_libjvm(plugin_dir, resources_dir, config_home, libjvm, sizeof libjvm) != 0) return NULL;
    void *handle = dlopen(libjvm, RTLD_NOW | RTLD_GLOBAL);
    if (!handle) {
        jvm_boot_log("cannot load %s: %s", libjvm, dlerror());
        return NULL;
    }
    create_vm_fn create = (create_vm_fn)dlsym(handle, "JNI_CreateJavaVM");
    if (!create) {
        jvm_boot_log("%s has no JNI_CreateJavaVM", libjvm);
        return NULL;
    }

    size_t cp_len = strlen("-Djava.class.path=") + 1;
    for (int i = 0; i < jar_count; i++) cp_len += strlen(jars[i]) + 1;
    char *class_path = malloc(cp_len);
    strcpy(class_path, "-Djava.class.path=");
    for (int i = 0; i < jar_count; i++) {
        if (i) strcat(class_path, ":");
        strcat(class_path, jars[i]);
    }

    int n = 0;
    /* -Xrs: the host keeps SIGINT/SIGTERM/SIGQUIT; ZGC: sub-millisecond pauses (docs/benchmarks.md). */
    snprintf(options_text[n++], PATH_MAX, "-Xrs");
    snprintf(options_text[n++], PATH_MAX, "-XX:+UseZGC");
    snprintf(options_text[n++], PATH_MAX, "-Xms64m");
    snprintf(options_text[n++], PATH_MAX, "-Xmx1g");
    /* No hsperfdata file in /tmp for every host process. */
    snprintf(options_text[n++], PATH_MAX, "-XX:-UsePerfData");
    /* The editor embeds into the host's X11 window through AWT's own embedded frame, and asks AWT's
     * Xlib binding about that window (editor.X11Windows: package-private classes, component peers). */
    snprintf(options_text[n++], PATH_MAX, "--add-exports=java.desktop/sun.awt.X11=ALL-UNNAMED");
    snprintf(options_text[n++], PATH_MAX, "--add-opens=java.desktop/sun.awt.X11=ALL-UNNAMED");
    snprintf(options_text[n++], PATH_MAX, "--add-exports=java.desktop/sun.awt=ALL-UNNAMED");
    snprintf(options_text[n++], PATH_MAX, "-Ddownbeat.log.file=%s", jvm_boot_log_path());
    /* A crash anywhere in the host reaches the VM's signal handler: report it beside our log, and
     * quickly (the default spends up to two minutes writing it while the host hangs). */
    char log_dir[PATH_MAX];
    snprintf(log_dir, sizeof log_dir, "%s", jvm_boot_log_path());
    char *slash = strrchr(log_dir, '/');
    if (slash) *slash = '\0';
    snprintf(options_text[n++], PATH_MAX, "-XX:ErrorFile=%s/hs_err_pid%%p.log", log_dir);
    snprintf(options_text[n++], PATH_MAX, "-XX:ErrorLogTimeout=8");
    snprintf(options_text[n++], PATH_MAX, "-Ddownbeat.resources=%s", resources_dir);
    /* On a loaded machine a GC pause the audio thread waits for lasts as long as the VM's threads
     * take to be scheduled: nice -4 for them (and -5 for Downbeat's bar writer) cut the pauses over
     * 20 ms to reach from 2.6 to 0.3 per 2 minutes at load 8-12 (docs/benchmarks.md, "The VM's
     * threads under load"). */
    /* The audio path's code reaches the JIT's top tier at a tenth of the usual call counts. Methods
     * a block calls once per stage period or per bar (the reverb's transform drivers, the bar
     * hand-over, exp for a re-sample) otherwise ran as profiling C1 code for a minute after play:
     * p99.9 of process() 195-232 -> 156-192 us, downbeat blocks' median 124-131 -> 95-105 us, in
     * alternating 2-minute runs (docs/benchmarks.md, "Session 4", the JIT's tiers). "quiet" keeps the VM from
     * printing these lines on the host's stdout. */
    snprintf(options_text[n++], PATH_MAX, "-XX:CompileCommand=quiet");
    snprintf(options_text[n++], PATH_MAX, "-XX:CompileCommand=CompileThresholdScaling,dev.downbeat.*::*,0.1");
    snprintf(options_text[n++], PATH_MAX, "-XX:CompileCommand=CompileThresholdScaling,org.jtransforms.*::*,0.1");
    snprintf(options_text[n++], PATH_MAX, "-XX:CompileCommand=CompileThresholdScaling,java.lang.FdLibm*::*,0.1");
    /* The bar hand-over runs once per bar, too rarely for C2 to inline it into the block's render:
     * as separate compiled methods, each pays ZGC's entry barrier after every GC phase change (one
     * every 1-2 s under garbage, a bar every 2 s), so nearly every downbeat paid it. Inlined, the
     * hand-over is part of render's code (docs/benchmarks.md, "Session 5"). */
    static const char *const inlined[] = {
        "dev.downbeat.plugin.core.BarPlayer::*", "dev.downbeat.plugin.core.MessageRing::offer",
        "dev.downbeat.plugin.core.BarShelf::*", "dev.downbeat.plugin.core.StepSampling::*",
        "dev.downbeat.plugin.core.GroovePlayer::*",
    };
    for (size_t i = 0; i < sizeof inlined / sizeof inlined[0]; i++) {
        snprintf(options_text[n++], PATH_MAX, "-XX:CompileCommand=inline,%s", inlined[i]);
    }
    int priorities = may_raise_thread_priorities();
    if (priorities) snprintf(options_text[n++], PATH_MAX, "-XX:ThreadPriorityPolicy=1");
    for (int i = 0; i < extra_count && n < MAX_OPTIONS - 1; i++) snprintf(options_text[n++], PATH_MAX, "%s", extra[i]);

    JavaVMOption options[MAX_OPTIONS];
    options[0].optionString = class_path;
    options[0].extraInfo = NULL;
    for (int i = 0; i < n; i++) {
        options[i + 1].optionString = options_text[i];
        options[i + 1].extraInfo = NULL;
    }
    JavaVMInitArgs init = {JVM_BOOT_VERSION, n + 1, options, JNI_FALSE};
    JavaVM *vm = NULL;
    jint rc = create(&vm, (void **)env, &init);
    if (rc != JNI_OK) {
        jvm_boot_log("JNI_CreateJavaVM failed with %d using %s (options from jvm.conf: %d)", rc, libjvm, extra_count);
        vm = NULL;
    } else {
        jvm_boot_log("started Java VM %s with %d jars from %s/lib", libjvm, jar_count, resources_dir);
        int from_config = 0;
        for (int i = 0; i < extra_count; i++) from_config |= strncmp(extra[i], "-XX:ThreadPriorityPolicy", 24) == 0;
        if (from_config)
            jvm_boot_log("thread priorities as jvm.conf sets them (-XX:ThreadPriorityPolicy)");
        else if (priorities)
            jvm_boot_log("thread priorities raised (-XX:ThreadPriorityPolicy=1: the VM's threads at nice -4, "
                         "Downbeat's bar writer at -5)");
        else
            jvm_boot_log("thread priorities left as they are: raising them needs RLIMIT_NICE >= 25 (e.g. \"@audio - nice -19\" "
                         "in /etc/security/limits.d/audio.conf) or CAP_SYS_NICE; Java's pauses may last longer on a busy machine");
    }
    free(class_path);
    return vm;
}

/* A new URLClassLoader over the jars, for a VM that someone else started. */
static jobject new_url_loader(JNIEnv *env, char **jars, int jar_count) {
    jclass file_class = (*env)->FindClass(env, "java/io/File");
    jclass uri_class = (*env)->FindClass(env, "java/net/URI");
    jclass url_class = (*env)->FindClass(env, "java/net/URL");
    jclass loader_class = (*env)->FindClass(env, "java/net/URLClassLoader");
    jclass cl_class = (*env)->FindClass(env, "java/lang/ClassLoader");
    if (!file_class || !uri_class || !url_class || !loader_class || !cl_class) return NULL;
    jmethodID file_init = (*env)->GetMethodID(env, file_class, "<init>", "(Ljava/lang/String;)V");
    jmethodID to_uri = (*env)->GetMethodID(env, file_class, "toURI", "()Ljava/net/URI;");
    jmethodID to_url = (*env)->GetMethodID(env, uri_class, "toURL", "()Ljava/net/URL;");
    jobjectArray urls = (*env)->NewObjectArray(env, jar_count, url_class, NULL);
    if (!urls) return NULL;
    for (int i = 0; i < jar_count; i++) {
        jstring path = (*env)->NewStringUTF(env, jars[i]);
        jobject file = (*env)->NewObject(env, file_class, file_init, path);
        jobject uri = file ? (*env)->CallObjectMethod(env, file, to_uri) : NULL;
        jobject url = uri ? (*env)->CallObjectMethod(env, uri, to_url) : NULL;
        if (!url || (*env)->ExceptionCheck(env)) return NULL;
        (*env)->SetObjectArrayElement(env, urls, i, url);
    }
    jmethodID platform = (*env)->GetStaticMethodID(env, cl_class, "getPlatformClassLoader", "()Ljava/lang/ClassLoader;");
    jobject parent = (*env)->CallStaticObjectMethod(env, cl_class, platform);
    jmethodID init = (*env)->GetMethodID(env, loader_class, "<init>", "([Ljava/net/URL;Ljava/lang/ClassLoader;)V");
    return (*env)->NewObject(env, loader_class, init, urls, parent);
}

/*
 * The loader for these jars: one per resources folder per VM, remembered in the VM's system
 * properties (they outlive this library when the host unloads and reloads it).
 */
static jobject find_or_make_loader(JNIEnv *env, const char *resources_dir, int vm_is_ours, char **jars,
                                   int jar_count) {
    jclass system_class = (*env)->FindClass(env, "java/lang/System");
    jclass props_class = (*env)->FindClass(env, "java/util/Properties");
    jclass cl_class = (*env)->FindClass(env, "java/lang/ClassLoader");
    if (!system_class || !props_class || !cl_class) return NULL;
    jobject props = (*env)->CallStaticObjectMethod(env, system_class,
        (*env)->GetStaticMethodID(env, system_class, "getProperties", "()Ljava/util/Properties;"));
    jmethodID get = (*env)->GetMethodID(env, props_class, "get", "(Ljava/lang/Object;)Ljava/lang/Object;");
    jmethodID put = (*env)->GetMethodID(env, props_class, "put",
                                        "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;");
    if (!props || !get || !put) return NULL;
    char key_text[PATH_MAX + 32];
    snprintf(key_text, sizeof key_text, "dev.downbeat.loader:%s", resources_dir);
    jstring key = (*env)->NewStringUTF(env, key_text);
    jobject loader = (*env)->CallObjectMethod(env, props, get, key);
    if (loader && (*env)->IsInstanceOf(env, loader, cl_class)) return loader;
    if (vm_is_ours) {
        loader = (*env)->CallStaticObjectMethod(env, cl_class,
            (*env)->GetStaticMethodID(env, cl_class, "getSystemClassLoader", "()Ljava/lang/ClassLoader;"));
    } else {
        loader = new_url_loader(env, jars, jar_count);
    }
    if (!loader || (*env)->ExceptionCheck(env)) return NULL;
    (*env)->CallObjectMethod(env, props, put, key, loader);
    return loader;
}

JNIEnv *jvm_boot_start(const char *plugin_dir, const char *resources_dir) {
    pthread_mutex_lock(&boot_lock);
    JNIEnv *env = NULL;
    if (the_vm) {
        pthread_mutex_unlock(&boot_lock);
        return jvm_boot_env();
    }
    if (!attached_key_made) attached_key_made = pthread_key_create(&attached_key, detach_at_thread_exit) == 0;

    char *jars[MAX_JARS];
    int jar_count = list_jars(resources_dir, jars, MAX_JARS);
    if (jar_count <= 0) goto done;

    int vm_is_ours = 0;
    JavaVM *vm = existing_vm();
    if (vm) {
        the_vm = vm;
        env = jvm_boot_env();
    } else {
        vm = create_vm(plugin_dir, resources_dir, jars, jar_count, &env);
        if (vm) {
            the_vm = vm;
            vm_is_ours = 1;
            if (attached_key_made) pthread_setspecific(attached_key, (void *)1);
        }
    }
    if (!env) {
        if (vm) jvm_boot_log("cannot attach to the Java VM");
        the_vm = NULL;
        goto free_jars;
    }

    (*env)->PushLocalFrame(env, 64);
    jobject loader = find_or_make_loader(env, resources_dir, vm_is_ours, jars, jar_count);
    if (!loader) {
        jvm_boot_catch(env, "making Downbeat's class loader");
        jvm_boot_log("cannot make a class loader for %s/lib", resources_dir);
        (*env)->PopLocalFrame(env, NULL);
        the_vm = NULL; /* the VM stays up; a later start retries the loader */
        env = NULL;
        goto free_jars;
    }
    downbeat_loader = (*env)->NewGlobalRef(env, loader);
    jclass cl_class = (*env)->FindClass(env, "java/lang/ClassLoader");
    load_class_method = (*env)->GetMethodID(env, cl_class, "loadClass", "(Ljava/lang/String;)Ljava/lang/Class;");
    (*env)->PopLocalFrame(env, NULL);

free_jars:
    for (int i = 0; i < jar_count; i++) free(jars[i]);
done:
    pthread_mutex_unlock(&boot_lock);
    return env;
}

jclass jvm_boot_load_class(JNIEnv *env, const char *binary_name) {
    if (!downbeat_loader) return NULL;
    jstring name = (*env)->NewStringUTF(env, binary_name);
    if (!name) {
        jvm_boot_catch(env, binary_name);
        return NULL;
    }
    jobject cls = (*env)->CallObjectMethod(env, downbeat_loader, load_class_method, name);
    (*env)->DeleteLocalRef(env, name);
    if (jvm_boot_catch(env, binary_name) || !cls) {
        jvm_boot_log("cannot load class %s", binary_name);
        return NULL;
    }
    jclass global = (*env)->NewGlobalRef(env, cls);
    (*env)->DeleteLocalRef(env, cls);
    return global;
}
