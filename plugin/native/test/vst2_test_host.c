/*
 * A small VST2 host that loads Downbeat.so the way a DAW does and checks what a user would notice:
 * it describes itself as a synth with MIDI in and out; parameters have names and round-trip;
 * state chunks restore and corrupt ones are refused without touching the state; it plays notes on
 * 16th-note frames at 120 bpm at any sample rate and block size; a note in plays the kit; eight
 * instances run at once; fifty load/unload cycles leak no threads or file descriptors; and no
 * Java failure was logged.
 *
 * usage: vst2_test_host path/to/Downbeat.so [--quick | --instantiate]
 * --instantiate only measures instantiate time (VSTPluginMain to effMainsChanged on): cold (the
 * first, which starts the Java VM) and warm (the next five), for docs/benchmarks.md.
 * --editor (needs a display, e.g. under xvfb-run) opens and closes the editor 20 times with no
 * parent window (Downbeat then shows its own window) while audio runs, and checks the log.
 * --bench [--minutes M] [--warmup S] [--stopped S] [--automate 0|1] [--rate R] [--block N] [--priority P] [--garbage MB/s]
 *         [--jvm-log FILE] [--jvm-option OPT]... runs processReplacing as a DAW does, on a SCHED_FIFO
 * thread paced by period deadlines, while another thread makes garbage in the plugin's VM, and
 * prints the per-call histogram (see "--bench" below and docs/benchmarks.md).
 * Exits 0 when every check passes. The log file is $XDG_STATE_HOME/downbeat/downbeat.log.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <jni.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../vst2_abi.h"

typedef AEffect *(*EntryPoint)(Vst2HostCallback);

/* ---------- checks ---------- */

static int failures, checks;
static const char *current_test = "";

static double seconds_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* Runs one test and says how long it took and how many of its checks failed. */
#define RUN(call)                                                                                   \
    do {                                                                                            \
        int failed_before = failures;                                                               \
        double t0 = seconds_now();                                                                  \
        call;                                                                                       \
        fprintf(stderr, "%-4s %-24s %6.1f s\n", failures == failed_before ? "ok" : "FAIL", current_test, \
                seconds_now() - t0);                                                                \
    } while (0)

static int check(int ok, const char *format, ...) {
    checks++;
    if (!ok) {
        failures++;
        va_list args;
        va_start(args, format);
        fprintf(stderr, "FAIL [%s] ", current_test);
        vfprintf(stderr, format, args);
        fputc('\n', stderr);
        va_end(args);
    }
    return ok;
}

/* Deterministic random numbers for the fuzzing (xorshift64*). */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t next_random(void) {
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}
static int random_int(int lo, int hi) { return lo + (int)(next_random() % (uint64_t)(hi - lo + 1)); }
static float random_unit(void) { return (float)((next_random() >> 40) / (double)(1 << 24)); }

/* ---------- the host side of one instance ---------- */

typedef struct Note {
    long frame; /* from the start of the render */
    unsigned char status, data1, data2;
} Note;

typedef struct Session {
    AEffect *effect;
    double sample_rate;
    double bpm;
    int playing;
    int process_level;
    long position;       /* frames rendered so far */
    long block_start;    /* absolute frame of the block being processed */
    VstTimeInfo time;
    Note *notes;
    int note_count, note_capacity;
    int automations;
    int count_only;      /* count MIDI out without storing it (no allocation on the benchmark's audio thread) */
} Session;

#define MAX_SESSIONS 16
static Session *sessions[MAX_SESSIONS];
static pthread_mutex_t sessions_lock = PTHREAD_MUTEX_INITIALIZER;

/* The benchmark's one session, found without the lock from its audio thread. */
static Session *bench_session;

static Session *session_of(AEffect *effect) {
    if (bench_session && bench_session->effect == effect) return bench_session;
    pthread_mutex_lock(&sessions_lock);
    Session *found = NULL;
    for (int i = 0; i < MAX_SESSIONS && !found; i++)
        if (sessions[i] && sessions[i]->effect == effect) found = sessions[i];
    pthread_mutex_unlock(&sessions_lock);
    return found;
}

static intptr_t host_callback(AEffect *effect, int32_t opcode, int32_t index, intptr_t value, void *ptr, float opt) {
    (void)index;
    (void)opt;
    Session *s = effect ? session_of(effect) : NULL;
    switch (opcode) {
        case audioMasterVersion: return 2400;
        case audioMasterCurrentId: return 0;
        case audioMasterGetTime: {
            if (!s) return 0;
            VstTimeInfo *t = &s->time;
            memset(t, 0, sizeof *t);
            t->samplePos = (double)s->block_start;
            t->sampleRate = s->sample_rate;
            t->tempo = s->bpm;
            t->ppqPos = s->block_start / s->sample_rate * s->bpm / 60.0;
            t->barStartPos = floor(t->ppqPos / 4.0) * 4.0;
            t->timeSigNumerator = 4;
            t->timeSigDenominator = 4;
            t->flags = kVstPpqPosValid | kVstTempoValid | kVstBarsValid | kVstTimeSigValid;
            if (s->playing) t->flags |= kVstTransportPlaying;
            (void)value; /* the request mask: we always give everything */
            return (intptr_t)t;
        }
        case audioMasterGetCurrentProcessLevel: return s ? s->process_level : kVstProcessLevelUser;
        case audioMasterProcessEvents: {
            if (!s || !ptr) return 0;
            const VstEvents *events = ptr;
            if (s->count_only) {
                s->note_count += events->numEvents;
                return 1;
            }
            for (int i = 0; i < events->numEvents; i++) {
                const VstMidiEvent *m = (const VstMidiEvent *)events->events[i];
                if (m->type != kVstMidiType) continue;
                if (s->note_count == s->note_capacity) {
                    s->note_capacity = s->note_capacity ? 2 * s->note_capacity : 1024;
                    s->notes = realloc(s->notes, s->note_capacity * sizeof *s->notes);
                }
                Note *n = &s->notes[s->note_count++];
                n->frame = s->block_start + m->deltaFrames;
                n->status = (unsigned char)m->midiData[0];
                n->data1 = (unsigned char)m->midiData[1];
                n->data2 = (unsigned char)m->midiData[2];
            }
            return 1;
        }
        case audioMasterAutomate:
            if (s) s->automations++;
            return 0;
        case audioMasterGetSampleRate: return s ? (intptr_t)s->sample_rate : 44100;
        case audioMasterGetBlockSize: return 512;
        case audioMasterGetVendorString: if (ptr) strcpy(ptr, "Downbeat tests"); return 1;
        case audioMasterGetProductString: if (ptr) strcpy(ptr, "vst2_test_host"); return 1;
        case audioMasterCanDo: return 0;
        default: return 0;
    }
}

static void *library;
static EntryPoint entry;

static int load_library(const char *path) {
    library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        fprintf(stderr, "cannot load %s: %s\n", path, dlerror());
        return 0;
    }
    entry = (EntryPoint)dlsym(library, "VSTPluginMain");
    if (!entry) entry = (EntryPoint)dlsym(library, "main");
    return entry != NULL;
}

static void unload_library(void) {
    dlclose(library);
    library = NULL;
    entry = NULL;
}

static Session *open_session(double sample_rate, int max_block) {
    AEffect *e = entry(host_callback);
    if (!e) return NULL;
    Session *s = calloc(1, sizeof *s);
    s->effect = e;
    s->sample_rate = sample_rate;
    s->bpm = 120;
    s->playing = 1;
    s->process_level = kVstProcessLevelRealtime;
    pthread_mutex_lock(&sessions_lock);
    for (int i = 0; i < MAX_SESSIONS; i++)
        if (!sessions[i]) { sessions[i] = s; break; }
    pthread_mutex_unlock(&sessions_lock);
    e->dispatcher(e, effOpen, 0, 0, NULL, 0);
    e->dispatcher(e, effSetSampleRate, 0, 0, NULL, (float)sample_rate);
    e->dispatcher(e, effSetBlockSize, 0, max_block, NULL, 0);
    e->dispatcher(e, effMainsChanged, 0, 1, NULL, 0);
    return s;
}

static void close_session(Session *s) {
    if (!s) return;
    s->effect->dispatcher(s->effect, effMainsChanged, 0, 0, NULL, 0);
    s->effect->dispatcher(s->effect, effClose, 0, 0, NULL, 0);
    pthread_mutex_lock(&sessions_lock);
    for (int i = 0; i < MAX_SESSIONS; i++)
        if (sessions[i] == s) sessions[i] = NULL;
    pthread_mutex_unlock(&sessions_lock);
    free(s->notes);
    free(s);
}

/* Renders `frames` frames in blocks of `block` (or random sizes up to -block when negative). */
static int render(Session *s, long frames, int block, float *left_out, float *right_out) {
    float left[8192], right[8192];
    float *outputs[2] = {left, right};
    int finite = 1;
    for (long done = 0; done < frames;) {
        int n = block > 0 ? block : random_int(1, -block);
        if (n > frames - done) n = (int)(frames - done);
        s->block_start = s->position;
        s->effect->processReplacing(s->effect, NULL, outputs, n);
        for (int i = 0; i < n; i++) {
            if (!isfinite(left[i]) || !isfinite(right[i]) || fabsf(left[i]) > 16 || fabsf(right[i]) > 16) finite = 0;
            if (left_out) left_out[done + i] = left[i];
            if (right_out) right_out[done + i] = right[i];
        }
        s->position += n;
        done += n;
    }
    return finite;
}

static char *text_of(AEffect *e, int opcode, int index, char *buf) {
    memset(buf, 0, 256);
    e->dispatcher(e, opcode, index, 0, buf, 0);
    return buf;
}

/* ---------- tests ---------- */

static void test_describes_itself(void) {
    current_test = "describe";
    Session *s = open_session(48000, 512);
    if (!check(s != NULL, "VSTPluginMain returned NULL (see the log)")) return;
    AEffect *e = s->effect;
    char buf[256];
    check(e->magic == VST2_MAGIC, "magic is 0x%x", e->magic);
    check(e->uniqueID == VST2_FOURCC('D', 'n', 'B', 't'), "unique id is 0x%x, expected 'DnBt'", e->uniqueID);
    check((e->flags & effFlagsIsSynth) && (e->flags & effFlagsCanReplacing) && (e->flags & effFlagsProgramChunks),
          "flags 0x%x lack synth, replacing or chunks", e->flags);
    check(e->numInputs == 0 && e->numOutputs == 2, "io %d in, %d out", e->numInputs, e->numOutputs);
    check(e->numParams >= 20, "only %d parameters", e->numParams);
    check(e->processReplacing != NULL, "no processReplacing");
    check(e->dispatcher(e, effGetPlugCategory, 0, 0, NULL, 0) == kPlugCategSynth, "category is not synth");
    check(e->dispatcher(e, effGetVstVersion, 0, 0, NULL, 0) == 2400, "VST version is not 2400");
    check(strcmp(text_of(e, effGetEffectName, 0, buf), "Downbeat") == 0, "effect name \"%s\"", buf);
    check(strcmp(text_of(e, effGetVendorString, 0, buf), "Downbeat") == 0, "vendor \"%s\"", buf);
    check(strcmp(text_of(e, effGetProductString, 0, buf), "Downbeat") == 0, "product \"%s\"", buf);
    const char *yes[] = {"receiveVstEvents", "receiveVstMidiEvent", "sendVstEvents", "sendVstMidiEvent",
                         "receiveVstTimeInfo"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        check(e->dispatcher(e, effCanDo, 0, 0, (void *)yes[i], 0) == 1, "canDo %s is not yes", yes[i]);
    check(e->dispatcher(e, effCanDo, 0, 0, (void *)"receiveVstSysExEvent", 0) != 1, "claims to receive sysex");
    check(e->flags & effFlagsHasEditor, "no editor flag");
    ERect *rect = NULL;
    check(e->dispatcher(e, effEditGetRect, 0, 0, &rect, 0) == 1 && rect && rect->right - rect->left >= 400
              && rect->bottom - rect->top >= 200,
          "editor size %dx%d", rect ? rect->right - rect->left : -1, rect ? rect->bottom - rect->top : -1);
    close_session(s);
}

static void test_parameters(void) {
    current_test = "parameters";
    Session *s = open_session(44100, 256);
    if (!check(s != NULL, "cannot open")) return;
    AEffect *e = s->effect;
    char name[256], other[256], label[256], display[256];
    int temperature = -1;
    for (int i = 0; i < e->numParams; i++) {
        text_of(e, effGetParamName, i, name);
        check(name[0] != '\0' && strlen(name) < 32, "parameter %d has name \"%s\"", i, name);
        if (strcmp(name, "Temperature") == 0) temperature = i;
        for (int j = 0; j < i; j++)
            check(strcmp(name, text_of(e, effGetParamName, j, other)) != 0, "parameters %d and %d are both \"%s\"", i, j, name);
        text_of(e, effGetParamLabel, i, label);
        text_of(e, effGetParamDisplay, i, display);
        check(display[0] != '\0', "parameter %d (%s) shows no value", i, name);
    }
    check(temperature >= 0, "no parameter named Temperature");
    if (temperature >= 0) {
        e->setParameter(e, temperature, 0.0f);
        check(strcmp(text_of(e, effGetParamDisplay, temperature, display), "0.00") == 0, "temperature 0 shows \"%s\"", display);
        e->setParameter(e, temperature, 0.75f);
        check(fabsf(e->getParameter(e, temperature) - 0.75f) < 1e-6f, "temperature 0.75 reads back %f", e->getParameter(e, temperature));
        check(strcmp(text_of(e, effGetParamDisplay, temperature, display), "1.50") == 0, "temperature 0.75 shows \"%s\" (expected 1.50)", display);
        check(e->dispatcher(e, effString2Parameter, temperature, 0, (void *)"0.5", 0) == 1, "typing 0.5 is refused");
        check(fabsf(e->getParameter(e, temperature) - 0.25f) < 1e-6f, "typed 0.5 reads back %f", e->getParameter(e, temperature));
    }
    /* Fuzz: every value reads back in 0..1, close to what was set (stepped ones snap). */
    for (int k = 0; k < 5000; k++) {
        int i = random_int(0, e->numParams - 1);
        float v = random_unit();
        e->setParameter(e, i, v);
        float back = e->getParameter(e, i);
        if (!check(back >= 0 && back <= 1 && isfinite(back), "parameter %d set to %f reads %f", i, v, back)) break;
    }
    e->setParameter(e, e->numParams + 5, 0.5f); /* out of range: must be ignored */
    e->setParameter(e, -1, 0.5f);
    check(e->getParameter(e, e->numParams + 5) == 0.0f, "out-of-range parameter reads non-zero");
    e->setParameter(e, 0, NAN);
    check(isfinite(e->getParameter(e, 0)), "NaN parameter reads back NaN");
    close_session(s);
}

static void all_parameters(AEffect *e, float *values) {
    for (int i = 0; i < e->numParams; i++) values[i] = e->getParameter(e, i);
}

static void test_chunks(int cases) {
    current_test = "chunks";
    Session *s = open_session(48000, 512);
    if (!check(s != NULL, "cannot open")) return;
    AEffect *e = s->effect;
    int n = e->numParams;
    float *before = calloc(n, sizeof *before), *after = calloc(n, sizeof *after);
    for (int i = 0; i < n; i++) e->setParameter(e, i, random_unit());
    all_parameters(e, before);
    void *data = NULL;
    intptr_t size = e->dispatcher(e, effGetChunk, 0, 0, &data, 0);
    if (!check(size > 0 && data != NULL, "effGetChunk gave %ld bytes", (long)size)) goto done;
    unsigned char *saved = malloc(size);
    memcpy(saved, data, size);

    /* A second instance takes the state whole. */
    Session *t = open_session(48000, 512);
    check(t->effect->dispatcher(t->effect, effSetChunk, 0, size, saved, 0) == 1, "a saved chunk is refused");
    all_parameters(t->effect, after);
    for (int i = 0; i < n; i++) check(fabsf(before[i] - after[i]) < 1e-6f, "parameter %d restored as %f, saved %f", i, after[i], before[i]);
    close_session(t);

    /* Corrupt chunks: refused, and the state stays exactly as it was. */
    unsigned char *bad = malloc(size + 64);
    int accepted = 0;
    for (int k = 0; k < cases; k++) {
        long bad_size = size;
        memcpy(bad, saved, size);
        switch (k % 4) {
            case 0: bad[random_int(0, (int)size - 1)] ^= (unsigned char)(1 << random_int(0, 7)); break;
            case 1: bad_size = random_int(1, (int)size - 1); break;
            case 2: for (long i = 0; i < size; i++) bad[i] = (unsigned char)next_random(); break;
            case 3: bad_size = size + random_int(1, 64); for (long i = size; i < bad_size; i++) bad[i] = (unsigned char)next_random(); break;
        }
        if (e->dispatcher(e, effSetChunk, 0, bad_size, bad, 0) == 1) accepted++;
    }
    check(accepted == 0, "%d of %d corrupt chunks were accepted", accepted, cases);
    all_parameters(e, after);
    for (int i = 0; i < n; i++) check(before[i] == after[i], "parameter %d changed to %f after corrupt chunks (was %f)", i, after[i], before[i]);
    free(bad);
    free(saved);
done:
    free(before);
    free(after);
    close_session(s);
}

static int note_on(const Note *n) { return (n->status & 0xF0) == 0x90 && n->data2 > 0; }

/* Renders 2 bars at 120 bpm offline from the project start and checks the notes: present, and
 * every note-on on a 16th-note frame. */
static void check_sixteenths(Session *s, int block) {
    double rate = s->sample_rate;
    s->process_level = kVstProcessLevelOffline;
    s->position = 0; /* the host relocates to the start */
    s->note_count = 0;
    long frames = (long)(rate * 4.0); /* two 4/4 bars at 120 bpm */
    float *left = malloc(frames * sizeof(float)), *right = malloc(frames * sizeof(float));
    check(render(s, frames, block, left, right), "non-finite or huge samples at %.0f Hz", rate);
    double sixteenth = rate * 60.0 / s->bpm / 4.0;
    int ons = 0, off_grid = 0;
    for (int i = 0; i < s->note_count; i++) {
        if (!note_on(&s->notes[i])) continue;
        ons++;
        double k = round(s->notes[i].frame / sixteenth);
        if (fabs(s->notes[i].frame - k * sixteenth) > 1.0) {
            if (off_grid++ < 3) fprintf(stderr, "  note %d at frame %ld is off the 16th grid (%.2f frames per 16th)\n",
                                        s->notes[i].data1, s->notes[i].frame, sixteenth);
        }
    }
    check(ons >= 4, "only %d notes out in two bars at %.0f Hz, block %d", ons, rate, block);
    check(off_grid == 0, "%d of %d notes off the 16th grid at %.0f Hz, block %d", off_grid, ons, rate, block);
    double energy = 0;
    for (long i = 0; i < frames; i++) energy += left[i] * left[i] + right[i] * right[i];
    check(sqrt(energy / frames) > 1e-3, "no sound (rms %g) at %.0f Hz, block %d", sqrt(energy / frames), rate, block);
    free(left);
    free(right);
}

static void test_rates_and_blocks(int quick) {
    current_test = "rates and blocks";
    const double rates[] = {22050, 44100, 48000, 88200, 96000, 176400, 192000};
    const int fixed[] = {1, 7, 64, 441, 1024, 8192, 4096};
    int cases = 0;
    for (size_t r = 0; r < sizeof rates / sizeof *rates; r++) {
        Session *s = open_session(rates[r], 8192);
        if (!check(s != NULL, "cannot open at %.0f Hz", rates[r])) continue;
        check_sixteenths(s, -8192); /* random block sizes 1..8192 */
        cases++;
        if (!quick) {
            check_sixteenths(s, fixed[r]);
            cases++;
        }
        close_session(s);
    }
    /* Realtime level, small random blocks, transport stopping, starting and relocating: no crash,
     * finite output. */
    Session *s = open_session(96000, 64);
    for (int k = 0; k < 40; k++) {
        s->playing = k % 3 != 0;
        if (k % 7 == 0) s->position = random_int(0, 96000 * 8);
        check(render(s, 4800, -64, NULL, NULL), "non-finite output while starting, stopping and relocating");
    }
    close_session(s);
    fprintf(stderr, "  %d rate/block cases\n", cases);
}

static void test_deterministic(void) {
    current_test = "deterministic offline";
    Session *a = open_session(48000, 512), *b = open_session(48000, 512);
    if (!check(a && b, "cannot open")) return;
    a->process_level = b->process_level = kVstProcessLevelOffline;
    long frames = 48000 * 4;
    render(a, frames, 512, NULL, NULL);
    render(b, frames, -4096, NULL, NULL);
    int same = a->note_count == b->note_count;
    for (int i = 0; same && i < a->note_count; i++)
        same = a->notes[i].frame == b->notes[i].frame && a->notes[i].data1 == b->notes[i].data1 && a->notes[i].status == b->notes[i].status;
    check(same && a->note_count > 0, "two offline renders with the same settings differ (%d vs %d events)", a->note_count, b->note_count);
    close_session(a);
    close_session(b);
}

static void test_midi_in_plays(void) {
    current_test = "midi in";
    Session *s = open_session(48000, 1024);
    if (!check(s != NULL, "cannot open")) return;
    s->playing = 0; /* nothing generated: only the live note sounds */
    float left[1024], right[1024];
    float *outputs[2] = {left, right};
    VstMidiEvent on = {kVstMidiType, sizeof(VstMidiEvent), 300, 0, 0, 0, {(char)0x99, 36, 110, 0}, 0, 0, 0, 0};
    struct { int32_t numEvents; intptr_t reserved; VstEvent *events[1]; } list = {1, 0, {(VstEvent *)&on}};
    s->block_start = s->position;
    s->effect->dispatcher(s->effect, effProcessEvents, 0, 0, &list, 0);
    s->effect->processReplacing(s->effect, NULL, outputs, 1024);
    double before = 0, after = 0;
    for (int i = 0; i < 300; i++) before += fabsf(left[i]) + fabsf(right[i]);
    for (int i = 300; i < 1024; i++) after += fabsf(left[i]) + fabsf(right[i]);
    check(before == 0, "sound before the note's frame (%g)", before);
    check(after > 0.5, "a kick note on channel 10 made no sound (%g)", after);
    close_session(s);
}

/* effGetTailSize: the frames a host must keep rendering after the last note so that the kit and
 * the reverb ring out. One hit of every voice with the transport stopped: nothing may sound after
 * the tail (else a host that honours it cuts the reverb), and the tail must not be mostly silence;
 * the tail scales with the sample rate. */
static void test_tail_size(void) {
    current_test = "tail size";
    long tails[2] = {0, 0};
    const double rates[2] = {44100, 96000};
    for (int r = 0; r < 2; r++) {
        Session *s = open_session(rates[r], 512);
        if (!check(s != NULL, "cannot open at %.0f Hz", rates[r])) return;
        AEffect *e = s->effect;
        long tail = (long)e->dispatcher(e, effGetTailSize, 0, 0, NULL, 0);
        tails[r] = tail;
        if (!check(tail > rates[r] / 2 && tail < rates[r] * 30, "tail size %ld frames at %.0f Hz (0 = unknown, 1 = none)",
                   tail, rates[r])) {
            close_session(s);
            return;
        }
        s->playing = 0;
        VstMidiEvent on[9];
        struct { int32_t numEvents; intptr_t reserved; VstEvent *events[9]; } list = {9, 0, {0}};
        for (int v = 0; v < 9; v++) {
            const unsigned char pitch[9] = {36, 38, 42, 46, 41, 43, 45, 49, 51}; /* the default note map (NoteMap.DEFAULT) */
            on[v] = (VstMidiEvent){kVstMidiType, sizeof(VstMidiEvent), 0, 0, 0, 0, {(char)0x99, (char)pitch[v], 127, 0}, 0, 0, 0, 0};
            list.events[v] = (VstEvent *)&on[v];
        }
        float left[512], right[512];
        float *outputs[2] = {left, right};
        long last_sound = -1;
        float after_tail = 0;
        for (long frame = 0; frame < tail + (long)rates[r]; frame += 512) {
            if (frame == 0) e->dispatcher(e, effProcessEvents, 0, 0, &list, 0);
            s->block_start = s->position;
            e->processReplacing(e, NULL, outputs, 512);
            s->position += 512;
            for (int i = 0; i < 512; i++) {
                float a = fmaxf(fabsf(left[i]), fabsf(right[i]));
                if (a > 1e-7f) last_sound = frame + i;
                if (frame + i >= tail && a > after_tail) after_tail = a;
            }
        }
        check(last_sound > 0, "the nine notes made no sound at %.0f Hz", rates[r]);
        check(after_tail < 1e-7f, "sound %g after the tail of %ld frames at %.0f Hz: a host would cut it", after_tail, tail, rates[r]);
        check(last_sound > tail * 8 / 10, "the sound ended at frame %ld, long before the tail of %ld frames at %.0f Hz",
              last_sound, tail, rates[r]);
        close_session(s);
    }
    check(fabs((double)tails[1] / tails[0] - 96000.0 / 44100) < 1e-3, "tail %ld frames at 44.1 kHz but %ld at 96 kHz", tails[0], tails[1]);
    fprintf(stderr, "  tail %ld frames at 44.1 kHz (%.3f s), %ld at 96 kHz\n", tails[0], tails[0] / 44100.0, tails[1]);
}

typedef struct Worker {
    Session *session;
    int ok;
} Worker;

static void *render_worker(void *arg) {
    Worker *w = arg;
    w->ok = render(w->session, (long)(w->session->sample_rate / 4), -2048, NULL, NULL);
    return NULL;
}

static void test_eight_at_once(void) {
    current_test = "eight instances";
    Session *s[8];
    for (int i = 0; i < 8; i++) {
        s[i] = open_session(48000, 2048);
        check(s[i] != NULL, "instance %d did not open", i);
        if (!s[i]) return;
        s[i]->effect->setParameter(s[i]->effect, 0, (float)i / 8);
    }
    /* Each on its own audio thread, all at the same time. */
    pthread_t threads[8];
    Worker workers[8];
    for (int i = 0; i < 8; i++) {
        workers[i] = (Worker){s[i], 0};
        pthread_create(&threads[i], NULL, render_worker, &workers[i]);
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(threads[i], NULL);
        check(workers[i].ok, "instance %d gave non-finite output", i);
    }
    for (int i = 0; i < 8; i++) close_session(s[i]);
}

static int count_entries(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) if (e->d_name[0] != '.') n++;
    closedir(d);
    return n;
}

static void test_load_unload(const char *path, int cycles) {
    current_test = "load and unload";
    int threads0 = 0, fds0 = 0;
    for (int c = 0; c < cycles; c++) {
        if (!check(load_library(path), "reload %d failed", c)) return;
        Session *s = open_session(44100, 512);
        if (!check(s != NULL, "instance in cycle %d did not open", c)) return;
        Worker w = {s, 0};
        pthread_t audio;
        pthread_create(&audio, NULL, render_worker, &w); /* a fresh audio thread each time */
        pthread_join(audio, NULL);
        check(w.ok, "non-finite output in cycle %d", c);
        close_session(s);
        unload_library();
        if (c == 1) { /* after the VM and its threads settled in */
            threads0 = count_entries("/proc/self/task");
            fds0 = count_entries("/proc/self/fd");
        }
    }
    int threads = count_entries("/proc/self/task"), fds = count_entries("/proc/self/fd");
    fprintf(stderr, "  after %d cycles: %d threads (was %d), %d fds (was %d)\n", cycles, threads, threads0, fds, fds0);
    check(threads <= threads0 + 2, "threads grew from %d to %d over %d load/unload cycles", threads0, threads, cycles);
    check(fds <= fds0 + 2, "file descriptors grew from %d to %d over %d load/unload cycles", fds0, fds, cycles);
    load_library(path); /* leave it loaded for the checks after */
}

/* ---------- --bench: processReplacing as a DAW's audio thread calls it ---------- */

/*
 * One audio thread at SCHED_FIFO wakes at absolute period deadlines (clock_nanosleep on
 * CLOCK_MONOTONIC, as a sound card's interrupt would wake it) and calls processReplacing with the
 * transport rolling, so the plugin's worker writes bars ahead as in a live session; the
 * temperature is automated to a new value at every downbeat (so each bar is re-sampled there).
 * An ordinary thread attached to the plugin's Java VM makes garbage all the while (through JNI:
 * java.util.Arrays.copyOf runs as Java code in the VM and allocates on its heap; no hook in the
 * product). Each call's wall time (CLOCK_MONOTONIC) and CPU time (CLOCK_THREAD_CPUTIME_ID) goes
 * into a histogram; the worst calls are listed with their start times, the CPU time of the
 * automation's setParameter inside them, the audio thread's page faults and context switches
 * (getrusage RUSAGE_THREAD around the call, outside the timed part) and, when the VM logged its
 * safepoints (--jvm-log, through a jvm.conf in a temporary XDG_CONFIG_HOME), with the safepoints
 * that overlapped them. The blocks holding a bar line (where the bar is handed over and, with
 * --automate 1, re-sampled) get statistics of their own and are listed one by one. Audio first runs --stopped seconds with the transport stopped (a plugin just
 * inserted); the first --warmup seconds after play are reported apart: a host does not warm up.
 */

#define BENCH_BUCKETS 100000 /* 1 µs buckets up to 100 ms */
#define BENCH_WORST 10
#define PHASE_BUCKETS 1000 /* 1 us buckets up to 1 ms, for the calls by block number mod 16 */

typedef struct BenchCall {
    long long start, wall, cpu, late; /* ns; start on CLOCK_MONOTONIC, late = start - deadline */
    long block;
    long long parameter_cpu;          /* ns of cpu spent in the host's setParameter before processReplacing */
    long minor_faults, switches;      /* the audio thread's page faults and context switches (voluntary + not) in the call */
    long long reference_before, reference_after; /* ns of cpu of the reference work right before and after the call */
} BenchCall;

typedef struct BenchStats {
    uint32_t wall[BENCH_BUCKETS], cpu[BENCH_BUCKETS];
    long count, over_budget_wall, over_budget_cpu, misses, misses_woken_late;
    long long total_wall, total_cpu, worst_late;
    long minor_faults, switches, calls_faulting;
    BenchCall worst_wall[BENCH_WORST], worst_cpu[BENCH_WORST];
} BenchStats;

#define BENCH_ALLOCATIONS 32
#define BENCH_DOWNBEATS 1024

/* A call after which the audio thread had allocated on the Java heap. */
typedef struct BenchAllocation {
    long long start, bytes;
    long block;
} BenchAllocation;

typedef struct Bench {
    double rate, minutes, warmup_seconds, stopped_seconds, garbage_mb_per_second;
    int block, priority, temperature, automate;
    int null_call_us;                   /* --null-call US: instead of processReplacing, fixed C work of about US (the machine's floor) */
    const char *jvm_log;
    const char *calls_path;             /* --calls: every steady call's start, block and cpu, for cutting a profile */
    long long *call_start, *call_cpu;
    long *call_block;
    long calls_kept, calls_capacity;
    Session *session;
    long long period, budget, started;
    BenchStats stopped, warmup, steady; /* transport stopped; its first seconds rolling; the rest */
    BenchStats downbeats;               /* the steady blocks holding a bar line (also counted in steady) */
    BenchStats reference;               /* the fixed C work timed beside each steady call (both halves) */
    long long reference_median;         /* its median cpu, measured on the audio thread before the run */
    long over_budget_slow_machine;      /* steady calls over budget (cpu) with a reference beside them over twice its median */
    BenchCall over_budget[4096];        /* the steady calls over budget (cpu), in order, for attribution */
    uint32_t phase_cpu[16][PHASE_BUCKETS];       /* steady calls' cpu by block number mod 16 (the reverb's stages run on such cycles), 1 us buckets */
    long long phase_total[16];
    long phase_count[16];
    long over_budget_kept;
    long long downbeat_cpu[BENCH_DOWNBEATS], downbeat_parameter_cpu[BENCH_DOWNBEATS], downbeat_start[BENCH_DOWNBEATS]; /* each one's, in order */
    long long rolling;                  /* when the transport started (CLOCK_MONOTONIC) */
    int policy_ok;
    pid_t audio_tid;
    volatile int stop_garbage;
    long long garbage_bytes;
    char garbage_error[256];
    /* The audio thread's heap allocation, read through com.sun.management.ThreadMXBean after each
     * call (outside the timed part): total after the warm-up, and the calls that allocated. */
    jobject thread_bean;
    jmethodID allocated_bytes;
    long long allocated_steady;
    long allocating_calls;
    BenchAllocation allocations[BENCH_ALLOCATIONS];
} Bench;

typedef jint (*GetCreatedVms)(JavaVM **, jsize, jsize *);

static long long nanos(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* The calling thread's minor page faults and context switches so far. */
static void thread_usage(long *minor_faults, long *switches) {
    struct rusage u;
    getrusage(RUSAGE_THREAD, &u);
    *minor_faults = u.ru_minflt;
    *switches = u.ru_nvcsw + u.ru_nivcsw;
}

/* Keeps the BENCH_WORST calls with the largest key (wall or CPU), largest first. */
static void keep_worst(BenchCall *list, const BenchCall *call, int by_cpu) {
    long long key = by_cpu ? call->cpu : call->wall;
    int i = BENCH_WORST - 1;
    if ((by_cpu ? list[i].cpu : list[i].wall) >= key) return;
    while (i > 0 && (by_cpu ? list[i - 1].cpu : list[i - 1].wall) < key) {
        list[i] = list[i - 1];
        i--;
    }
    list[i] = *call;
}

static void record_call(Bench *b, BenchStats *st, const BenchCall *call) {
    st->count++;
    st->total_wall += call->wall;
    st->total_cpu += call->cpu;
    long w = call->wall / 1000, c = call->cpu / 1000;
    st->wall[w < BENCH_BUCKETS ? w : BENCH_BUCKETS - 1]++;
    st->cpu[c < BENCH_BUCKETS ? c : BENCH_BUCKETS - 1]++;
    if (call->wall > b->budget) st->over_budget_wall++;
    if (call->cpu > b->budget) st->over_budget_cpu++;
    if (call->late > st->worst_late) st->worst_late = call->late;
    st->minor_faults += call->minor_faults;
    st->switches += call->switches;
    if (call->minor_faults) st->calls_faulting++;
    keep_worst(st->worst_wall, call, 0);
    keep_worst(st->worst_cpu, call, 1);
}

/* The p-quantile in us of a histogram of 1 us buckets (the last one holds everything beyond). */
static double percentile_us(const uint32_t *histogram, int buckets, long count, double p) {
    long target = (long)ceil(count * p), seen = 0;
    for (int i = 0; i < buckets; i++) {
        seen += histogram[i];
        if (seen >= target) return i + 1;
    }
    return buckets;
}

/* The reference: a fixed amount of C work, the shape of a convolver's spectral multiply-add over
 * 256 KiB, timed on the audio thread right before and right after every call. Its work never
 * changes, so when it takes longer the machine was slower at that moment (another virtual
 * machine on the same core, interrupts, frequency): a plugin call over budget next to a slow
 * reference is the machine's; one next to a normal reference is the plugin's. */
#define REFERENCE_FLOATS 16384
static float reference_a[REFERENCE_FLOATS], reference_b[REFERENCE_FLOATS], reference_out[REFERENCE_FLOATS];
static volatile float reference_sink;

static void reference_work(int rounds) {
    for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < REFERENCE_FLOATS; i += 2) {
            float re = reference_a[i] * reference_b[i] - reference_a[i + 1] * reference_b[i + 1];
            float im = reference_a[i] * reference_b[i + 1] + reference_a[i + 1] * reference_b[i];
            reference_out[i] = reference_out[i] * 0.5f + re;
            reference_out[i + 1] = reference_out[i + 1] * 0.5f + im;
        }
    }
    reference_sink = reference_out[rounds % REFERENCE_FLOATS];
}

static int compare_long_long(const void *x, const void *y) {
    long long a = *(const long long *)x, b = *(const long long *)y;
    return (a > b) - (a < b);
}

/* Rounds of reference work that take about target_ns of this thread's cpu, and their median. */
static int calibrate_reference(long long target_ns, long long *median) {
    for (int i = 0; i < REFERENCE_FLOATS; i++) {
        reference_a[i] = (float)(i % 97) / 97.0f;
        reference_b[i] = (float)(i % 89) / 89.0f;
    }
    enum { SAMPLES = 301 };
    long long times[SAMPLES];
    int rounds = 1;
    for (int attempt = 0; attempt < 2; attempt++) {
        for (int k = 0; k < SAMPLES; k++) {
            long long c0 = nanos(CLOCK_THREAD_CPUTIME_ID);
            reference_work(rounds);
            times[k] = nanos(CLOCK_THREAD_CPUTIME_ID) - c0;
        }
        qsort(times, SAMPLES, sizeof times[0], compare_long_long);
        *median = times[SAMPLES / 2];
        if (attempt == 0) rounds = (int)llround((double)target_ns * rounds / (double)(*median > 0 ? *median : 1));
        if (rounds < 1) rounds = 1;
    }
    return rounds;
}

static void *bench_audio(void *arg) {
    Bench *b = arg;
    Session *s = b->session;
    AEffect *e = s->effect;
    int policy;
    struct sched_param param;
    b->policy_ok = pthread_getschedparam(pthread_self(), &policy, &param) == 0 && policy == SCHED_FIFO;
    b->audio_tid = (pid_t)syscall(SYS_gettid);
    printf("benchmark audio thread %ld\n", (long)b->audio_tid);
    fflush(stdout);
    float left[8192], right[8192];
    float *outputs[2] = {left, right};
    /* Each half of the reference about 10 us: small beside the period, like the plugin's mean call. */
    int reference_rounds = calibrate_reference(10000, &b->reference_median);
    /* The machine's floor: a call of fixed C work as long as the plugin's mean, on the same thread,
     * period and load (the plugin's VM and the garbage thread still run beside it). */
    long long null_median = 0;
    int null_rounds = b->null_call_us > 0 ? calibrate_reference(b->null_call_us * 1000LL, &null_median) : 0;
    if (null_rounds) printf("null call: %d rounds of the reference work in place of processReplacing (median %.1f us)\n", null_rounds, null_median / 1e3);
    long bar_frames = (long)llround(b->rate * 60.0 / s->bpm * 4);
    /* As in a DAW, audio runs with the transport stopped first (the plugin was just inserted),
     * then the user presses play: times count from there. */
    long long stopped_end = (long long)(b->stopped_seconds * 1e9);
    long long warmup_end = stopped_end + (long long)(b->warmup_seconds * 1e9), run_end = warmup_end + (long long)(b->minutes * 60e9);
    s->playing = 0;
    long long start = nanos(CLOCK_MONOTONIC) + 1000000;
    b->started = start;
    JNIEnv *env = NULL;
    long long allocated = -1;
    long period_index = 0;
    for (long k = 0;; k++) {
        /* Deadlines from the frame count, so a fractional period (64 / 48 kHz) does not drift. */
        long long due = start + (long long)((double)period_index * b->block * 1e9 / b->rate);
        struct timespec t = {due / 1000000000LL, due % 1000000000LL};
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR) {}
        long long r0 = nanos(CLOCK_THREAD_CPUTIME_ID);
        reference_work(reference_rounds);
        long long reference_before = nanos(CLOCK_THREAD_CPUTIME_ID) - r0;
        long faults0, switches0;
        thread_usage(&faults0, &switches0);
        long long c0 = nanos(CLOCK_THREAD_CPUTIME_ID), t0 = nanos(CLOCK_MONOTONIC);
        if (t0 - start > run_end) break;
        if (!s->playing && t0 - start >= stopped_end) {
            s->playing = 1;
            s->position = 0;
            b->rolling = t0;
        }
        /* The host's automation: a new temperature at each downbeat, applied before the block. */
        int downbeat = s->playing && s->position % bar_frames < b->block;
        long long cp = c0;
        if (b->automate && b->temperature >= 0 && downbeat) {
            e->setParameter(e, b->temperature, 0.25f + 0.5f * (float)((s->position / bar_frames) % 5) / 4);
            cp = nanos(CLOCK_THREAD_CPUTIME_ID);
        }
        s->block_start = s->position;
        if (null_rounds) reference_work(null_rounds);
        else e->processReplacing(e, NULL, outputs, b->block);
        long long t1 = nanos(CLOCK_MONOTONIC), c1 = nanos(CLOCK_THREAD_CPUTIME_ID);
        long faults1, switches1;
        thread_usage(&faults1, &switches1);
        long long r1 = nanos(CLOCK_THREAD_CPUTIME_ID);
        reference_work(reference_rounds);
        long long reference_after = nanos(CLOCK_THREAD_CPUTIME_ID) - r1;
        BenchCall call = {t0, t1 - t0, c1 - c0, t0 - due, s->position / b->block, /* block: counted from play */
                          cp - c0, faults1 - faults0, switches1 - switches0, reference_before, reference_after};
        if (s->playing) s->position += b->block;
        BenchStats *st = !s->playing ? &b->stopped : t0 - start < warmup_end ? &b->warmup : &b->steady;
        if (downbeat && st == &b->steady) {
            if (b->downbeats.count < BENCH_DOWNBEATS) {
                b->downbeat_cpu[b->downbeats.count] = call.cpu;
                b->downbeat_parameter_cpu[b->downbeats.count] = call.parameter_cpu;
                b->downbeat_start[b->downbeats.count] = call.start;
            }
            record_call(b, &b->downbeats, &call);
        }
        if (!env && b->thread_bean) { /* the bridge attached this thread in its first call */
            GetCreatedVms created = (GetCreatedVms)dlsym(RTLD_DEFAULT, "JNI_GetCreatedJavaVMs");
            JavaVM *vm = NULL;
            jsize count = 0;
            if (created && created(&vm, 1, &count) == JNI_OK && count == 1) (*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8);
        }
        if (env) {
            long long now = (*env)->CallLongMethod(env, b->thread_bean, b->allocated_bytes);
            if (allocated >= 0 && now > allocated && st == &b->steady) {
                b->allocated_steady += now - allocated;
                if (b->allocating_calls < BENCH_ALLOCATIONS) b->allocations[b->allocating_calls] = (BenchAllocation){t0, now - allocated, k};
                b->allocating_calls++;
            }
            allocated = now;
        }
        record_call(b, st, &call);
        if (st == &b->steady) {
            BenchCall before = {.wall = reference_before, .cpu = reference_before, .start = t0},
                      after = {.wall = reference_after, .cpu = reference_after, .start = t1};
            record_call(b, &b->reference, &before);
            record_call(b, &b->reference, &after);
            long long slow = 2 * b->reference_median;
            if (call.cpu > b->budget && (reference_before > slow || reference_after > slow)) b->over_budget_slow_machine++;
            if (call.cpu > b->budget && b->over_budget_kept < 4096) b->over_budget[b->over_budget_kept++] = call;
            if (b->calls_kept < b->calls_capacity) {
                b->call_start[b->calls_kept] = call.start;
                b->call_block[b->calls_kept] = call.block;
                b->call_cpu[b->calls_kept++] = call.cpu;
            }
            int phase = (int)(call.block % 16);
            long us = call.cpu / 1000;
            b->phase_cpu[phase][us < PHASE_BUCKETS ? us : PHASE_BUCKETS - 1]++;
            b->phase_total[phase] += call.cpu;
            b->phase_count[phase]++;
        }
        period_index++;
        if (t1 > due + b->period) {
            /* The card needed this block a period after it woke us: a dropout. It goes on from the
             * next period boundary still ahead; the transport simply continues. */
            st->misses++;
            if (call.late > b->period - b->budget) st->misses_woken_late++; /* the machine woke us too late to make it in budget */
            period_index = (long)((double)(t1 - start) * b->rate / 1e9 / b->block) + 1;
        }
    }
    return NULL;
}

/* ~garbage_mb_per_second of 64 KiB arrays copied by java.util.Arrays.copyOf, and every 64th
 * allocation a 1 MiB array kept among 64 survivors that churn (64 MiB live, dying old). */
static void *bench_garbage(void *arg) {
    Bench *b = arg;
    GetCreatedVms created = (GetCreatedVms)dlsym(RTLD_DEFAULT, "JNI_GetCreatedJavaVMs");
    JavaVM *vm = NULL;
    jsize count = 0;
    JNIEnv *env = NULL;
    if (!created || created(&vm, 1, &count) != JNI_OK || count < 1) {
        snprintf(b->garbage_error, sizeof b->garbage_error, "no Java VM in this process");
        return NULL;
    }
    JavaVMAttachArgs attach = {JNI_VERSION_1_8, "bench-garbage", NULL};
    if ((*vm)->AttachCurrentThreadAsDaemon(vm, (void **)&env, &attach) != JNI_OK) {
        snprintf(b->garbage_error, sizeof b->garbage_error, "cannot attach to the Java VM");
        return NULL;
    }
    jclass arrays = (*env)->FindClass(env, "java/util/Arrays");
    jmethodID copy_of = arrays ? (*env)->GetStaticMethodID(env, arrays, "copyOf", "([BI)[B") : NULL;
    jbyteArray source = copy_of ? (*env)->NewByteArray(env, 1 << 16) : NULL;
    if (!source) {
        (*env)->ExceptionClear(env);
        snprintf(b->garbage_error, sizeof b->garbage_error, "java.util.Arrays.copyOf not found");
        (*vm)->DetachCurrentThread(vm);
        return NULL;
    }
    jobject survivors[64] = {0};
    long long t0 = nanos(CLOCK_MONOTONIC);
    double bytes_per_ns = b->garbage_mb_per_second * 1e6 / 1e9;
    for (long n = 0; !b->stop_garbage; n++) {
        jobject junk = (*env)->CallStaticObjectMethod(env, arrays, copy_of, source, 1 << 16);
        if (junk) (*env)->DeleteLocalRef(env, junk);
        b->garbage_bytes += 1 << 16;
        if (n % 64 == 0) {
            jobject big = (*env)->NewByteArray(env, 1 << 20);
            int slot = (int)(n / 64 % 64);
            if (survivors[slot]) (*env)->DeleteGlobalRef(env, survivors[slot]);
            survivors[slot] = big ? (*env)->NewGlobalRef(env, big) : NULL;
            if (big) (*env)->DeleteLocalRef(env, big);
            b->garbage_bytes += 1 << 20;
        }
        (*env)->ExceptionClear(env);
        if (n % 32 == 31) {
            long long due = t0 + (long long)(b->garbage_bytes / bytes_per_ns);
            struct timespec t = {due / 1000000000LL, due % 1000000000LL};
            clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL);
        }
    }
    for (int i = 0; i < 64; i++) if (survivors[i]) (*env)->DeleteGlobalRef(env, survivors[i]);
    (*env)->DeleteLocalRef(env, source);
    (*vm)->DetachCurrentThread(vm);
    return NULL;
}

/* A safepoint from the VM's log: "[<end>ns][safepoint] Safepoint "<name>", ... Reaching safepoint: <r> ns, ... Total: <t> ns". */
typedef struct Safepoint {
    long long end, total, reaching;
    char name[48];
} Safepoint;

static Safepoint *read_safepoints(const char *path, int *count) {
    FILE *f = fopen(path, "r");
    *count = 0;
    if (!f) return NULL;
    int capacity = 4096;
    Safepoint *list = malloc(capacity * sizeof *list);
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        /* Safepoints, and handshakes (operations on some threads, e.g. "Deoptimize", which a thread
         * entering Java waits for as it waits for a safepoint). */
        int handshake = strstr(line, "Handshake \"") != NULL;
        char *name = strstr(line, handshake ? "Handshake \"" : "Safepoint \"");
        char *total = strstr(line, handshake ? "Total completion time: " : "Total: ");
        char *reaching = strstr(line, "Reaching safepoint: ");
        char *ns = strstr(line, "ns]");
        if (!name || !total || !ns || line[0] != '[') continue;
        /* the timenanos decorator is the bracket that ends in "ns]" */
        char *open = ns;
        while (open > line && *open != '[') open--;
        if (*count == capacity) list = realloc(list, (capacity *= 2) * sizeof *list);
        Safepoint *p = &list[(*count)++];
        p->end = atoll(open + 1);
        p->total = atoll(total + (handshake ? 23 : 7));
        p->reaching = reaching ? atoll(reaching + 20) : 0;
        name += 11; /* past Safepoint " or Handshake " */
        size_t n = strcspn(name, "\"");
        size_t at = 0;
        if (handshake) { memcpy(p->name, "handshake ", 10); at = 10; }
        if (n + at >= sizeof p->name) n = sizeof p->name - 1 - at;
        memcpy(p->name + at, name, n);
        p->name[at + n] = '\0';
    }
    fclose(f);
    return list;
}

static void print_worst(const char *title, const BenchCall *list, const Bench *b, const Safepoint *safepoints, int safepoint_count) {
    printf("  %s:\n", title);
    for (int i = 0; i < BENCH_WORST && list[i].wall > 0; i++) {
        const BenchCall *c = &list[i];
        printf("    at %8.3f s (block %7ld): wall %7.1f us, cpu %7.1f us, woke %6.1f us late", (c->start - b->rolling) / 1e9,
               c->block, c->wall / 1e3, c->cpu / 1e3, c->late / 1e3);
        if (c->parameter_cpu > 0) printf(" (setParameter %.1f us)", c->parameter_cpu / 1e3);
        if (c->minor_faults || c->switches) printf(", %ld page faults, %ld context switches", c->minor_faults, c->switches);
        if (c->reference_before > 0)
            printf(", reference %.1f / %.1f us (x%.1f / x%.1f)", c->reference_before / 1e3, c->reference_after / 1e3,
                   (double)c->reference_before / b->reference_median, (double)c->reference_after / b->reference_median);
        int shown = 0;
        for (int k = 0; k < safepoint_count; k++) {
            const Safepoint *p = &safepoints[k];
            if (p->end - p->total < c->start + c->wall && p->end > c->start - c->late) {
                printf("%s %s %.1f us (reaching %.1f us)", shown++ ? "," : "; VM operation", p->name, p->total / 1e3, p->reaching / 1e3);
            }
        }
        printf("\n");
    }
}

static void print_stats(const char *title, const BenchStats *st, const Bench *b, const Safepoint *safepoints, int safepoint_count) {
    if (st->count == 0) return;
    printf("%s: %ld calls\n", title, st->count);
    const char *names[2] = {"wall", "cpu "};
    const uint32_t *histograms[2] = {st->wall, st->cpu};
    long long totals[2] = {st->total_wall, st->total_cpu};
    long over[2] = {st->over_budget_wall, st->over_budget_cpu};
    long long worst[2] = {st->worst_wall[0].wall, st->worst_cpu[0].cpu};
    for (int h = 0; h < 2; h++) {
        printf("  %s us: mean %.1f, p50 %.0f, p99 %.0f, p99.9 %.0f, p99.99 %.0f, worst %.1f (%.1f %% of the period); "
               "over the 25 %% budget (%.0f us): %ld\n",
               names[h], totals[h] / 1e3 / st->count, percentile_us(histograms[h], BENCH_BUCKETS, st->count, 0.5),
               percentile_us(histograms[h], BENCH_BUCKETS, st->count, 0.99), percentile_us(histograms[h], BENCH_BUCKETS, st->count, 0.999),
               percentile_us(histograms[h], BENCH_BUCKETS, st->count, 0.9999), worst[h] / 1e3, 100.0 * worst[h] / b->period, b->budget / 1e3,
               over[h]);
    }
    printf("  audio thread in the calls: %ld page faults (in %ld calls), %ld context switches\n", st->minor_faults,
           st->calls_faulting, st->switches);
    printf("  deadline misses (a call ended more than a period after its deadline): %ld, of which %ld woke over %.0f us late; "
           "latest wake-up %.1f us\n",
           st->misses, st->misses_woken_late, (b->period - b->budget) / 1e3, st->worst_late / 1e3);
    print_worst("worst by wall time", st->worst_wall, b, safepoints, safepoint_count);
    print_worst("worst by CPU time", st->worst_cpu, b, safepoints, safepoint_count);
}

/* ManagementFactory.getThreadMXBean(), for the audio thread's allocated bytes. Main thread (the
 * VM's creator, attached). Leaves thread_bean NULL when the VM has none. */
static void find_thread_bean(Bench *b) {
    GetCreatedVms created = (GetCreatedVms)dlsym(RTLD_DEFAULT, "JNI_GetCreatedJavaVMs");
    JavaVM *vm = NULL;
    jsize count = 0;
    JNIEnv *env = NULL;
    if (!created || created(&vm, 1, &count) != JNI_OK || count < 1) return;
    if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) != JNI_OK) return;
    jclass factory = (*env)->FindClass(env, "java/lang/management/ManagementFactory");
    jclass bean_class = (*env)->FindClass(env, "com/sun/management/ThreadMXBean");
    jmethodID get = factory ? (*env)->GetStaticMethodID(env, factory, "getThreadMXBean", "()Ljava/lang/management/ThreadMXBean;") : NULL;
    jmethodID bytes = bean_class ? (*env)->GetMethodID(env, bean_class, "getCurrentThreadAllocatedBytes", "()J") : NULL;
    jobject bean = get && bytes ? (*env)->CallStaticObjectMethod(env, factory, get) : NULL;
    if ((*env)->ExceptionCheck(env) || !bean) {
        (*env)->ExceptionClear(env);
        return;
    }
    b->thread_bean = (*env)->NewGlobalRef(env, bean);
    b->allocated_bytes = bytes;
}

/* The temporary XDG_CONFIG_HOME of configure_jvm_log, removed once the VM has read it. */
static char jvm_conf_dir[] = "/tmp/downbeat-bench-XXXXXX";

/* Writes jvm.conf with the VM's safepoint and GC logging (and any --jvm-option) into a temporary
 * XDG_CONFIG_HOME, before the plugin starts its VM. */
static int configure_jvm_log(const char *log, char **jvm_options, int option_count) {
    char *dir = jvm_conf_dir;
    if (!mkdtemp(dir)) return 0;
    char path[4096];
    snprintf(path, sizeof path, "%s/downbeat", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/downbeat/jvm.conf", dir);
    FILE *f = fopen(path, "w");
    if (!f) return 0;
    if (log) fprintf(f, "option=-Xlog:safepoint=info,handshake=info,gc=info:file=%s:timenanos,uptime,tags\n", log);
    for (int i = 0; i < option_count; i++) fprintf(f, "option=%s\n", jvm_options[i]);
    fclose(f);
    setenv("XDG_CONFIG_HOME", dir, 1);
    return 1;
}

static int run_bench(const char *library_path, Bench *b, char **jvm_options, int option_count) {
    if ((b->jvm_log || option_count) && !configure_jvm_log(b->jvm_log, jvm_options, option_count)) {
        fprintf(stderr, "cannot write the benchmark's jvm.conf\n");
        return 1;
    }
    if (!load_library(library_path)) return 1;
    b->period = (long long)llround(b->block / b->rate * 1e9);
    b->budget = b->period / 4;
    Session *s = open_session(b->rate, b->block);
    if (jvm_conf_dir[strlen(jvm_conf_dir) - 1] != 'X') { /* the VM has read its options: leave no folder behind */
        char path[4096];
        snprintf(path, sizeof path, "%s/downbeat/jvm.conf", jvm_conf_dir);
        unlink(path);
        snprintf(path, sizeof path, "%s/downbeat", jvm_conf_dir);
        rmdir(path);
        rmdir(jvm_conf_dir);
    }
    if (!s) {
        fprintf(stderr, "the plugin did not open (see its log)\n");
        return 1;
    }
    s->count_only = 1;
    b->session = s;
    bench_session = s;
    b->temperature = -1;
    char name[256];
    for (int i = 0; i < s->effect->numParams; i++)
        if (strcmp(text_of(s->effect, effGetParamName, i, name), "Temperature") == 0) b->temperature = i;

    find_thread_bean(b);
    if (b->calls_path) { /* allocated here, before the audio thread starts */
        b->calls_capacity = (long)((b->minutes * 60 + 1) * b->rate / b->block);
        b->call_start = calloc(b->calls_capacity, sizeof *b->call_start);
        b->call_cpu = calloc(b->calls_capacity, sizeof *b->call_cpu);
        b->call_block = calloc(b->calls_capacity, sizeof *b->call_block);
        if (!b->call_start || !b->call_cpu || !b->call_block) b->calls_capacity = 0;
    }
    pthread_t garbage, audio;
    if (b->garbage_mb_per_second > 0) pthread_create(&garbage, NULL, bench_garbage, b);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    struct sched_param param = {.sched_priority = b->priority};
    pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
    pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
    pthread_attr_setschedparam(&attr, &param);
    int rc = pthread_create(&audio, &attr, bench_audio, b);
    if (rc != 0) {
        fprintf(stderr, "cannot start a SCHED_FIFO audio thread at priority %d: %s (needs root or an rtprio limit)\n",
                b->priority, strerror(rc));
        return 1;
    }
    pthread_join(audio, NULL);
    b->stop_garbage = 1;
    if (b->garbage_mb_per_second > 0) pthread_join(garbage, NULL);
    double seconds = (nanos(CLOCK_MONOTONIC) - b->started) / 1e9;
    long notes = s->note_count;
    bench_session = NULL;
    close_session(s);

    char load[128] = "?";
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (!fgets(load, sizeof load, f)) strcpy(load, "?");
        fclose(f);
        load[strcspn(load, "\n")] = '\0';
    }
    int safepoint_count = 0;
    Safepoint *safepoints = b->jvm_log ? read_safepoints(b->jvm_log, &safepoint_count) : NULL;
    printf("benchmark: %d frames at %.0f Hz (period %.1f us, budget %.1f us), audio thread %s priority %d, %.1f s, "
           "%ld MIDI events out, garbage %.0f MB/s (%.0f MB made)%s%s, load average %s\n",
           b->block, b->rate, b->period / 1e3, b->budget / 1e3, b->policy_ok ? "SCHED_FIFO" : "NOT SCHED_FIFO", b->priority,
           seconds, notes, b->garbage_mb_per_second, b->garbage_bytes / 1e6, b->garbage_error[0] ? ": " : "", b->garbage_error,
           load);
    /* For cutting a profile of the audio thread (perf record -t TID -k CLOCK_MONOTONIC) to its calls. */
    printf("audio thread %ld; transport started at CLOCK_MONOTONIC %lld ns; a bar is %.6f s\n", (long)b->audio_tid, b->rolling,
           60.0 / s->bpm * 4);
    print_stats("transport stopped (the plugin inserted, audio running)", &b->stopped, b, safepoints, safepoint_count);
    print_stats("first seconds after the transport started", &b->warmup, b, safepoints, safepoint_count);
    print_stats("after the warm-up", &b->steady, b, safepoints, safepoint_count);
    print_stats("after the warm-up, the blocks holding a bar line (downbeats)", &b->downbeats, b, safepoints, safepoint_count);
    if (b->reference.count) {
        /* Its worst lists name the reference's own slowest runs (cpu = wall = the reference). */
        printf("reference (fixed C work on the audio thread, before and after each steady call; median %.1f us when calibrated):\n",
               b->reference_median / 1e3);
        const BenchStats *r = &b->reference;
        printf("  cpu us: p50 %.0f, p99 %.0f, p99.9 %.0f, p99.99 %.0f, worst %.1f (x%.1f its median); over the budget: %ld\n",
               percentile_us(r->cpu, BENCH_BUCKETS, r->count, 0.5), percentile_us(r->cpu, BENCH_BUCKETS, r->count, 0.99), percentile_us(r->cpu, BENCH_BUCKETS, r->count, 0.999),
               percentile_us(r->cpu, BENCH_BUCKETS, r->count, 0.9999), r->worst_cpu[0].cpu / 1e3, (double)r->worst_cpu[0].cpu / b->reference_median,
               r->over_budget_cpu);
        long slow2 = 0, slow10 = 0;
        for (int i = 0; i < BENCH_BUCKETS; i++) {
            if (i * 1000LL > 2 * b->reference_median) slow2 += r->cpu[i];
            if (i * 1000LL > 10 * b->reference_median) slow10 += r->cpu[i];
        }
        printf("  runs over 2x its median: %ld, over 10x: %ld, of %ld\n", slow2, slow10, r->count);
        printf("  steady calls over budget (cpu) with a reference beside them over 2x its median: %ld of %ld\n",
               b->over_budget_slow_machine, b->steady.over_budget_cpu);
        printf("steady calls' cpu by block number mod 16: mean / p99 / p99.9 us\n ");
        for (int phase = 0; phase < 16; phase++) {
            long n = b->phase_count[phase];
            if (n == 0) continue;
            printf(" %d: %.0f/%.0f/%.0f", phase, b->phase_total[phase] / 1e3 / n,
                   percentile_us(b->phase_cpu[phase], PHASE_BUCKETS, n, 0.99), percentile_us(b->phase_cpu[phase], PHASE_BUCKETS, n, 0.999));
        }
        printf("\n");
        printf("every steady call over budget (cpu): block, cpu us, wall us, reference before/after us, CLOCK_MONOTONIC start ns:\n");
        for (long i = 0; i < b->over_budget_kept; i++) {
            const BenchCall *c = &b->over_budget[i];
            printf("  over %ld %.1f %.1f %.1f %.1f %lld\n", c->block, c->cpu / 1e3, c->wall / 1e3, c->reference_before / 1e3,
                   c->reference_after / 1e3, c->start);
        }
    }
    if (b->downbeats.count) {
        printf("  every downbeat's cpu us, in order%s:", b->automate ? " (of which setParameter)" : "");
        for (long i = 0; i < b->downbeats.count && i < BENCH_DOWNBEATS; i++) {
            printf(" %.0f", b->downbeat_cpu[i] / 1e3);
            if (b->automate) printf(" (%.0f)", b->downbeat_parameter_cpu[i] / 1e3);
        }
        printf("\n  every downbeat's start, CLOCK_MONOTONIC ns:");
        for (long i = 0; i < b->downbeats.count && i < BENCH_DOWNBEATS; i++) printf(" %lld", b->downbeat_start[i]);
        printf("\n");
    }
    if (b->thread_bean) {
        printf("audio thread heap allocation after the warm-up: %lld bytes in %ld of %ld calls\n", b->allocated_steady,
               b->allocating_calls, b->steady.count);
        for (long i = 0; i < b->allocating_calls && i < BENCH_ALLOCATIONS; i++) {
            const BenchAllocation *a = &b->allocations[i];
            printf("    at %8.3f s (block %7ld): %lld bytes", (a->start - b->rolling) / 1e9, a->block, a->bytes);
            for (int k = 0; k < safepoint_count; k++) {
                const Safepoint *p = &safepoints[k];
                if (p->end > a->start - 2000000 && p->end - p->total < a->start + 2000000)
                    printf(", safepoint %s %.1f ms before", p->name, (a->start - p->end) / 1e6);
            }
            printf("\n");
        }
    }
    if (b->jvm_log) {
        /* What the VM stopped for during the measured part, by operation. */
        long long from = b->rolling + (long long)(b->warmup_seconds * 1e9);
        printf("safepoints and handshakes after the warm-up (from %s):\n", b->jvm_log);
        for (int k = 0; k < safepoint_count; k++) {
            if (safepoints[k].end < from || safepoints[k].name[0] == '\0') continue;
            long n = 0;
            long long worst = 0, sum = 0, worst_reaching = 0;
            char name[48];
            strcpy(name, safepoints[k].name);
            for (int j = k; j < safepoint_count; j++) {
                if (safepoints[j].end < from || strcmp(safepoints[j].name, name) != 0) continue;
                n++;
                sum += safepoints[j].total;
                if (safepoints[j].total > worst) worst = safepoints[j].total;
                if (safepoints[j].reaching > worst_reaching) worst_reaching = safepoints[j].reaching;
                if (j != k) safepoints[j].name[0] = '\0';
            }
            printf("  %-32s %6ld, mean %7.1f us, worst %8.1f us (reaching %.1f us)\n", name, n, sum / 1e3 / n, worst / 1e3,
                   worst_reaching / 1e3);
        }
    }
    free(safepoints);
    if (b->calls_path) {
        FILE *calls = fopen(b->calls_path, "w");
        if (calls) {
            for (long i = 0; i < b->calls_kept; i++) fprintf(calls, "%lld %ld %lld\n", b->call_start[i], b->call_block[i], b->call_cpu[i]);
            fclose(calls);
        }
    }
    int ok = b->policy_ok && b->steady.count > 0 && !b->garbage_error[0];
    for (int i = 0; i < option_count; i++) {
        if (!strstr(jvm_options[i], "FlightRecording")) continue;
        /* A flight recording is written by the VM's shutdown hooks, which only System.exit runs here. */
        fflush(stdout);
        GetCreatedVms created = (GetCreatedVms)dlsym(RTLD_DEFAULT, "JNI_GetCreatedJavaVMs");
        JavaVM *vm = NULL;
        jsize count = 0;
        JNIEnv *env = NULL;
        if (created && created(&vm, 1, &count) == JNI_OK && count == 1 && (*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) == JNI_OK) {
            jclass system = (*env)->FindClass(env, "java/lang/System");
            jmethodID exit_method = system ? (*env)->GetStaticMethodID(env, system, "exit", "(I)V") : NULL;
            if (exit_method) (*env)->CallStaticVoidMethod(env, system, exit_method, ok ? 0 : 1);
        }
    }
    return ok ? 0 : 1;
}

static void test_log_is_clean(void) {
    current_test = "log";
    char path[4096];
    const char *state = getenv("XDG_STATE_HOME");
    if (state) snprintf(path, sizeof path, "%s/downbeat/downbeat.log", state);
    else snprintf(path, sizeof path, "%s/.local/state/downbeat/downbeat.log", getenv("HOME"));
    FILE *f = fopen(path, "r");
    if (!f) return; /* nothing logged at all */
    char line[4096];
    int bad = 0;
    while (fgets(line, sizeof line, f)) {
        if (strstr(line, "Exception") || strstr(line, "failed") || strstr(line, "Error")) {
            if (bad++ < 5) fprintf(stderr, "  log: %s", line);
        }
    }
    fclose(f);
    check(bad == 0, "%d failure lines in %s", bad, path);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s path/to/Downbeat.so [--quick]\n", argv[0]);
        return 2;
    }
    int quick = argc > 2 && strcmp(argv[2], "--quick") == 0;
    if (argc > 2 && strcmp(argv[2], "--bench") == 0) {
        static Bench bench = {.rate = 48000, .block = 64, .minutes = 1, .warmup_seconds = 20, .stopped_seconds = 2, .priority = 70, .automate = 1,
                              .garbage_mb_per_second = 200};
        char *jvm_options[16];
        int option_count = 0;
        for (int i = 3; i < argc; i++) {
            const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
            if (!v) { fprintf(stderr, "%s needs a value\n", a); return 2; }
            if (strcmp(a, "--minutes") == 0) bench.minutes = atof(v);
            else if (strcmp(a, "--warmup") == 0) bench.warmup_seconds = atof(v);
            else if (strcmp(a, "--stopped") == 0) bench.stopped_seconds = atof(v);
            else if (strcmp(a, "--automate") == 0) bench.automate = atoi(v);
            else if (strcmp(a, "--rate") == 0) bench.rate = atof(v);
            else if (strcmp(a, "--block") == 0) bench.block = atoi(v);
            else if (strcmp(a, "--priority") == 0) bench.priority = atoi(v);
            else if (strcmp(a, "--garbage") == 0) bench.garbage_mb_per_second = atof(v);
            else if (strcmp(a, "--jvm-log") == 0) bench.jvm_log = v;
            else if (strcmp(a, "--calls") == 0) bench.calls_path = v;
            else if (strcmp(a, "--null-call") == 0) bench.null_call_us = atoi(v);
            else if (strcmp(a, "--jvm-option") == 0 && option_count < 16) jvm_options[option_count++] = (char *)v;
            else { fprintf(stderr, "unknown benchmark option %s\n", a); return 2; }
            i++;
        }
        if (bench.block < 1 || bench.block > 8192 || bench.rate < 22050 || bench.rate > 192000 || bench.minutes <= 0) {
            fprintf(stderr, "block 1..8192, rate 22050..192000 and minutes > 0, please\n");
            return 2;
        }
        return run_bench(argv[1], &bench, jvm_options, option_count);
    }
    if (!load_library(argv[1])) return 1;
    if (argc > 2 && strcmp(argv[2], "--editor") == 0) {
        current_test = "editor";
        Session *s = open_session(48000, 512);
        if (!check(s != NULL, "cannot open")) return 1;
        for (int i = 0; i < 20; i++) {
            check(s->effect->dispatcher(s->effect, effEditOpen, 0, 0, NULL, 0) == 1, "effEditOpen refused (cycle %d)", i);
            check(render(s, 24000, 512, NULL, NULL), "non-finite output with the editor open");
            check(s->effect->dispatcher(s->effect, effEditClose, 0, 0, NULL, 0) == 1, "effEditClose failed");
        }
        close_session(s);
        test_log_is_clean();
        fprintf(stderr, "%d checks, %d failed\n", checks, failures);
        return failures ? 1 : 0;
    }
    if (argc > 2 && strcmp(argv[2], "--instantiate") == 0) {
        double t0 = seconds_now();
        Session *first = open_session(48000, 64);
        double cold = seconds_now() - t0, warm = 0;
        if (!first) return 1;
        for (int i = 0; i < 5; i++) {
            double t = seconds_now();
            Session *s = open_session(48000, 64);
            warm += seconds_now() - t;
            close_session(s);
        }
        close_session(first);
        printf("instantiate (VSTPluginMain .. effMainsChanged on, 48 kHz / 64): cold %.0f ms (starts the VM), warm %.0f ms (mean of 5)\n",
               cold * 1e3, warm / 5 * 1e3);
        return 0;
    }
    RUN(test_describes_itself());
    if (failures) {
        fprintf(stderr, "the plugin does not even describe itself; stopping\n");
        return 1;
    }
    RUN(test_parameters());
    RUN(test_chunks(quick ? 400 : 4000));
    RUN(test_rates_and_blocks(quick));
    RUN(test_deterministic());
    RUN(test_midi_in_plays());
    RUN(test_tail_size());
    RUN(test_eight_at_once());
    unload_library();
    RUN(test_load_unload(argv[1], quick ? 10 : 50));
    RUN(test_log_is_clean());
    fprintf(stderr, "%d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
