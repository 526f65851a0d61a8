/*
 * A small VST2 host that shows a plugin's editor the way Linux hosts do (Ardour, Bitwig, Reaper):
 * it makes an X11 top-level window with Xlib, opens the plugin (effOpen, mains on), asks the editor's
 * size (effEditGetRect), hands the window to effEditOpen, sizes the window to the rect, and runs an
 * event loop that calls effEditIdle. As in Ardour, the plugin is made on the main thread (which starts
 * the JVM) and the editor is driven from another thread (the host's UI thread), which the JVM only
 * knows once it calls in. Used by tests/stages/41-editor-embedded.sh under Xvfb.
 *
 *   vst2_editor_host PLUGIN.so
 *
 * It reads commands on stdin, one a line, and answers each on stdout with one line (flushed):
 *   open            effEditGetRect, effEditOpen(window), resize;  "opened window=0x.. rect=WxH"
 *   close           effEditClose;                                 "closed children=N"
 *   wait-child MS   runs the loop until the window has a child, then 0.5 s more;
 *                                                                 "child 0x.. WxH" or "no-child"
 *   resize WxH      resizes the window as a user resizing the plugin window; "resized child=WxH"
 *   size            "size window=WxH child=WxH"
 *   unmap, map      hides or shows the window without closing the editor (Ardour closing and
 *                   reopening its plugin window);                 "unmapped", "mapped"
 *   mimic-ardour on|off   fit the window to every configure event of its child plus 6 pixels, as
 *                   Ardour 7 does;                                "mimic-ardour on"
 *   destroy-window  destroys the window under the open editor, 1 s later effEditClose, then makes
 *                   a new window;                                 "recreated window=0x.."
 *   cycle N         N times: open, wait for the child, close, check it is gone;
 *                   "cycled N embedded=E gone=G" (E cycles showed a child, G left none behind)
 *   chunk FILE      effGetChunk, written to FILE;                 "chunk BYTES"
 *   stats           "stats threads=T children=C" (this process's threads, the window's descendants)
 *   quit            effEditClose if open, effClose;               "bye"
 * Anything the host notices goes to stderr; the exit status is 0 unless loading failed.
 */
#define _GNU_SOURCE
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/time.h>
#include <stdarg.h>
#include <time.h>
#include <unistd.h>

#include "../vst2_abi.h"

typedef AEffect *(*EntryPoint)(Vst2HostCallback);

static Display *display;
static Window window;
static AEffect *effect;
static int editor_open;
static int automations;
/* Fit the window to the editor's configure events as Ardour 7 does (see pump_x). */
static int mimic_ardour;
enum { ARDOUR_OFFSET = 6 };

static intptr_t host_callback(AEffect *e, int32_t opcode, int32_t index, intptr_t value, void *ptr, float opt) {
    (void)e, (void)index, (void)value, (void)opt;
    switch (opcode) {
        case audioMasterVersion: return 2400;
        case audioMasterAutomate: automations++; return 0;
        case audioMasterGetSampleRate: return 48000;
        case audioMasterGetBlockSize: return 512;
        case audioMasterGetCurrentProcessLevel: return kVstProcessLevelUser;
        case audioMasterGetVendorString: if (ptr) strcpy(ptr, "Downbeat tests"); return 1;
        case audioMasterGetProductString: if (ptr) strcpy(ptr, "vst2_editor_host"); return 1;
        default: return 0;
    }
}

static intptr_t dispatch(int32_t opcode, int32_t index, intptr_t value, void *ptr, float opt) {
    return effect->dispatcher(effect, opcode, index, value, ptr, opt);
}

/* A small top-level window: the editor's rect must make the host fit it, as real hosts do. */
static Window make_window(void) {
    int screen = DefaultScreen(display);
    Window w = XCreateSimpleWindow(display, RootWindow(display, screen), 0, 0, 200, 100, 0,
                                   BlackPixel(display, screen), 0x303030);
    XStoreName(display, w, "vst2_editor_host");
    XClassHint class_hint = {"vst2_editor_host", "Vst2EditorHost"};
    XSetClassHint(display, w, &class_hint);
    XSelectInput(display, w, StructureNotifyMask | SubstructureNotifyMask);
    XMapWindow(display, w);
    XSync(display, False);
    return w;
}

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Handles pending X events of our own connection (the plugin has its own). */
static void pump_x(void) {
    while (XPending(display)) {
        XEvent ev;
        XNextEvent(display, &ev);
        /* Ardour's LXVST loop takes any ConfigureNotify its plugin window gets, its child's too, as
         * the plugin resizing its UI, and fits the window to it plus its own offsets. */
        if (mimic_ardour && ev.type == ConfigureNotify && ev.xconfigure.event == window && ev.xconfigure.window != window)
            XResizeWindow(display, window, (unsigned)ev.xconfigure.width, (unsigned)ev.xconfigure.height + ARDOUR_OFFSET);
    }
}

/* One turn of the loop: X events, then effEditIdle as hosts send it (every ~20 ms). */
static void idle_for(double ms) {
    double end = now_ms() + ms;
    do {
        pump_x();
        if (editor_open) dispatch(effEditIdle, 0, 0, NULL, 0.0f);
        usleep(10000);
    } while (now_ms() < end);
}

static int count_descendants(Window w) {
    Window root, parent, *children = NULL;
    unsigned int n = 0;
    if (!XQueryTree(display, w, &root, &parent, &children, &n)) return 0;
    int total = (int)n;
    for (unsigned int i = 0; i < n; i++) total += count_descendants(children[i]);
    if (children) XFree(children);
    return total;
}

static Window first_child(Window w) {
    Window root, parent, *children = NULL, child = 0;
    unsigned int n = 0;
    if (XQueryTree(display, w, &root, &parent, &children, &n) && n > 0) child = children[0];
    if (children) XFree(children);
    return child;
}

static int thread_count(void) {
    DIR *d = opendir("/proc/self/task");
    if (!d) return -1;
    int n = 0;
    for (struct dirent *e; (e = readdir(d));) if (e->d_name[0] != '.') n++;
    closedir(d);
    return n;
}

static void editor_open_now(int *width, int *height) {
    ERect *rect = NULL;
    *width = *height = 0;
    if (dispatch(effEditGetRect, 0, 0, &rect, 0.0f) && rect) {
        *width = rect->right - rect->left;
        *height = rect->bottom - rect->top;
    }
    XSync(display, False); /* the window exists on the server before the plugin uses its id */
    dispatch(effEditOpen, 0, 0, (void *)(uintptr_t)window, 0.0f);
    editor_open = 1;
    /* Hosts ask again after opening (the editor may know its size only now), then fit the window. */
    if (dispatch(effEditGetRect, 0, 0, &rect, 0.0f) && rect) {
        *width = rect->right - rect->left;
        *height = rect->bottom - rect->top;
    }
    if (*width > 0 && *height > 0) XResizeWindow(display, window, (unsigned)*width, (unsigned)*height);
    XFlush(display);
}

static void editor_close_now(void) {
    if (!editor_open) return;
    dispatch(effEditClose, 0, 0, NULL, 0.0f);
    editor_open = 0;
    XSync(display, False);
}

/* Runs the loop until the window has a child (the editor's), at most ms; returns it or 0. */
static Window wait_child(double ms) {
    double end = now_ms() + ms;
    for (;;) {
        Window c = first_child(window);
        if (c || now_ms() >= end) return c;
        idle_for(20);
    }
}

static void answer(const char *format, ...) __attribute__((format(printf, 1, 2)));
static void answer(const char *format, ...) {
    va_list args;
    va_start(args, format);
    vprintf(format, args);
    va_end(args);
    putchar('\n');
    fflush(stdout);
}

/* Returns 0 on quit. */
static int run_command(char *line) {
    char arg[4096] = "";
    char verb[32] = "";
    if (sscanf(line, "%31s %4095[^\n]", verb, arg) < 1) return 1;
    if (!strcmp(verb, "open")) {
        int w, h;
        editor_open_now(&w, &h);
        answer("opened window=0x%lx rect=%dx%d", (unsigned long)window, w, h);
    } else if (!strcmp(verb, "close")) {
        editor_close_now();
        idle_for(50);
        answer("closed children=%d", count_descendants(window));
    } else if (!strcmp(verb, "wait-child")) {
        Window c = wait_child(atof(arg) > 0 ? atof(arg) : 10000);
        if (c) idle_for(500); /* let the editor size its window, as a user would see it */
        XWindowAttributes a;
        if (c && XGetWindowAttributes(display, c, &a)) answer("child 0x%lx %dx%d", (unsigned long)c, a.width, a.height);
        else answer("no-child");
    } else if (!strcmp(verb, "resize")) {
        unsigned w = 0, h = 0;
        if (sscanf(arg, "%ux%u", &w, &h) != 2 || !w || !h) {
            answer("bad size %s", arg);
            return 1;
        }
        XResizeWindow(display, window, w, h);
        XSync(display, False);
        idle_for(1000); /* the editor looks at its parent's size every 200 ms */
        Window c = first_child(window);
        XWindowAttributes a;
        if (c && XGetWindowAttributes(display, c, &a)) answer("resized child=%dx%d", a.width, a.height);
        else answer("resized no-child");
    } else if (!strcmp(verb, "unmap") || !strcmp(verb, "map")) {
        /* As Ardour does when the user closes its plugin window: unmapped, no effEditClose. */
        if (!strcmp(verb, "map")) XMapWindow(display, window);
        else XUnmapWindow(display, window);
        XSync(display, False);
        idle_for(1000);
        answer("%sped", verb);
    } else if (!strcmp(verb, "mimic-ardour")) {
        mimic_ardour = !strcmp(arg, "on");
        answer("mimic-ardour %s", mimic_ardour ? "on" : "off");
    } else if (!strcmp(verb, "size")) {
        idle_for(100);
        XWindowAttributes a, b;
        Window c = first_child(window);
        XGetWindowAttributes(display, window, &a);
        if (c && XGetWindowAttributes(display, c, &b)) answer("size window=%dx%d child=%dx%d", a.width, a.height, b.width, b.height);
        else answer("size window=%dx%d no-child", a.width, a.height);
    } else if (!strcmp(verb, "destroy-window")) {
        /* A badly behaved host: its window goes while the editor is open; effEditClose comes later. */
        XDestroyWindow(display, window);
        XSync(display, False);
        idle_for(1000);
        editor_close_now();
        window = make_window();
        answer("recreated window=0x%lx", (unsigned long)window);
    } else if (!strcmp(verb, "cycle")) {
        int n = atoi(arg), embedded = 0, gone = 0;
        for (int i = 0; i < n; i++) {
            int w, h;
            editor_open_now(&w, &h);
            if (wait_child(10000)) embedded++;
            idle_for(40);
            editor_close_now();
            pump_x();
            if (count_descendants(window) == 0) gone++;
            else fprintf(stderr, "vst2_editor_host: cycle %d left %d windows in the host's window\n", i, count_descendants(window));
        }
        answer("cycled %d embedded=%d gone=%d", n, embedded, gone);
    } else if (!strcmp(verb, "chunk")) {
        void *data = NULL;
        intptr_t size = dispatch(effGetChunk, 0, 0, &data, 0.0f);
        FILE *f = size > 0 && data ? fopen(arg, "wb") : NULL;
        if (f) {
            fwrite(data, 1, (size_t)size, f);
            fclose(f);
        }
        answer("chunk %ld", f ? (long)size : -1L);
    } else if (!strcmp(verb, "stats")) {
        answer("stats threads=%d children=%d", thread_count(), count_descendants(window));
    } else if (!strcmp(verb, "quit")) {
        return 0;
    } else {
        answer("unknown %s", verb);
    }
    return 1;
}

/* The host's UI thread: X events, effEditIdle and the commands on stdin, until quit or end of input. */
static void *ui_loop(void *unused) {
    (void)unused;
    dispatch(effOpen, 0, 0, NULL, 0.0f);
    dispatch(effSetSampleRate, 0, 0, NULL, 48000.0f);
    dispatch(effSetBlockSize, 0, 512, NULL, 0.0f);
    dispatch(effMainsChanged, 0, 1, NULL, 0.0f);
    answer("ready window=0x%lx", (unsigned long)window);
    char buffer[8192];
    size_t used = 0;
    int running = 1;
    while (running) {
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(0, &fds);
        FD_SET(ConnectionNumber(display), &fds);
        struct timeval timeout = {0, 20000};
        int ready = select(ConnectionNumber(display) + 1, &fds, NULL, NULL, &timeout);
        if (ready < 0 && errno != EINTR) break;
        pump_x();
        if (editor_open) dispatch(effEditIdle, 0, 0, NULL, 0.0f);
        if (ready > 0 && FD_ISSET(0, &fds)) {
            ssize_t n = read(0, buffer + used, sizeof buffer - 1 - used);
            if (n <= 0) break; /* stdin closed: quit */
            used += (size_t)n;
            buffer[used] = '\0';
            char *start = buffer, *end;
            while (running && (end = strchr(start, '\n'))) {
                *end = '\0';
                running = run_command(start);
                start = end + 1;
            }
            used = strlen(start);
            memmove(buffer, start, used);
        }
    }
    editor_close_now();
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: vst2_editor_host PLUGIN.so  (commands on stdin, see the source)\n");
        return 2;
    }
    display = XOpenDisplay(NULL);
    if (!display) {
        fprintf(stderr, "vst2_editor_host: cannot open the X display\n");
        return 1;
    }
    window = make_window();

    void *library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    EntryPoint entry = library ? (EntryPoint)dlsym(library, "VSTPluginMain") : NULL;
    if (!entry) {
        fprintf(stderr, "vst2_editor_host: cannot load %s: %s\n", argv[1], library ? "no VSTPluginMain" : dlerror());
        return 1;
    }
    effect = entry(host_callback);
    if (!effect || effect->magic != VST2_MAGIC) {
        fprintf(stderr, "vst2_editor_host: VSTPluginMain gave no effect\n");
        return 1;
    }
    if (!(effect->flags & effFlagsHasEditor)) {
        fprintf(stderr, "vst2_editor_host: the plugin has no editor\n");
        return 1;
    }
    /* The editor runs on a thread the JVM did not start, as in Ardour: its first call into Java
     * attaches it, and AWT's event thread is then started from an attached native thread. */
    pthread_t ui;
    if (pthread_create(&ui, NULL, ui_loop, NULL) != 0) {
        fprintf(stderr, "vst2_editor_host: cannot start the UI thread\n");
        return 1;
    }
    pthread_join(ui, NULL);
    editor_close_now();
    dispatch(effMainsChanged, 0, 0, NULL, 0.0f);
    dispatch(effClose, 0, 0, NULL, 0.0f);
    answer("bye");
    XDestroyWindow(display, window);
    XCloseDisplay(display);
    /* The JVM inside stays loaded (it cannot be unloaded): leave without running its atexit work. */
    fflush(stdout);
    _exit(0);
}
