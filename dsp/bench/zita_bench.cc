// Reference harness: runs zita-convolver on the same impulse response, block size and input as
// Downbeat's PartitionedConvolver, and prints CPU seconds per second of stereo audio.
// Built and run by zita-ratio.sh; binaries are not committed.
//
// usage: zita_bench IR_LEFT.f32 IR_RIGHT.f32 INPUT.f32 RATE BLOCK SECONDS [OUTPUT.f32]
//   *.f32 are raw little-endian float32; INPUT holds two mono channels back to back.
#include <zita-convolver.h>
#include <sched.h>
#include <sys/resource.h>
#include <time.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

static std::vector<float> readFloats(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(2); }
    fseek(f, 0, SEEK_END);
    long bytes = ftell(f);
    fseek(f, 0, SEEK_SET);
    std::vector<float> data(bytes / 4);
    if (fread(data.data(), 4, data.size(), f) != data.size()) { fprintf(stderr, "%s: short read\n", path); exit(2); }
    fclose(f);
    return data;
}

static double cpuSeconds() {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage); // all threads, zita's background levels included
    return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec * 1e-6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec * 1e-6;
}

static double wallSeconds() {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    if (argc < 7) {
        fprintf(stderr, "usage: zita_bench IR_LEFT.f32 IR_RIGHT.f32 INPUT.f32 RATE BLOCK SECONDS [OUTPUT.f32]\n");
        return 2;
    }
    std::vector<float> irLeft = readFloats(argv[1]);
    std::vector<float> irRight = readFloats(argv[2]);
    std::vector<float> input = readFloats(argv[3]);
    double rate = atof(argv[4]);
    unsigned block = atoi(argv[5]);
    double seconds = atof(argv[6]);
    size_t inputFrames = input.size() / 2;
    unsigned irLength = irLeft.size() > irRight.size() ? irLeft.size() : irRight.size();

    Convproc convolver;
    unsigned minpart = block < Convproc::MINPART ? Convproc::MINPART : block;
    if (convolver.configure(2, 2, irLength, block, minpart, Convproc::MAXPART, 0.5f)) {
        fprintf(stderr, "zita configure failed\n");
        return 1;
    }
    convolver.impdata_create(0, 0, 1, irLeft.data(), 0, irLeft.size());
    convolver.impdata_create(1, 1, 1, irRight.data(), 0, irRight.size());
    if (convolver.start_process(0, SCHED_OTHER)) {
        fprintf(stderr, "zita start_process failed\n");
        return 1;
    }

    size_t blocks = (size_t) (seconds * rate / block);
    std::vector<float> output(argc > 7 ? 2 * blocks * block : 0);
    double sink = 0;
    auto run = [&](size_t count, bool keep) {
        for (size_t b = 0; b < count; b++) {
            size_t at = (b * block) % (inputFrames - block);
            memcpy(convolver.inpdata(0), &input[at], block * 4);
            memcpy(convolver.inpdata(1), &input[inputFrames + at], block * 4);
            convolver.process(true);
            float *l = convolver.outdata(0), *r = convolver.outdata(1);
            sink += l[0] + r[block - 1];
            if (keep && !output.empty()) {
                memcpy(&output[b * block], l, block * 4);
                memcpy(&output[blocks * block + b * block], r, block * 4);
            }
        }
    };
    double cpu0 = cpuSeconds(), wall0 = wallSeconds();
    run(blocks, true);
    double cpu = cpuSeconds() - cpu0, wall = wallSeconds() - wall0;
    convolver.stop_process();
    convolver.cleanup();
    if (!output.empty()) {
        FILE *f = fopen(argv[7], "wb");
        fwrite(output.data(), 4, output.size(), f);
        fclose(f);
    }
    double audio = (double) blocks * block / rate;
    printf("zita cpu_per_audio_second %.6f wall_per_audio_second %.6f (sink %g)\n", cpu / audio, wall / audio, sink);
    return 0;
}
