/*
 * What Downbeat's LV2 test hosts share: the ok/FAIL check they report with, and a urid:map.
 * Header-only (each host is one translation unit, built on its own by ../Makefile).
 */
#ifndef DOWNBEAT_LV2_TEST_HOST_H
#define DOWNBEAT_LV2_TEST_HOST_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lv2/urid/urid.h>

static int failures;

/* Prints "ok: ..." or "FAIL: ..." (counting the failure); the stage scripts read these lines. */
#define CHECK(cond, ...)                                                                                \
    do {                                                                                                \
        if (cond) { printf("ok: "); printf(__VA_ARGS__); printf("\n"); }                               \
        else { printf("FAIL: "); printf(__VA_ARGS__); printf("\n"); failures++; }                      \
        fflush(stdout);                                                                                 \
    } while (0)

/* ---- urid:map ---- */
/* Locked because a UI host maps from its UI thread while instantiate may map from another. */
static char *uris[512];
static uint32_t uri_count;
static pthread_mutex_t map_lock = PTHREAD_MUTEX_INITIALIZER;

static LV2_URID map_uri(LV2_URID_Map_Handle h, const char *uri) {
    (void)h;
    pthread_mutex_lock(&map_lock);
    LV2_URID id = 0;
    for (uint32_t i = 0; i < uri_count && !id; i++) if (strcmp(uris[i], uri) == 0) id = i + 1;
    if (!id && uri_count < sizeof uris / sizeof uris[0]) {
        uris[uri_count] = strdup(uri);
        id = ++uri_count;
    }
    pthread_mutex_unlock(&map_lock);
    return id;
}

static LV2_URID_Map map = {NULL, map_uri};

#endif
