/*
 * What a Downbeat plugin instance shows its UI. With the instance-access feature the host hands
 * the UI (downbeat_ui.so) the plugin's LV2_Handle; both libraries are built from this folder, so
 * the handle points at this header, the first member of lv2_bridge.c's Bridge. The tag lets the UI
 * refuse a handle that is not a Downbeat instance (a host passing something else) with a message
 * rather than a crash.
 */
#ifndef DOWNBEAT_LV2_INSTANCE_H
#define DOWNBEAT_LV2_INSTANCE_H

#include <jni.h>
#include <stdint.h>

#define DOWNBEAT_INSTANCE_TAG 0x446E4C32u /* "DnL2" */

typedef struct {
    uint32_t tag;   /* DOWNBEAT_INSTANCE_TAG while the instance lives, 0 after cleanup */
    jobject plugin; /* global reference to the Java dev.downbeat.plugin.lv2.Lv2Plugin */
} DownbeatInstance;

#endif
