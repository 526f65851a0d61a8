# Sourced by the stages that run Ardour 7's GUI (32-lv2-ui, 46-ardour-editor).
# write_ardour_gui_config DIR: Ardour's own settings in DIR (its XDG config folder): no first-run
# wizard (.a7), no memory-lock warning, and the dummy backend started at once when a session opens
# (try-autostart-engine with a remembered dummy state), so the GUI comes up with no dialog to click.
write_ardour_gui_config() {
  local dir=$1
  mkdir -p "$dir"
  touch "$dir/.a7"
  echo '<instant><no-memory-warning/></instant>' >"$dir/instant.xml"
  cat >"$dir/config" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<Ardour>
  <Config>
    <Option name="try-autostart-engine" value="1"/>
    <Option name="hide-dummy-backend" value="0"/>
  </Config>
  <Extra>
    <AudioMIDISetup>
      <EngineStates>
        <State backend="None (Dummy)" driver="Normal Speed" device="Silence" input-device="Silence" output-device="Silence" sample-rate="48000" buffer-size="1024" n-periods="0" input-latency="0" output-latency="0" active="1" use-buffered-io="0" midi-option="No MIDI I/O"/>
      </EngineStates>
    </AudioMIDISetup>
  </Extra>
</Ardour>
XML
}
