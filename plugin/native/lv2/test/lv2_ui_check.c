/*
 * Loads the bundle's downbeat_ui.so the way an LV2 host does and checks that it refuses what it
 * cannot work with, returning NULL (no crash) before it touches Java or X11: a host without
 * instance-access, an instance-access handle that is not a Downbeat instance, a host without
 * ui:parent. tests/stages/32-lv2-ui.sh then checks the log explains each refusal.
 * Usage: lv2_ui_check BUNDLE_DIR. Exit 0 when every check passed.
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <lv2/instance-access/instance-access.h>
#include <lv2/ui/ui.h>

#include "../lv2_instance.h"

static int failures;

static void check(int ok, const char *what) {
    printf("%s: %s\n", ok ? "ok" : "FAIL", what);
    if (!ok) failures++;
}

static void write_nothing(LV2UI_Controller c, uint32_t port, uint32_t size, uint32_t protocol, const void *buffer) {
    (void)c, (void)port, (void)size, (void)protocol, (void)buffer;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s BUNDLE_DIR\n", argv[0]);
        return 2;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/downbeat_ui.so", argv[1]);
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        fprintf(stderr, "cannot load %s: %s\n", path, dlerror());
        return 1;
    }
    LV2UI_DescriptorFunction entry = (LV2UI_DescriptorFunction)dlsym(lib, "lv2ui_descriptor");
    check(entry != NULL, "downbeat_ui.so exports lv2ui_descriptor");
    if (!entry) return 1;
    const LV2UI_Descriptor *d = entry(0);
    check(d && strcmp(d->URI, "https://downbeat.dev/plugins/downbeat#ui") == 0, "descriptor 0 is https://downbeat.dev/plugins/downbeat#ui");
    check(entry(1) == NULL, "there is exactly one descriptor");
    if (!d) return 1;
    check(d->extension_data && d->extension_data(LV2_UI__idleInterface) != NULL, "it offers ui:idleInterface");
    check(d->extension_data && d->extension_data(LV2_UI__showInterface) == NULL, "it does not claim ui:showInterface");

    const char *uri = "https://downbeat.dev/plugins/downbeat";
    LV2UI_Widget widget = NULL;
    intptr_t parent_id = 0x1234;
    LV2_Feature parent = {LV2_UI__parent, (void *)parent_id};

    const LV2_Feature *only_parent[] = {&parent, NULL};
    check(d->instantiate(d, uri, argv[1], write_nothing, NULL, &widget, only_parent) == NULL,
          "no instance-access: refused");

    /* Something that is not a Downbeat instance (another plugin's handle). */
    struct { uint32_t tag; void *plugin; } stranger = {0x12345678u, NULL};
    LV2_Feature foreign = {LV2_INSTANCE_ACCESS_URI, &stranger};
    const LV2_Feature *foreign_features[] = {&foreign, &parent, NULL};
    check(d->instantiate(d, uri, argv[1], write_nothing, NULL, &widget, foreign_features) == NULL,
          "a handle that is not a Downbeat instance: refused");

    /* A Downbeat-looking instance but no window to embed into: refused before Java is asked. */
    DownbeatInstance instance = {DOWNBEAT_INSTANCE_TAG, (jobject)(intptr_t)1};
    LV2_Feature access = {LV2_INSTANCE_ACCESS_URI, &instance};
    const LV2_Feature *no_parent[] = {&access, NULL};
    check(d->instantiate(d, uri, argv[1], write_nothing, NULL, &widget, no_parent) == NULL, "no ui:parent: refused");

    const LV2_Feature *all[] = {&access, &parent, NULL};
    check(d->instantiate(d, "http://example.org/another-plugin", argv[1], write_nothing, NULL, &widget, all) == NULL,
          "another plugin's URI: refused");
    return failures ? 1 : 0;
}
