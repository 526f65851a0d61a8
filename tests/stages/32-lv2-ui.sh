#!/usr/bin/env bash
# Downbeat's LV2 UI (ui:X11UI, downbeat_ui.so) in a real host:
#  1. lilv lists the UI with the plugin (lv2info), and the UI library alone refuses a host without
#     instance-access, a foreign instance handle, a host without ui:parent, with a line in the log;
#  2. jalv.gtk3 (suil's X11-in-GTK3 wrapper) on a dummy JACK server opens the editor embedded in
#     its window: the editor's window is a child of jalv's, and a screenshot shows the default
#     seed's cells lit and the empty ones dark;
#  3. a drag of the Temperature slider reaches the host's control port (write_function): jalv's
#     saved state (File > Save) holds the new temperature;
#  4. a host-side change reaches the editor (port_event): jalv applies a preset with swing 40 % and
#     the editor's Swing slider follows;
#  5. closing jalv's window ends jalv cleanly (exit 0), and the log holds no Java exception;
#  6. a C host of the tests' own (plugin/native/lv2/test/lv2_ui_host.c) opens and closes the UI 100
#     times while the plugin runs: each time the editor embeds in the widget and cleanup leaves no
#     window; threads, open files and the display's windows do not grow;
#  7. Ardour 7's GUI (suil's X11-in-GTK2 wrapper) on a session with the LV2 Downbeat: a double-click in
#     the mixer strip opens Ardour's plugin window with the editor inside it, the default seed on
#     screen; a Temperature drag reaches Ardour's port (the saved session holds the new value).
# Where the editor's cells and sliders are on screen comes from a Java agent of the tests'
# (EmbeddedEditorProbe) that the stage gives the host's JVM through jvm.conf.
# Self-contained: own X server (xvfb-run -a), window manager (openbox), JACK server, temp HOME.
set -uo pipefail
root=${DOWNBEAT_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
uri=https://downbeat.dev/plugins/downbeat
lv2="$root/plugin/target/lv2"
bundle="$lv2/downbeat.lv2"

if [ -z "${DOWNBEAT_LV2_UI_IN_XVFB:-}" ]; then
  for tool in xvfb-run xdotool import openbox jalv.gtk3 jackd lv2info; do
    command -v "$tool" >/dev/null || { echo "32-lv2-ui: $tool is missing (test.sh installs jalv xvfb xdotool imagemagick openbox jackd2 lilv-utils)"; exit 1; }
  done
  if [ ! -f "$bundle/downbeat_ui.so" ] || [ ! -f "$bundle/downbeat.ttl" ]; then
    echo "building the plugin (no $bundle/downbeat_ui.so yet)"
    (cd "$root" && nice -n 10 mvn -q -B -ntp -o -pl plugin -am package -DskipTests) || { echo "build failed"; exit 1; }
  fi
  probe="$root/plugin/target/test-classes/dev/downbeat/plugin/editor/EmbeddedEditorProbe.class"
  if [ ! -f "$probe" ]; then
    (cd "$root" && nice -n 10 mvn -q -B -ntp -o -pl plugin test-compile) || { echo "test-compile failed"; exit 1; }
  fi
  work=$(mktemp -d /tmp/downbeat-lv2-ui.XXXXXX)
  # A copy of the bundle, so a rebuild while the stage runs changes nothing under the hosts.
  mkdir -p "$work/lv2" && cp -r "$bundle" "$work/lv2/" || { echo "32-lv2-ui: cannot copy $bundle"; exit 1; }
  # The probe agent: two test classes in a jar of their own (the host's JVM loads it beside the bundle's jars).
  mkdir -p "$work/agent/dev/downbeat/plugin/editor"
  cp "$root/plugin/target/test-classes/dev/downbeat/plugin/editor/"{EmbeddedEditorProbe,EditorProbe}.class "$work/agent/dev/downbeat/plugin/editor/" \
    || { echo "32-lv2-ui: the probe classes are missing"; exit 1; }
  mkdir -p "$work/check/dev/downbeat/plugin/editor"
  cp "$root/plugin/target/test-classes/dev/downbeat/plugin/editor/ScreenshotCheck.class" "$work/check/dev/downbeat/plugin/editor/" \
    || { echo "32-lv2-ui: the screenshot check class is missing"; exit 1; }
  printf 'Premain-Class: dev.downbeat.plugin.editor.EmbeddedEditorProbe\n' >"$work/agent.mf"
  jar cfm "$work/probe.jar" "$work/agent.mf" -C "$work/agent" dev || { echo "32-lv2-ui: cannot make the probe jar"; exit 1; }
  make -s -C "$root/plugin/native/lv2" ui-check ui-host TEST_OUT="$work/bin" >/dev/null \
    || { echo "32-lv2-ui: cannot build lv2_ui_check and lv2_ui_host"; exit 1; }
  export DOWNBEAT_LV2_UI_WORK=$work DOWNBEAT_LV2_UI_IN_XVFB=1
  command -v ardour >/dev/null && command -v ardour7-lua >/dev/null || { echo "32-lv2-ui: ardour is missing (test.sh installs it)"; exit 1; }
  status=0
  xvfb-run -a -s "-screen 0 1600x1000x24" bash "$0" || status=$?
  [ "$status" -eq 0 ] && rm -rf "$work" || echo "32-lv2-ui: evidence kept in $work"
  exit "$status"
fi

# --- inside the X server ---
W=$DOWNBEAT_LV2_UI_WORK
lv2="$W/lv2"
bundle="$lv2/downbeat.lv2"
export HOME=$W/home XDG_CONFIG_HOME=$W/config XDG_CACHE_HOME=$W/cache XDG_STATE_HOME=$W/state
mkdir -p "$HOME/.lv2" "$XDG_CONFIG_HOME/downbeat" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
export LV2_PATH="$lv2:$HOME/.lv2:/usr/lib/lv2"
log="$XDG_STATE_HOME/downbeat/downbeat.log"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
}
trap cleanup EXIT
fail=0
step() { echo "--- $* (at ${SECONDS}s)"; }
bad() { echo "FAIL: $*"; fail=1; }
finish() { [ "$fail" -eq 0 ] && echo "32-lv2-ui: all checks passed" || echo "32-lv2-ui: FAILED"; exit "$fail"; }

step "lv2info lists the UI"
info=$(lv2info "$uri" 2>&1)
uis=$(echo "$info" | sed -n '/^\tUIs:/,/^\tData URIs:/p')
echo "$uis" | grep -q "$uri#ui" || bad "lv2info: no UI $uri#ui"
echo "$uis" | grep -q "Class: *http://lv2plug.in/ns/extensions/ui#X11UI" || bad "lv2info: the UI is not an X11UI"
echo "$uis" | grep -q "Binary: *file://.*/downbeat_ui.so" || bad "lv2info: the UI's binary is not downbeat_ui.so"
echo "$uis" | sed -n 2,4p
ttl="$bundle/downbeat.ttl"
grep -q "lv2:requiredFeature <http://lv2plug.in/ns/ext/instance-access>, ui:parent, ui:idleInterface" "$ttl" \
  && grep -q "lv2:extensionData ui:idleInterface" "$ttl" && grep -q "lv2:optionalFeature ui:resize, ui:touch, ui:noUserResize" "$ttl" \
  || bad "downbeat.ttl does not declare the UI's features"

step "the UI library refuses hosts it cannot work with"
"$W/bin/lv2_ui_check" "$bundle" || bad "lv2_ui_check"
for message in "did not provide the feature <http://lv2plug.in/ns/ext/instance-access>" \
               "instance-access handle is not a running Downbeat instance" \
               "did not provide <http://lv2plug.in/ns/extensions/ui#parent>"; do
  grep -qF "$message" "$log" 2>/dev/null || bad "the log does not explain a refusal (\"$message\")"
done
: >"$log"

# A preset of our own for step 4: only a port value, swing 40 %.
mkdir -p "$HOME/.lv2/downbeat-ui-test.lv2"
cat >"$HOME/.lv2/downbeat-ui-test.lv2/manifest.ttl" <<TTL
@prefix lv2:  <http://lv2plug.in/ns/lv2core#> .
@prefix pset: <http://lv2plug.in/ns/ext/presets#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:downbeat:ui-test-swing> a pset:Preset ; lv2:appliesTo <$uri> ; rdfs:label "UI test swing" ; rdfs:seeAlso <swing.ttl> .
TTL
cat >"$HOME/.lv2/downbeat-ui-test.lv2/swing.ttl" <<TTL
@prefix lv2:  <http://lv2plug.in/ns/lv2core#> .
@prefix pset: <http://lv2plug.in/ns/ext/presets#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:downbeat:ui-test-swing> a pset:Preset ; lv2:appliesTo <$uri> ; rdfs:label "UI test swing" ;
  lv2:port [ lv2:symbol "swing" ; pset:value 40.0 ] .
TTL

# The probe agent in the host's JVM (jvm_boot reads option= lines of jvm.conf).
echo "option=-javaagent:$W/probe.jar=$W/layout.txt" >"$XDG_CONFIG_HOME/downbeat/jvm.conf"

. "$root/tests/stages/lib/openbox.sh"
start_openbox "$W"

export JACK_DEFAULT_SERVER="downbeat-lv2-ui-$$" JACK_NO_START_SERVER=1 JACK_NO_AUDIO_RESERVATION=1
if ! pgrep -x jackd >/dev/null 2>&1; then
  rm -rf /dev/shm/jack-* /dev/shm/jack_sem.* /dev/shm/jack_db-* 2>/dev/null || true
fi
jackd -n "$JACK_DEFAULT_SERVER" -d dummy -r 48000 -p 256 >"$W/jackd.log" 2>&1 & pids+=($!)
for _ in $(seq 50); do jack_lsp >/dev/null 2>&1 && break; sleep 0.2; done
jack_lsp >/dev/null 2>&1 || { bad "the dummy JACK server did not start"; cat "$W/jackd.log"; finish; }

# Step 7, run after jalv: the session is made headlessly (ardour7-lua, the script below), Ardour's
# GUI starts on it with no dialog (no first-run wizard, the dummy backend autostarted).
drag_temperature() {  # drags the Temperature slider of the layout file $1 a fifth of its width to the right
  local sx sy sw
  read -r sx sy sw < <(awk '$1=="slider" && $2=="Temperature" {print $3, $4, $5}' "$1")
  [ -n "${sw:-}" ] || { bad "no Temperature slider in $1"; return 1; }
  # Temperature 1.0 of 0..2: the thumb sits in the middle.
  xdotool mousemove "$sx" "$sy" mousedown 1
  for i in $(seq 1 8); do xdotool mousemove $((sx + sw * i / 40)) "$sy"; sleep 0.05; done
  xdotool mouseup 1
  sleep 1
}
ardour_step() {
  local A=$W/ardour session ardour main="" plugin="" colour r g before after
  mkdir -p "$A"
  cat >"$A/session.lua" <<'LUA'
-- 120 bpm, one MIDI track "drums" with the LV2 Downbeat (found through LV2_PATH), saved in DB_SESSION_DIR.
AudioEngine:set_backend("None (Dummy)", "", "")
local s = create_session(os.getenv("DB_SESSION_DIR"), "downbeat", 48000)
assert(s, "could not create the session")
local tm = Temporal.TempoMap.write_copy()
tm:set_tempo(Temporal.Tempo(120, 120, 4), Temporal.timepos_t(0))
Temporal.TempoMap.update(tm)
local pi = ARDOUR.LuaAPI.new_plugin_info("Downbeat", ARDOUR.PluginType.LV2)
assert(not pi:isnil(), "Ardour does not know the LV2 plugin Downbeat (not on LV2_PATH)")
local tl = s:new_midi_track(ARDOUR.ChanCount(ARDOUR.DataType("midi"), 1), ARDOUR.ChanCount(ARDOUR.DataType("audio"), 2),
    true, pi, nil, nil, 1, "drums", ARDOUR.PresentationInfo.max_order, ARDOUR.TrackMode.Normal, true)
assert(tl:size() == 1 and not tl:front():nth_plugin(0):isnil(), "the track has no Downbeat")
s:save_state("", false, false, false)
print("saved")
close_session()
quit()
LUA
  rm -f "$XDG_CONFIG_HOME/downbeat/jvm.conf"  # no probe in the headless session maker
  for attempt in 1 2 3; do  # Ardour 7.3's headless runs sometimes abort in setup or teardown: judge by the file
    rm -rf "$A/session"
    DB_SESSION_DIR="$A/session" LV2_PATH="$LV2_PATH:/usr/lib/ardour7/LV2" timeout 120 \
      ardour7-lua "$A/session.lua" >"$A/session.out" 2>&1
    grep -q '^saved' "$A/session.out" && [ -f "$A/session/downbeat.ardour" ] && break
  done
  session="$A/session/downbeat.ardour"
  [ -f "$session" ] || { bad "ardour7-lua made no session with the LV2 Downbeat"; tail -5 "$A/session.out"; return; }
  echo "option=-javaagent:$W/probe.jar=$A/layout.txt" >"$XDG_CONFIG_HOME/downbeat/jvm.conf"
  mkdir -p "$XDG_CONFIG_HOME/ardour7"
  . "$root/tests/stages/lib/ardour-gui-config.sh"
  write_ardour_gui_config "$XDG_CONFIG_HOME/ardour7"
  ARDOUR_TRY_AUTOSTART_ENGINE=1 LV2_PATH="$LV2_PATH:/usr/lib/ardour7/LV2" ardour --no-announcements --no-splash "$session" \
    >"$A/ardour.log" 2>&1 &
  ardour=$!; pids+=($ardour)
  for _ in $(seq 360); do main=$(xdotool search --onlyvisible --name '^downbeat - Ardour$' 2>/dev/null | head -1); [ -n "$main" ] && break; sleep 0.25; done
  [ -n "$main" ] || { bad "Ardour's main window did not open"; tail -5 "$A/ardour.log"; kill "$ardour"; return; }
  xdotool windowmove "$main" 0 0; sleep 3
  for attempt in 1 2 3; do
    xdotool windowactivate --sync "$main" 2>/dev/null; xdotool mousemove 1326 72 click 1; sleep 2   # the Mix window
    import -window root "$A/mixer.png"
    # The first processor of the first strip: a plugin's entry is painted red-brown.
    colour=$(convert "$A/mixer.png" -crop 1x1+372+186 -depth 8 txt: | grep -o '#[0-9A-Fa-f]\{6\}' | head -1)
    r=$((16#${colour:1:2})); g=$((16#${colour:3:2}))
    [ $((r - g)) -ge 30 ] || { echo "attempt $attempt: no plugin entry at 372,186 ($colour)"; continue; }
    xdotool mousemove 372 186 click --repeat 2 --delay 80 1
    for _ in $(seq 120); do plugin=$(xdotool search --onlyvisible --name '^drums: Downbeat' 2>/dev/null | head -1); [ -n "$plugin" ] && break; sleep 0.25; done
    [ -n "$plugin" ] && break
  done
  if [ -z "$plugin" ]; then bad "double-clicking Downbeat in Ardour's mixer strip opened no plugin window"; kill "$ardour"; return; fi
  for _ in $(seq 300); do [ -s "$A/layout.txt" ] && break; sleep 0.2; done
  [ -s "$A/layout.txt" ] || { bad "the editor did not show in Ardour's plugin window"; tail -3 "$log"; kill "$ardour"; return; }
  xwininfo -tree -id "$plugin" >"$A/plugin-window.txt" 2>&1
  # Ardour's plugin window > ... > the UI's window "Downbeat" > AWT's embedded frame.
  awk '/"Downbeat": \(\)/ {ui=1; next} ui && /"JavaEmbeddedFrame"/ {found=1} END {exit !found}' "$A/plugin-window.txt" \
    || { bad "the editor is not inside the UI's window in Ardour's plugin window"; cat "$A/plugin-window.txt" | head -20; }
  echo "Ardour's plugin window $(printf 0x%x "$plugin"): $(grep -o '"Downbeat": ()  [0-9x+]*' "$A/plugin-window.txt" | head -1), embedded frame inside"
  sleep 1
  import -window root "$A/editor.png"
  grep '^seed [0-9]* [0-9]* ' "$A/layout.txt" >"$A/seed-cells.txt"
  java -cp "$CP" dev.downbeat.plugin.editor.ScreenshotCheck "$A/editor.png" "$A/seed-cells.txt" "$W/expected.txt" \
    || bad "the screenshot of the editor in Ardour does not show the default seed"
  before=$(grep -o '<Port symbol="temperature" value="[^"]*"' "$session" | head -1)
  drag_temperature "$A/layout.txt"
  xdotool windowactivate --sync "$main" 2>/dev/null; sleep 0.5; xdotool key ctrl+s; sleep 3   # Session > Save
  after=$(grep -o '<Port symbol="temperature" value="[^"]*"' "$session" | head -1)
  echo "Ardour's saved temperature: ${before:-none} -> ${after:-none}"
  awk -v t="$(echo "$after" | sed 's/.*value="\([^"]*\)"/\1/')" 'BEGIN {exit !(t > 1.2 && t <= 2.0)}' \
    || bad "Ardour's temperature port did not follow the drag in the LV2 UI"
  kill "$ardour" 2>/dev/null
  for _ in $(seq 40); do kill -0 "$ardour" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$ardour" 2>/dev/null; wait "$ardour" 2>/dev/null  # Ardour's teardown is not judged (hosts.md)
  rm -f "$XDG_CONFIG_HOME/downbeat/jvm.conf"
  if grep -n -E "Exception|^\s+at [a-z]" "$log" >/dev/null; then
    bad "a Java exception in the log with Ardour:"; grep -n -E -A3 "Exception" "$log" | head -20
  fi
}

step "jalv.gtk3 opens the editor inside its window"
jalv.gtk3 --print-controls --jack-name downbeat "$uri" >"$W/jalv.log" 2>&1 & jalv=$!; pids+=($jalv)
for _ in $(seq 300); do [ -s "$W/layout.txt" ] && break; kill -0 "$jalv" 2>/dev/null || break; sleep 0.2; done
if [ ! -s "$W/layout.txt" ]; then
  bad "the editor did not show in jalv within 60 s"; tail -20 "$W/jalv.log"; cat "$log" 2>/dev/null; finish
fi
top=""
for w in $(xdotool search --pid "$jalv" --name '^Downbeat$' 2>/dev/null); do
  [ -n "$(xprop -id "$w" WM_STATE 2>/dev/null | grep -i normal)" ] && top=$w
done
ui_window=$(sed -n 's/.*The editor is embedded in the host.s window 0x\([0-9a-f]*\).*/\1/p' "$log" | tail -1)
if [ -z "$ui_window" ]; then
  bad "the editor did not embed (log: $(grep -i editor "$log" | tail -1))"
else
  # The window the editor sits in is downbeat_ui.so's, named Downbeat, inside jalv's top-level window.
  id=$((16#$ui_window))
  [ "$(xdotool getwindowname "$id" 2>/dev/null)" = "Downbeat" ] || bad "window 0x$ui_window is not the UI's window"
  [ -n "$top" ] && xwininfo -id "$top" -tree 2>/dev/null | grep -q "0x$ui_window " \
    || bad "the UI's window 0x$ui_window is not inside jalv's window ${top:-(none found)}"
  echo "jalv's window $(printf 0x%x "${top:-0}") holds the UI's window 0x$ui_window; $(xdotool getwindowgeometry "$id" | tr '\n' ' ')"
fi
sleep 1
import -window root "$W/editor.png"
# The default seed (shared/seed/README.md): 10 steps [0,2] [0] [2,5,8] [] [2,5,8] [] [0,2,5,8] [4,5,8] [] [0,5,8],
# as voice bitmasks, the rest of the 32 seed steps empty.
{
  echo "seedLength 10"
  echo "seed 5,1,292,0,292,0,293,304,0,289$(printf ',0%.0s' $(seq 22))"
} >"$W/expected.txt"
grep "^seed " "$W/layout.txt" | grep -q "^seed 5,1,292,0,292,0,293,304,0,289," || bad "the editor in jalv does not hold the default seed: $(grep '^seed ' "$W/layout.txt")"
grep '^seed [0-9]* [0-9]* ' "$W/layout.txt" >"$W/seed-cells.txt"
CP="$W/check:$bundle/lib/*"
java -cp "$CP" dev.downbeat.plugin.editor.ScreenshotCheck "$W/editor.png" "$W/seed-cells.txt" "$W/expected.txt" \
  || bad "the screenshot of the editor in jalv does not show the default seed"

step "a Temperature drag reaches the host's port"
drag_temperature "$W/layout.txt"
eval "$(xdotool getwindowgeometry --shell "$top")"
menu() {  # opens jalv's menu $1 (x offset of its title in the menu bar), then picks item $2 (1 = first)
  xdotool mousemove $((X + $1)) $((Y + 10)) click 1; sleep 0.8
  for _ in $(seq "$2"); do xdotool key Down; sleep 0.1; done
  xdotool key Return; sleep 1
}
menu 16 1   # File > Save
dialog=""
for _ in $(seq 25); do dialog=$(xdotool search --name '^Save State$' 2>/dev/null | head -1); [ -n "$dialog" ] && break; sleep 0.2; done
if [ -z "$dialog" ]; then
  bad "jalv's Save State dialog did not open"
else
  xdotool windowfocus --sync "$dialog" 2>/dev/null; sleep 0.3
  xdotool type --delay 15 "$W/saved"; sleep 0.3; xdotool key Return
  for _ in $(seq 25); do [ -s "$W/saved/state.ttl" ] && break; sleep 0.2; done
fi
temperature=$(awk '/lv2:symbol "temperature"/ {getline; print $2}' "$W/saved/state.ttl" 2>/dev/null)
echo "jalv saved temperature = ${temperature:-nothing}"
awk -v t="${temperature:-0}" 'BEGIN {exit !(t > 1.2 && t <= 2.0)}' || bad "the host's temperature port did not follow the drag (saved: ${temperature:-nothing}, was 1.0)"

step "a preset the host applies moves the editor's Swing slider"
menu 60 3   # Presets > (Save Preset..., Delete..., then the presets) UI test swing
touch "$W/layout.txt.request"
for _ in $(seq 50); do [ -s "$W/layout.txt.request.done" ] && break; sleep 0.1; done
read -r value maximum < <(awk '$1=="slider" && $2=="Swing" {print $6, $7}' "$W/layout.txt.request.done" 2>/dev/null)
echo "the editor's Swing slider: ${value:-?} of ${maximum:-?} (40 % of 0..50 % is 800 of 1000)"
[ "${value:-0}" = 800 ] && [ "${maximum:-0}" = 1000 ] || bad "the editor's Swing slider did not follow the host's preset"

step "closing jalv's window"
xdotool windowfocus "$top" 2>/dev/null; sleep 0.3; xdotool key alt+F4
for _ in $(seq 60); do kill -0 "$jalv" 2>/dev/null || break; sleep 0.25; done
if kill -0 "$jalv" 2>/dev/null; then
  bad "jalv did not exit within 15 s of closing its window"; kill "$jalv"
fi
wait "$jalv"; status=$?
[ "$status" -eq 0 ] || bad "jalv exited with $status"
# jalv prints what it sends the UI (--print-controls), on a buffered stdout: complete once it exited.
grep -q "^swing = 40.000000" "$W/jalv.log" || bad "jalv did not send the preset's swing to the UI (port_event)"
if grep -n -E "Exception|^\s+at [a-z]" "$log" "$W/jalv.log" >/dev/null; then
  bad "a Java exception in the log:"; grep -n -E -A3 "Exception" "$log" "$W/jalv.log" | head -20
fi
grep -q "The editor is embedded" "$log" && echo "log: $(wc -l <"$log") lines, no exception"

step "Ardour 7's GUI opens the UI in its plugin window"
ardour_step
: >"$log"

step "the UI opened and closed 100 times in one host process"
: >"$log"
rm -f "$XDG_CONFIG_HOME/downbeat/jvm.conf"  # no probe: nothing in this process but the host and Downbeat
timeout 300 "$W/bin/lv2_ui_host" "$bundle" 100 $("$root/plugin/native/lv2/test/control-defaults.sh") 2>"$W/ui-host.err" \
  || { bad "lv2_ui_host"; tail -5 "$W/ui-host.err"; }
if grep -n -E "Exception|^\s+at [a-z]" "$log" >/dev/null; then
  bad "a Java exception in the log:"; grep -n -E -A3 "Exception" "$log" | head -20
fi
finish
