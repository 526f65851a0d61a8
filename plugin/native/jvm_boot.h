/*
 * jvm_boot: one Java VM per host process, shared by every Downbeat plugin instance and format
 * (the VST2 and LV2 bridges both link this file).
 *
 * What it decides is only where things are and how the VM starts; everything the plugin does
 * happens in Java. Every function here is safe to call from any host thread except where noted;
 * only jvm_boot_env() and jvm_boot_catch_quietly() may be called from the audio thread.
 *
 * Finding Java, first match wins:
 *   1. <resources>/runtime/   a jlink image bundled with the plugin
 *   2. <plugin dir>/runtime/
 *   3. java_home=... in $XDG_CONFIG_HOME/downbeat/jvm.conf (default ~/.config/downbeat/jvm.conf)
 *   4. $JAVA_HOME
 *   5. /usr/lib/jvm/java-17-openjdk-amd64
 * Each must contain lib/server/libjvm.so. jvm.conf may also add VM options, one per line as
 * option=-Xmx1g; they come after the defaults, so they override them.
 *
 * The class path is every .jar file in <resources>/lib/, sorted by name.
 *
 * Log file: $XDG_STATE_HOME/downbeat/downbeat.log (default ~/.local/state/downbeat/downbeat.log);
 * the VM gets the same path as the system property downbeat.log.file.
 */
#ifndef DOWNBEAT_JVM_BOOT_H
#define DOWNBEAT_JVM_BOOT_H

#include <jni.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Writes the folder of the shared object that contains `address_in_library` (pass one of your
 * own functions) into `out`. Returns 0 on success, -1 if the path does not fit or is unknown.
 */
int jvm_boot_library_dir(const void *address_in_library, char *out, size_t capacity);

/*
 * Keeps the shared object that contains `address_in_library` loaded for the life of the process,
 * even after the host dlcloses it: threads attached to the VM run a destructor in this library when
 * they end, and the VM outlives every plugin instance. Call once a VM is up. Returns 0 on success.
 */
int jvm_boot_pin_library(const void *address_in_library);

/*
 * Starts the VM, or joins the one already running in this process, so that Downbeat's classes
 * from the jars in `<resources_dir>/lib/` can be loaded. `plugin_dir` is the folder of the calling
 * shared object (for the runtime search). Returns the calling thread's JNIEnv, or NULL when no
 * VM could be started (the reason is in the log). Idempotent; host thread only.
 */
JNIEnv *jvm_boot_start(const char *plugin_dir, const char *resources_dir);

/*
 * The calling thread's JNIEnv, attaching the thread to the VM as a daemon on first use (it is
 * detached again when the thread ends). NULL if jvm_boot_start has not succeeded. The first call
 * on a thread allocates; every later call is a lookup, safe on the audio thread.
 */
JNIEnv *jvm_boot_env(void);

/*
 * Loads a Downbeat class by binary name ("dev.downbeat.plugin.vst2.Vst2Plugin") through the
 * class loader that holds Downbeat's jars. Returns a global reference, or NULL (logged).
 * Host thread only.
 */
jclass jvm_boot_load_class(JNIEnv *env, const char *binary_name);

/*
 * If a Java exception is pending: clears it, writes it with its stack trace to the log, prefixed
 * by `where`, and returns 1; otherwise returns 0. Host threads only (it logs).
 */
int jvm_boot_catch(JNIEnv *env, const char *where);

/*
 * Like jvm_boot_catch but never logs, so it is safe on the audio thread: clears a pending
 * exception and returns 1 if there was one. The caller counts it and logs later.
 */
int jvm_boot_catch_quietly(JNIEnv *env);

/*
 * Calls a static method by name and JNI signature on `cls`, returning its object result (a local
 * reference, or NULL for void methods); any exception is caught and logged with `name`, and then
 * NULL is returned. Host thread only.
 */
jobject jvm_boot_call_static(JNIEnv *env, jclass cls, const char *name, const char *signature, ...);

/* Appends one line to the log file (printf-style). Never call it from the audio thread. */
void jvm_boot_log(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* The log file's path (valid after the first jvm_boot_log or jvm_boot_start). */
const char *jvm_boot_log_path(void);

#ifdef __cplusplus
}
#endif

#endif
