/*
 * lv2_ui_host: opens and closes Downbeat's LV2 UI again and again in one process, as a musician
 * opens and closes the plugin's window in a host, while the plugin runs on an audio thread of its
 * own. Used by tests/stages/32-lv2-ui.sh, under an X server.
 *
 *   lv2_ui_host BUNDLE_DIR CYCLES DEFAULT...    (one default per control port, from lv2info)
 *
 * Each cycle instantiates the UI with instance-access (the running instance's handle), ui:parent
 * (a window of this host's), ui:idleInterface, ui:resize and urid:map, and checks:
 *   - the widget is a child of the parent window, as large as the UI asked through ui:resize;
 *   - driving idle(), the editor embeds: the widget gets a child window (AWT's frame) within 20 s;
 *   - port_event for a control port is taken (the host's change of swing);
 *   - after cleanup the parent window has no child left.
 * From the fifth cycle to the last (the VM, AWT and lazily opened jars start up before), the
 * display's windows must not grow, and the process's threads and open files by at most 2 in all:
 * anything held per cycle would add one for each of the cycles after the fifth. The plugin's audio
 * thread must have run on all along with finite output (its longest run() is printed).
 * Prints "ok: ..." / "FAIL: ..."; exit 1 on any failure.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <X11/Xlib.h>

#include <lv2/atom/atom.h>
#include <lv2/buf-size/buf-size.h>
#include <lv2/core/lv2.h>
#include <lv2/instance-access/instance-access.h>
#include <lv2/options/options.h>
#include <lv2/ui/ui.h>
#include <lv2/urid/urid.h>

#include "test_host.h"

#define PLUGIN_URI "https://downbeat.dev/plugins/downbeat"
#define BLOCK 256
#define MAX_CONTROLS 256
#define SWING_PORT 6 /* Lv2Ports: 4 fixed ports, freewheel, temperature, swing */


/* ---- the plugin, running ---- */
static const LV2_Descriptor *plugin;
static LV2_Handle instance;
static uint8_t events_in[4096] __attribute__((aligned(8)));
static uint8_t midi_out[65536] __attribute__((aligned(8)));
static float left[BLOCK], right[BLOCK], controls[MAX_CONTROLS];
static volatile int running = 1;
/* Written by the audio thread, read after it stopped. */
static long blocks_run;
static double longest_run_ms;
static int not_finite;

static double now(void);

static void *audio_thread(void *arg) {
    (void)arg;
    LV2_Atom_Sequence *in = (LV2_Atom_Sequence *)events_in, *out = (LV2_Atom_Sequence *)midi_out;
    struct timespec period = {0, (long)(BLOCK * 1e9 / 48000)};
    while (running) {
        in->atom.type = map_uri(NULL, LV2_ATOM__Sequence);
        in->atom.size = sizeof(LV2_Atom_Sequence_Body);
        in->body.unit = in->body.pad = 0;
        out->atom.type = 0;
        out->atom.size = sizeof midi_out - sizeof(LV2_Atom);
        double t0 = now();
        plugin->run(instance, BLOCK);
        double ms = (now() - t0) * 1e3;
        if (ms > longest_run_ms && blocks_run > 100) longest_run_ms = ms; /* after the JIT's first blocks */
        for (int i = 0; i < BLOCK; i++) not_finite += !isfinite(left[i]) || !isfinite(right[i]);
        blocks_run++;
        nanosleep(&period, NULL);
    }
    return NULL;
}

/* ---- X11 ---- */
static Display *display;
static int x_errors;

static int count_error(Display *d, XErrorEvent *e) {
    (void)d, (void)e;
    x_errors++;
    return 0;
}

static int children(Window w, Window *first) {
    Window root, parent, *kids = NULL;
    unsigned n = 0;
    if (!XQueryTree(display, w, &root, &parent, &kids, &n)) return -1;
    if (first) *first = n ? kids[0] : 0;
    if (kids) XFree(kids);
    return (int)n;
}

static int windows_below(Window w) {
    Window root, parent, *kids = NULL;
    unsigned n = 0;
    if (!XQueryTree(display, w, &root, &parent, &kids, &n)) return 0;
    int total = (int)n;
    for (unsigned i = 0; i < n; i++) total += windows_below(kids[i]);
    if (kids) XFree(kids);
    return total;
}

static int entries(const char *dir) {
    DIR *d = opendir(dir);
    int n = 0;
    if (!d) return -1;
    while (readdir(d)) n++;
    closedir(d);
    return n - 2;
}

/* ---- the UI's host side ---- */
static int writes, resizes, asked_width, asked_height;

static void ui_write(LV2UI_Controller c, uint32_t port, uint32_t size, uint32_t protocol, const void *buffer) {
    (void)c;
    if (protocol == 0 && size == sizeof(float) && port < (uint32_t)MAX_CONTROLS + 4) controls[port - 4] = *(const float *)buffer;
    writes++;
}

static int ui_resize(LV2UI_Feature_Handle h, int width, int height) {
    (void)h;
    resizes++;
    asked_width = width;
    asked_height = height;
    return 0;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s BUNDLE_DIR CYCLES DEFAULT...\n", argv[0]);
        return 2;
    }
    const char *bundle = argv[1];
    int cycles = atoi(argv[2]);
    int control_count = argc - 3;
    for (int c = 0; c < control_count && c < MAX_CONTROLS; c++) controls[c] = strtof(argv[3 + c], NULL);
    controls[0] = 0; /* freewheel off: a live host */

    char path[4096];
    snprintf(path, sizeof path, "%s/downbeat.so", bundle);
    void *lib = dlopen(path, RTLD_NOW);
    snprintf(path, sizeof path, "%s/downbeat_ui.so", bundle);
    void *ui_lib = dlopen(path, RTLD_NOW);
    if (!lib || !ui_lib) {
        fprintf(stderr, "cannot load the bundle's libraries: %s\n", dlerror());
        return 1;
    }
    plugin = ((LV2_Descriptor_Function)dlsym(lib, "lv2_descriptor"))(0);
    const LV2UI_Descriptor *ui = ((LV2UI_DescriptorFunction)dlsym(ui_lib, "lv2ui_descriptor"))(0);

    int32_t max_block = BLOCK;
    LV2_Options_Option options[] = {
        {LV2_OPTIONS_INSTANCE, 0, map_uri(NULL, LV2_BUF_SIZE__maxBlockLength), sizeof(int32_t), map_uri(NULL, LV2_ATOM__Int), &max_block},
        {LV2_OPTIONS_INSTANCE, 0, 0, 0, 0, NULL},
    };
    LV2_Feature map_feature = {LV2_URID__map, &map}, options_feature = {LV2_OPTIONS__options, options},
                bounded = {LV2_BUF_SIZE__boundedBlockLength, NULL};
    const LV2_Feature *plugin_features[] = {&map_feature, &options_feature, &bounded, NULL};
    instance = plugin->instantiate(plugin, 48000, bundle, plugin_features);
    CHECK(instance != NULL, "the plugin instantiates");
    if (!instance) return 1;
    plugin->connect_port(instance, 0, events_in);
    plugin->connect_port(instance, 1, midi_out);
    plugin->connect_port(instance, 2, left);
    plugin->connect_port(instance, 3, right);
    for (int c = 0; c < control_count; c++) plugin->connect_port(instance, 4 + c, &controls[c]);
    plugin->activate(instance);
    pthread_t audio;
    pthread_create(&audio, NULL, audio_thread, NULL);

    display = XOpenDisplay(NULL);
    if (!display) {
        fprintf(stderr, "no X display\n");
        return 1;
    }
    XSetErrorHandler(count_error);
    Window host_window = XCreateSimpleWindow(display, DefaultRootWindow(display), 0, 0, 1300, 700, 0, 0, 0);
    XStoreName(display, host_window, "lv2_ui_host");
    XMapWindow(display, host_window);
    XSync(display, False);

    LV2UI_Resize resize = {NULL, ui_resize};
    LV2_Feature access = {LV2_INSTANCE_ACCESS_URI, instance}, parent = {LV2_UI__parent, (void *)(uintptr_t)host_window},
                idle_feature = {LV2_UI__idleInterface, NULL}, resize_feature = {LV2_UI__resize, &resize};
    const LV2_Feature *ui_features[] = {&map_feature, &access, &parent, &idle_feature, &resize_feature, NULL};
    const LV2UI_Idle_Interface *idle = ui->extension_data(LV2_UI__idleInterface);

    const int baseline_cycle = cycles < 5 ? 1 : 5;
    int threads_before = 0, files_before = 0, windows_before = 0, embedded = 0, clean = 0, sized = 0;
    double slowest = 0;
    for (int cycle = 1; cycle <= cycles; cycle++) {
        LV2UI_Widget widget = NULL;
        resizes = 0;
        LV2UI_Handle h = ui->instantiate(ui, PLUGIN_URI, bundle, ui_write, NULL, &widget, ui_features);
        if (!h || !widget) {
            CHECK(0, "cycle %d: the UI instantiates", cycle);
            break;
        }
        Window w = (Window)(uintptr_t)widget, first = 0;
        XWindowAttributes a;
        int is_child = children(host_window, &first) == 1 && first == w;
        if (is_child && XGetWindowAttributes(display, w, &a) && resizes == 1 && a.width == asked_width && a.height == asked_height)
            sized++;
        /* Drive idle as a host does, until AWT's frame is inside the widget. */
        double start = now();
        int inside = 0;
        while (!inside && now() - start < 20) {
            idle->idle(h);
            XSync(display, False);
            inside = children(w, NULL) >= 1;
            usleep(30000);
        }
        if (now() - start > slowest) slowest = now() - start;
        if (inside) embedded++;
        float swing = 10.0f * (cycle % 5);
        ui->port_event(h, SWING_PORT, sizeof swing, 0, &swing);
        for (int i = 0; i < 5; i++) {
            idle->idle(h);
            usleep(30000);
        }
        ui->cleanup(h);
        XSync(display, False);
        if (children(host_window, NULL) == 0) clean++;
        if (cycle == baseline_cycle) {
            threads_before = entries("/proc/self/task");
            files_before = entries("/proc/self/fd");
            windows_before = windows_below(DefaultRootWindow(display));
        }
    }
    CHECK(sized == cycles, "the widget is a child of the host's window at the size the UI asked through ui:resize (%d of %d cycles, %dx%d)",
          sized, cycles, asked_width, asked_height);
    CHECK(embedded == cycles, "the editor embedded in the widget in %d of %d cycles (slowest %.1f s)", embedded, cycles, slowest);
    CHECK(clean == cycles, "cleanup left no window in the host's window (%d of %d cycles)", clean, cycles);
    int threads = entries("/proc/self/task"), files = entries("/proc/self/fd"), windows = windows_below(DefaultRootWindow(display));
    CHECK(threads <= threads_before + 2, "threads after cycle %d: %d, after cycle %d: %d", baseline_cycle, threads_before, cycles, threads);
    CHECK(files <= files_before + 2, "open files after cycle %d: %d, after cycle %d: %d", baseline_cycle, files_before, cycles, files);
    CHECK(windows <= windows_before, "X windows after cycle %d: %d, after cycle %d: %d", baseline_cycle, windows_before, cycles, windows);
    CHECK(x_errors == 0, "no X errors on the host's connection (%d)", x_errors);

    running = 0;
    pthread_join(audio, NULL);
    /* Timing is reported, not judged: this machine is shared, docs/benchmarks.md has the real numbers. */
    CHECK(blocks_run > cycles * 10 && not_finite == 0, "the audio thread ran on through the cycles: %ld blocks, all finite, longest run() %.2f ms",
          blocks_run, longest_run_ms);
    plugin->deactivate(instance);
    plugin->cleanup(instance);
    XCloseDisplay(display);
    return failures ? 1 : 0;
}
