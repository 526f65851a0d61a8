/*
 * lv2_strict_host: a small, strict LV2 host for Downbeat's bundle, used by tests/stages/30-lv2.sh.
 * It loads downbeat.so directly (no lilv), so it can also do what polite hosts never do: leave out
 * required features, send hostile state, run odd block sizes.
 *
 *   lv2_strict_host BUNDLE_DIR DEFAULT...      (one default per control port, from lv2info)
 *
 * Checks, each printing "ok: ..." or "FAIL: ..." (exit 1 on any failure):
 *   - the descriptor's URI and state:interface;
 *   - instantiate without urid:map / options / maxBlockLength returns NULL (the log says why);
 *   - offline render (freewheel) with random block sizes 1..4096 at 44.1, 48 and 96 kHz: every
 *     note-on lands within one frame of a 16th-note position, also after a mid-block relocation,
 *     and none after a mid-block stop;
 *   - the same render split into different block sizes gives the same notes (sample-accurate and
 *     deterministic for a fixed random seed) and audio is present and finite;
 *   - state saved by one instance restores into another; a corrupt state is refused and the
 *     instance keeps running; an empty state is accepted;
 *   - 8 instances at once, 20 instantiate/cleanup cycles;
 *   - after the last instance and dlclose (as lilv does), a thread that ran the plugin ends
 *     cleanly: the library stays mapped for the VM's thread destructor.
 *
 *   lv2_strict_host --bench SECONDS BUNDLE_DIR DEFAULT...
 *
 * paces 64-frame blocks at 48 kHz in real time (not freewheeling, so the generator works ahead on
 * its own thread as in a live host) and prints the cost of run() against the block period.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <time.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lv2/atom/atom.h>
#include <lv2/atom/forge.h>
#include <lv2/buf-size/buf-size.h>
#include <lv2/core/lv2.h>
#include <lv2/midi/midi.h>
#include <lv2/options/options.h>
#include <lv2/state/state.h>
#include <lv2/time/time.h>
#include <lv2/urid/urid.h>

#include "test_host.h"

#define PLUGIN_URI "https://downbeat.dev/plugins/downbeat"
#define MAX_BLOCK 4096
#define MAX_CONTROLS 256
#define MAX_NOTES 20000

static LV2_Feature map_feature = {LV2_URID__map, &map};
static LV2_Feature bounded_feature = {LV2_BUF_SIZE__boundedBlockLength, NULL};
static int32_t max_block = MAX_BLOCK, seq_size = 65536;
static LV2_Options_Option options[4];
static LV2_Feature options_feature = {LV2_OPTIONS__options, options};

static void make_options(int with_max_block) {
    memset(options, 0, sizeof options);
    int n = 0;
    if (with_max_block) {
        options[n++] = (LV2_Options_Option){LV2_OPTIONS_INSTANCE, 0, map_uri(NULL, LV2_BUF_SIZE__maxBlockLength),
                                            sizeof(int32_t), map_uri(NULL, LV2_ATOM__Int), &max_block};
    }
    options[n++] = (LV2_Options_Option){LV2_OPTIONS_INSTANCE, 0, map_uri(NULL, LV2_BUF_SIZE__sequenceSize),
                                        sizeof(int32_t), map_uri(NULL, LV2_ATOM__Int), &seq_size};
}

/* ---- one instance with its buffers ---- */
typedef struct {
    LV2_Handle handle;
    uint8_t in[8192] __attribute__((aligned(8)));
    uint8_t out[65536] __attribute__((aligned(8)));
    float left[MAX_BLOCK], right[MAX_BLOCK];
    float controls[MAX_CONTROLS];
    long note_frame[MAX_NOTES];
    int note_pitch[MAX_NOTES];
    int notes;
    double peak;
    int not_finite;
} Instance;

static const LV2_Descriptor *desc;
static const char *bundle;
static float defaults[MAX_CONTROLS];
static int control_count;

static Instance *instantiate(double rate, const LV2_Feature *const *features) {
    Instance *in = calloc(1, sizeof *in);
    in->handle = desc->instantiate(desc, rate, bundle, features);
    if (!in->handle) { free(in); return NULL; }
    desc->connect_port(in->handle, 0, in->in);
    desc->connect_port(in->handle, 1, in->out);
    desc->connect_port(in->handle, 2, in->left);
    desc->connect_port(in->handle, 3, in->right);
    for (int c = 0; c < control_count; c++) {
        in->controls[c] = defaults[c];
        desc->connect_port(in->handle, 4 + c, &in->controls[c]);
    }
    in->controls[0] = 1.0f; /* freewheel: an offline render, as in an export */
    desc->activate(in->handle);
    return in;
}

static void destroy(Instance *in) {
    desc->deactivate(in->handle);
    desc->cleanup(in->handle);
    free(in);
}

static const LV2_Feature *all_features[] = {&map_feature, &options_feature, &bounded_feature, NULL};

/* Transport update to send with the next block: speed, bar, at a frame inside it (or none). */
typedef struct { int frame; float speed; long bar; } Update;

static void run_block(Instance *in, uint32_t frames, long block_start, const Update *u) {
    LV2_Atom_Forge forge;
    lv2_atom_forge_init(&forge, &map);
    lv2_atom_forge_set_buffer(&forge, in->in, sizeof in->in);
    LV2_Atom_Forge_Frame seq;
    lv2_atom_forge_sequence_head(&forge, &seq, 0);
    if (u) {
        LV2_Atom_Forge_Frame obj;
        lv2_atom_forge_frame_time(&forge, u->frame);
        lv2_atom_forge_object(&forge, &obj, 0, map_uri(NULL, LV2_TIME__Position));
        lv2_atom_forge_key(&forge, map_uri(NULL, LV2_TIME__speed));
        lv2_atom_forge_float(&forge, u->speed);
        lv2_atom_forge_key(&forge, map_uri(NULL, LV2_TIME__bar));
        lv2_atom_forge_long(&forge, u->bar);
        lv2_atom_forge_key(&forge, map_uri(NULL, LV2_TIME__barBeat));
        lv2_atom_forge_float(&forge, 0.0f);
        lv2_atom_forge_key(&forge, map_uri(NULL, LV2_TIME__beatUnit));
        lv2_atom_forge_int(&forge, 4);
        lv2_atom_forge_key(&forge, map_uri(NULL, LV2_TIME__beatsPerBar));
        lv2_atom_forge_float(&forge, 4.0f);
        lv2_atom_forge_key(&forge, map_uri(NULL, LV2_TIME__beatsPerMinute));
        lv2_atom_forge_float(&forge, 120.0f);
        lv2_atom_forge_pop(&forge, &obj);
    }
    lv2_atom_forge_pop(&forge, &seq);

    LV2_Atom_Sequence *out = (LV2_Atom_Sequence *)in->out;
    out->atom.type = map_uri(NULL, LV2_ATOM__Chunk);
    out->atom.size = sizeof in->out - sizeof(LV2_Atom);
    desc->run(in->handle, frames);

    if (out->atom.type != map_uri(NULL, LV2_ATOM__Sequence)) {
        in->not_finite++;
        return;
    }
    LV2_ATOM_SEQUENCE_FOREACH (out, ev) {
        const uint8_t *m = (const uint8_t *)(ev + 1);
        if (ev->body.type == map_uri(NULL, LV2_MIDI__MidiEvent) && ev->body.size >= 3 && (m[0] & 0xf0) == 0x90 && m[2] > 0 &&
            in->notes < MAX_NOTES) {
            in->note_frame[in->notes] = block_start + ev->time.frames;
            in->note_pitch[in->notes++] = m[1];
        }
    }
    for (uint32_t i = 0; i < frames; i++) {
        if (!isfinite(in->left[i]) || !isfinite(in->right[i])) in->not_finite++;
        double a = fabs(in->left[i]) > fabs(in->right[i]) ? fabs(in->left[i]) : fabs(in->right[i]);
        if (a > in->peak) in->peak = a;
    }
}

/*
 * Renders `seconds` from bar 0 with blocks of `fixed` frames (0: random 1..4096), relocating to
 * bar 16 at `relocate_at` and stopping at `stop_at` (absolute frames, mid-block).
 */
static void render(Instance *in, double rate, double seconds, int fixed, unsigned seed, long relocate_at, long stop_at) {
    srand(seed);
    long total = (long)(seconds * rate), t = 0;
    int first = 1;
    while (t < total) {
        uint32_t n = fixed ? (uint32_t)fixed : 1 + (uint32_t)(rand() % MAX_BLOCK);
        if (t + n > total) n = (uint32_t)(total - t);
        Update u, *up = NULL;
        if (first) { u = (Update){0, 1.0f, 0}; up = &u; first = 0; }
        else if (relocate_at >= t && relocate_at < t + n) { u = (Update){(int)(relocate_at - t), 1.0f, 16}; up = &u; }
        else if (stop_at >= t && stop_at < t + n) { u = (Update){(int)(stop_at - t), 0.0f, 99}; up = &u; }
        run_block(in, n, t, up);
        t += n;
    }
}

/* Frames from `origin` to the nearest 16th note at 120 bpm. */
static double off_grid(long frame, long origin, double rate) {
    double step = rate / 8.0, s = (frame - origin) / step;
    return fabs(s - floor(s + 0.5)) * step;
}

static void check_grid(double rate) {
    Instance *a = instantiate(rate, all_features);
    CHECK(a != NULL, "instantiated at %.0f Hz", rate);
    if (!a) return;
    double seconds = 8;
    long relocate_at = (long)(4.3 * rate) + 17, stop_at = (long)(7.1 * rate) + 5;
    render(a, rate, seconds, 0, 7, relocate_at, stop_at);
    int off = 0, before = 0, after = 0, late = 0;
    double worst = 0;
    for (int i = 0; i < a->notes; i++) {
        long f = a->note_frame[i];
        if (f >= stop_at) { late++; continue; }
        double d = off_grid(f, f < relocate_at ? 0 : relocate_at, rate);
        if (d > worst) worst = d;
        if (d > 1.0) off++;
        if (f < relocate_at) before++; else after++;
    }
    CHECK(before >= 12 && after >= 6, "%.0f Hz: %d note-ons before the relocation, %d after", rate, before, after);
    CHECK(off == 0, "%.0f Hz, random blocks 1..4096: every note-on within 1 frame of a 16th (worst %.2f frames, %d off)", rate, worst, off);
    CHECK(late == 0, "%.0f Hz: no note-on after the mid-block stop (%d)", rate, late);
    CHECK(a->not_finite == 0 && a->peak > 0.01 && a->peak < 8, "%.0f Hz: audio present and finite (peak %.3f)", rate, a->peak);

    Instance *b = instantiate(rate, all_features);
    render(b, rate, seconds, 256, 0, relocate_at, stop_at);
    int same = a->notes == b->notes;
    for (int i = 0; same && i < a->notes; i++) same = a->note_frame[i] == b->note_frame[i] && a->note_pitch[i] == b->note_pitch[i];
    CHECK(same, "%.0f Hz: random block sizes and 256-frame blocks give the same %d notes at the same frames", rate, a->notes);
    destroy(a);
    destroy(b);
}

/* ---- state ---- */
typedef struct { uint32_t key, type, flags; size_t size; void *value; } Property;
static Property stored[16];
static int stored_count;

static LV2_State_Status store(LV2_State_Handle h, uint32_t key, const void *value, size_t size, uint32_t type, uint32_t flags) {
    (void)h;
    if (stored_count == 16) return LV2_STATE_ERR_NO_SPACE;
    stored[stored_count] = (Property){key, type, flags, size, malloc(size)};
    memcpy(stored[stored_count++].value, value, size);
    return LV2_STATE_SUCCESS;
}

static const void *retrieve(LV2_State_Handle h, uint32_t key, size_t *size, uint32_t *type, uint32_t *flags) {
    (void)h;
    for (int i = 0; i < stored_count; i++) {
        if (stored[i].key != key) continue;
        *size = stored[i].size;
        *type = stored[i].type;
        *flags = stored[i].flags;
        return stored[i].value;
    }
    return NULL;
}

static void check_state(void) {
    const LV2_State_Interface *state = desc->extension_data(LV2_STATE__interface);
    CHECK(state && state->save && state->restore, "extension_data(state:interface)");
    CHECK(desc->extension_data("http://example.org/unknown") == NULL, "extension_data of an unknown URI is NULL");
    if (!state) return;
    Instance *a = instantiate(48000, all_features);
    int temperature = 1; /* control index of "temperature" (after freewheel) */
    a->controls[temperature] = 0.25f;
    render(a, 48000, 0.1, 64, 0, -1, -1);
    CHECK(state->save(a->handle, store, NULL, LV2_STATE_IS_POD | LV2_STATE_IS_PORTABLE, NULL) == LV2_STATE_SUCCESS && stored_count >= 1,
          "save stored %d property(ies)", stored_count);
    int chunk = -1;
    for (int i = 0; i < stored_count; i++) if (stored[i].type == map_uri(NULL, LV2_ATOM__Chunk)) chunk = i;
    CHECK(chunk >= 0 && stored[chunk].size > 16, "the state is an atom:Chunk of %zu bytes", chunk >= 0 ? stored[chunk].size : 0);

    Instance *b = instantiate(48000, all_features);
    CHECK(state->restore(b->handle, retrieve, NULL, 0, NULL) == LV2_STATE_SUCCESS, "a saved state restores into a new instance");

    if (chunk >= 0) {
        uint8_t *bytes = stored[chunk].value;
        for (size_t i = 8; i < stored[chunk].size; i += 3) bytes[i] ^= 0x5a; /* corrupt the body */
        CHECK(state->restore(b->handle, retrieve, NULL, 0, NULL) != LV2_STATE_SUCCESS, "a corrupt state is refused");
        stored[chunk].size = 3; /* truncated */
        CHECK(state->restore(b->handle, retrieve, NULL, 0, NULL) != LV2_STATE_SUCCESS, "a truncated state is refused");
        stored[chunk].type = map_uri(NULL, LV2_ATOM__String); /* wrong type */
        CHECK(state->restore(b->handle, retrieve, NULL, 0, NULL) != LV2_STATE_SUCCESS, "a state of the wrong type is refused");
    }
    b->notes = 0;
    b->peak = 0;
    render(b, 48000, 3, 512, 0, -1, -1);
    CHECK(b->notes > 0 && b->peak > 0.01, "after refused states the instance still plays (%d notes, peak %.3f)", b->notes, b->peak);
    int kept = stored_count;
    stored_count = 0;
    CHECK(state->restore(b->handle, retrieve, NULL, 0, NULL) == LV2_STATE_SUCCESS, "an empty state is accepted (current settings kept)");
    stored_count = kept;
    destroy(a);
    destroy(b);
}

static void check_missing_features(void) {
    const LV2_Feature *none[] = {NULL};
    CHECK(desc->instantiate(desc, 48000, bundle, none) == NULL, "without features: not instantiated");
    const LV2_Feature *map_only[] = {&map_feature, NULL};
    CHECK(desc->instantiate(desc, 48000, bundle, map_only) == NULL, "without options and boundedBlockLength: not instantiated");
    make_options(0);
    CHECK(desc->instantiate(desc, 48000, bundle, all_features) == NULL, "without the maxBlockLength option: not instantiated");
    make_options(1);
}

static void check_lifecycle(void) {
    Instance *many[8];
    int made = 0;
    for (int i = 0; i < 8; i++) if ((many[i] = instantiate(44100 + 4000 * i, all_features))) made++;
    for (int i = 0; i < 8; i++) if (many[i]) render(many[i], 44100 + 4000 * i, 0.5, 100 + 37 * i, 0, -1, -1);
    for (int i = 0; i < 8; i++) if (many[i]) destroy(many[i]);
    CHECK(made == 8, "8 instances at once");
    int cycles = 0;
    for (int i = 0; i < 20; i++) {
        Instance *in = instantiate(48000, all_features);
        if (!in) break;
        render(in, 48000, 0.05, 1 + i * 97, 0, -1, -1);
        destroy(in);
        cycles++;
    }
    CHECK(cycles == 20, "20 instantiate/run/cleanup cycles");
}

static double now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int bench(double seconds) {
    const double rate = 48000;
    const uint32_t block = 64;
    Instance *in = instantiate(rate, all_features);
    if (!in) { printf("FAIL: not instantiated\n"); return 1; }
    in->controls[0] = 0.0f; /* live, not freewheeling */
    long blocks = (long)(seconds * rate / block), warmup = (long)(2 * rate / block);
    double *cost = malloc(sizeof(double) * blocks), *ref = malloc(sizeof(double) * blocks);
    volatile float sink = 0;
    double period_ns = block / rate * 1e9;
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    for (long i = 0; i < warmup + blocks; i++) {
        Update u = {0, 1.0f, 0};
        double t0 = now_us();
        run_block(in, block, i * (long)block, i == 0 ? &u : NULL);
        double t1 = now_us();
        /* Reference in the same run: fixed work of no allocation or lock, so its worst case is the
           machine's own scheduling noise, which every run() figure below also contains. */
        float acc = 0;
        for (int k = 0; k < 20000; k++) acc += in->left[k & (block - 1)] * 0.5f + (float)k;
        sink = acc;
        double t2 = now_us();
        if (i >= warmup) { cost[i - warmup] = t1 - t0; ref[i - warmup] = t2 - t1; }
        next.tv_nsec += (long)period_ns;
        while (next.tv_nsec >= 1000000000L) { next.tv_nsec -= 1000000000L; next.tv_sec++; }
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
    }
    double sum = 0;
    for (long i = 0; i < blocks; i++) sum += cost[i];
    double ref_sum = 0;
    for (long i = 0; i < blocks; i++) ref_sum += ref[i];
    qsort(cost, blocks, sizeof(double), compare_doubles);
    qsort(ref, blocks, sizeof(double), compare_doubles);
    double period = period_ns / 1e3;
    printf("bench: 48 kHz, %u-frame blocks, %ld blocks in real time after 2 s warm-up: run() mean %.1f us, "
           "median %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us; block period %.1f us "
           "(mean %.1f %%, max %.1f %% of the period); %d notes\n",
           block, blocks, sum / blocks, cost[blocks / 2], cost[(long)(blocks * 0.99)], cost[(long)(blocks * 0.999)],
           cost[blocks - 1], period, 100 * sum / blocks / period, 100 * cost[blocks - 1] / period, in->notes);
    printf("reference (fixed 20000-step loop, same blocks): mean %.1f us, median %.1f us, p99.9 %.1f us, max %.1f us; "
           "run()/reference: median %.2f, p99.9 %.2f, max %.2f\n",
           ref_sum / blocks, ref[blocks / 2], ref[(long)(blocks * 0.999)], ref[blocks - 1],
           cost[blocks / 2] / ref[blocks / 2], cost[(long)(blocks * 0.999)] / ref[(long)(blocks * 0.999)], cost[blocks - 1] / ref[blocks - 1]);
    (void)sink;
    free(cost);
    free(ref);
    destroy(in);
    return 0;
}

static void *run_on_own_thread(void *arg) {
    Instance *in = arg;
    render(in, 48000, 0.2, 128, 0, -1, -1); /* this thread gets attached to the VM */
    return NULL;
}

static void *thread_that_outlives_the_library(void *arg) {
    pthread_barrier_t *barrier = arg;
    Instance *in = instantiate(48000, all_features);
    if (in) {
        render(in, 48000, 0.2, 128, 0, -1, -1);
        destroy(in);
    }
    pthread_barrier_wait(barrier); /* main dlcloses the library now */
    pthread_barrier_wait(barrier);
    return NULL; /* the thread ends: its VM-detach destructor runs in downbeat.so */
}

static void check_unload(void *lib, const char *path) {
    Instance *in = instantiate(48000, all_features);
    pthread_t t;
    pthread_create(&t, NULL, run_on_own_thread, in);
    pthread_join(t, NULL);
    destroy(in);
    pthread_barrier_t barrier;
    pthread_barrier_init(&barrier, NULL, 2);
    pthread_create(&t, NULL, thread_that_outlives_the_library, &barrier);
    pthread_barrier_wait(&barrier);
    dlclose(lib);
    int still_loaded = dlopen(path, RTLD_NOW | RTLD_NOLOAD) != NULL;
    pthread_barrier_wait(&barrier);
    pthread_join(t, NULL);
    CHECK(still_loaded, "after dlclose the library stays loaded, and threads that ran it end cleanly");
}

int main(int argc, char **argv) {
    double bench_seconds = 0;
    if (argc > 2 && strcmp(argv[1], "--bench") == 0) {
        bench_seconds = atof(argv[2]);
        argc -= 2;
        argv += 2;
    }
    if (argc < 3) {
        fprintf(stderr, "usage: %s BUNDLE_DIR DEFAULT... (one per control port)\n", argv[0]);
        return 2;
    }
    bundle = argv[1];
    control_count = argc - 2 < MAX_CONTROLS ? argc - 2 : MAX_CONTROLS;
    for (int c = 0; c < control_count; c++) defaults[c] = strtof(argv[2 + c], NULL);
    char path[4096];
    snprintf(path, sizeof path, "%s/downbeat.so", bundle);
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!lib) { printf("FAIL: dlopen %s: %s\n", path, dlerror()); return 1; }
    const LV2_Descriptor *(*descriptor)(uint32_t) = (const LV2_Descriptor *(*)(uint32_t))dlsym(lib, "lv2_descriptor");
    desc = descriptor ? descriptor(0) : NULL;
    CHECK(desc && strcmp(desc->URI, PLUGIN_URI) == 0 && descriptor(1) == NULL, "lv2_descriptor(0) is %s and the only plugin", PLUGIN_URI);
    if (!desc) return 1;
    make_options(1);
    if (bench_seconds > 0) return bench(bench_seconds);
    check_missing_features();
    check_grid(48000);
    check_grid(44100);
    check_grid(96000);
    check_state();
    check_lifecycle();
    check_unload(lib, path);
    printf("%s: %d failure(s)\n", failures ? "FAIL" : "ok", failures);
    return failures ? 1 : 0;
}
