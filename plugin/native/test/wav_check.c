/*
 * Checks WAV files a host rendered, for the real-host stages:
 *   wav_check stats FILE                          frames, rate, rms and peak
 *   wav_check onsets FILE BPM MIN_ONSETS TOL_MS   at least MIN drum onsets, every one on the 16th-note grid
 *   wav_check same FILE_A FILE_B BPM FIRST LAST   bars FIRST..LAST (1-based, 4/4) are identical and not silent
 *   wav_check differ FILE_A FILE_B BPM FIRST LAST each of those bars differs between the files
 * Exit status 0 when the check holds; each prints what it measured.
 * Reads PCM 16/24/32-bit and float WAV (RIFF, WAVE_FORMAT_EXTENSIBLE too).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Audio {
    float *samples; /* interleaved */
    int channels;
    int rate;
    long frames;
} Audio;

static uint32_t u32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t u16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }

static int load(const char *path, Audio *a) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return 0;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *bytes = malloc(size);
    if (fread(bytes, 1, size, f) != (size_t)size) size = 0;
    fclose(f);
    if (size < 12 || memcmp(bytes, "RIFF", 4) || memcmp(bytes + 8, "WAVE", 4)) {
        fprintf(stderr, "%s is not a WAV file\n", path);
        return 0;
    }
    int format = 0, bits = 0;
    const unsigned char *data = NULL;
    uint32_t data_size = 0;
    for (long at = 12; at + 8 <= size;) {
        uint32_t chunk = u32(bytes + at + 4);
        const unsigned char *body = bytes + at + 8;
        if (!memcmp(bytes + at, "fmt ", 4) && chunk >= 16) {
            format = u16(body);
            a->channels = u16(body + 2);
            a->rate = (int)u32(body + 4);
            bits = u16(body + 14);
            if (format == 0xFFFE && chunk >= 26) format = u16(body + 24);
        } else if (!memcmp(bytes + at, "data", 4)) {
            data = body;
            data_size = chunk;
            if ((long)(at + 8 + data_size) > size) data_size = (uint32_t)(size - at - 8);
        }
        at += 8 + chunk + (chunk & 1);
    }
    if (!data || a->channels < 1 || (format != 1 && format != 3)) {
        fprintf(stderr, "%s: unsupported WAV (format %d, %d channels)\n", path, format, a->channels);
        return 0;
    }
    int width = bits / 8;
    long count = data_size / width;
    a->frames = count / a->channels;
    a->samples = malloc((count ? count : 1) * sizeof(float));
    for (long i = 0; i < count; i++) {
        const unsigned char *p = data + i * width;
        float v;
        if (format == 3 && bits == 32) {
            uint32_t b = u32(p);
            memcpy(&v, &b, 4);
        } else if (bits == 16) v = (int16_t)u16(p) / 32768.0f;
        else if (bits == 24) v = (float)(((int32_t)(p[0] << 8 | p[1] << 16 | (uint32_t)p[2] << 24)) >> 8) / 8388608.0f;
        else if (bits == 32) v = (int32_t)u32(p) / 2147483648.0f;
        else {
            fprintf(stderr, "%s: %d-bit samples unsupported\n", path, bits);
            return 0;
        }
        a->samples[i] = v;
    }
    free(bytes);
    return 1;
}

/* The loudest channel's absolute value at a frame. */
static float level(const Audio *a, long frame) {
    float m = 0;
    for (int c = 0; c < a->channels; c++) {
        float v = fabsf(a->samples[frame * a->channels + c]);
        if (v > m) m = v;
    }
    return m;
}

static int stats(const Audio *a) {
    double sum = 0;
    float peak = 0;
    for (long i = 0; i < a->frames * a->channels; i++) {
        sum += a->samples[i] * a->samples[i];
        if (fabsf(a->samples[i]) > peak) peak = fabsf(a->samples[i]);
    }
    printf("frames %ld rate %d channels %d rms %.6f peak %.6f\n", a->frames, a->rate, a->channels,
           sqrt(sum / (a->frames * a->channels + 1e-9)), peak);
    return 0;
}

/*
 * Onsets: 1 ms energy hops; a hop with 20 times (13 dB) the mean energy of the 10 ms before it
 * starts a hit. Weaker rises are not counted: inside dense, ringing bars (toms, open hats) the
 * level swells by 6-9 times between hits, and those are not onsets. The onset frame is where the
 * signal first reaches a quarter of the hit's early peak.
 */
static int onsets(const Audio *a, double bpm, int min_onsets, double tol_ms) {
    int hop = a->rate / 1000;
    long hops = a->frames / hop;
    double *energy = calloc(hops + 1, sizeof *energy);
    for (long h = 0; h < hops; h++)
        for (long i = h * hop; i < (h + 1) * hop; i++) energy[h] += (double)level(a, i) * level(a, i);
    double sixteenth = a->rate * 60.0 / bpm / 4.0;
    int found = 0, on_grid = 0;
    double worst = 0;
    long last = -1000;
    for (long h = 10; h < hops - 5; h++) {
        double before = 0;
        for (long k = h - 10; k < h; k++) before += energy[k];
        before /= 10;
        if (energy[h] < 1e-4 * hop || energy[h] < 20 * before || h - last < 40) continue;
        last = h;
        float peak = 0;
        for (long i = h * hop; i < (h + 5) * hop; i++) if (level(a, i) > peak) peak = level(a, i);
        long frame = (h - 1) * hop;
        while (frame < (h + 5) * hop && level(a, frame) < 0.25f * peak) frame++;
        double grid = round(frame / sixteenth) * sixteenth;
        double off_ms = fabs(frame - grid) * 1000.0 / a->rate;
        found++;
        if (off_ms <= tol_ms) on_grid++;
        else if (found - on_grid <= 5) printf("  onset at %.3f s is %.2f ms off the 16th grid\n", (double)frame / a->rate, off_ms);
        if (off_ms > worst) worst = off_ms;
    }
    printf("onsets %d, on the 16th grid %d, worst %.2f ms\n", found, on_grid, worst);
    free(energy);
    return found >= min_onsets && on_grid == found ? 0 : 1;
}

static int compare_bars(const Audio *x, const Audio *y, double bpm, int first, int last, int want_same) {
    if (x->rate != y->rate || x->channels != y->channels) {
        printf("the files differ in rate or channels\n");
        return 1;
    }
    long bar = (long)llround(x->rate * 60.0 / bpm * 4);
    int ok = 1;
    for (int b = first; b <= last; b++) {
        long start = (b - 1) * bar, end = b * bar;
        if (end > x->frames || end > y->frames) {
            printf("bar %d is beyond the end of the render\n", b);
            return 1;
        }
        double diff = 0, energy = 0;
        for (long i = start * x->channels; i < end * x->channels; i++) {
            double d = fabs(x->samples[i] - y->samples[i]);
            if (d > diff) diff = d;
            energy += x->samples[i] * x->samples[i] + y->samples[i] * y->samples[i];
        }
        double rms = sqrt(energy / (2.0 * (end - start) * x->channels));
        int holds = want_same ? diff <= 1e-6 && rms > 1e-3 : diff > 1e-3;
        printf("bar %d: max difference %.6f, rms %.6f: %s\n", b, diff, rms, holds ? "ok" : want_same ? "NOT identical or silent" : "NOT different");
        ok &= holds;
    }
    return ok ? 0 : 1;
}

int main(int argc, char **argv) {
    Audio a = {0}, b = {0};
    if (argc == 3 && !strcmp(argv[1], "stats")) return load(argv[2], &a) ? stats(&a) : 2;
    if (argc == 6 && !strcmp(argv[1], "onsets"))
        return load(argv[2], &a) ? onsets(&a, atof(argv[3]), atoi(argv[4]), atof(argv[5])) : 2;
    if (argc == 7 && (!strcmp(argv[1], "same") || !strcmp(argv[1], "differ")))
        return load(argv[2], &a) && load(argv[3], &b)
                   ? compare_bars(&a, &b, atof(argv[4]), atoi(argv[5]), atoi(argv[6]), !strcmp(argv[1], "same"))
                   : 2;
    fprintf(stderr, "usage: wav_check stats FILE | onsets FILE BPM MIN TOL_MS | same|differ A B BPM FIRST LAST\n");
    return 2;
}
