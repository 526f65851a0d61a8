# Sourced by the stages that run a GUI host under Xvfb (32-lv2-ui, 46-ardour-editor).
# start_openbox DIR: a window manager (XDnD and transient windows need managed windows) that leaves
# every window undecorated, so the geometry X reports is where the host's content is; its config and
# log go to DIR. Appends openbox's pid to the caller's pids array, for the caller's cleanup.
start_openbox() {
  local dir=$1
  cat >"$dir/openbox.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<openbox_config xmlns="http://openbox.org/3.4/rc">
  <keyboard><keybind key="A-F4"><action name="Close"/></keybind></keyboard>
  <applications><application class="*"><decor>no</decor></application></applications>
</openbox_config>
XML
  openbox --config-file "$dir/openbox.xml" >"$dir/openbox.log" 2>&1 &
  pids+=($!)
}
