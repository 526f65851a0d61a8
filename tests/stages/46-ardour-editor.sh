#!/usr/bin/env bash
# Downbeat's editor in Ardour 7's GUI (Xvfb, dummy audio backend), driven with xdotool like a user:
# sessions with Downbeat on a MIDI track "drums" are made headlessly (ardour7-lua) and open in the
# GUI with no dialog (pre-written config: dummy backend, autostart, no first-run wizard); a
# double-click on Downbeat in the mixer strip opens Ardour's plugin window. Then:
#  1. VST2 and 2. LV2, as installed: the editor is embedded in Ardour's plugin window (AWT's frame a
#     child X window of it, mapped, usable size; for VST2 the window's size settles); the grid is
#     read back from a screenshot; two seed cells clicked in Ardour toggle on screen; the Drag MIDI
#     handle dragged onto the drums track in Ardour's editor canvas is imported by Ardour (X11 drag
#     and drop, text/uri-list): after Ctrl+S the saved session holds a region on the drums playlist
#     whose MIDI file (Ardour's copy) has exactly the bar the grid showed;
#  3. VST2 with DOWNBEAT_EDITOR_WINDOW=own: the editor's own window is transient for Ardour's, and
#     hides and comes back when Ardour's plugin window is closed and opened again.
# What was found on the way: docs/architecture.md, "Ardour GUI".
# Self-contained: own X server (xvfb-run -a), window manager, temp HOME/XDG folders, a copy of the
# build; cleans up the processes it started. Exits non-zero on any failure; the work folder (the
# screenshots, logs, sessions) is kept then, or always with DOWNBEAT_KEEP_EVIDENCE=1.
set -uo pipefail
root=${DOWNBEAT_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
target=${DOWNBEAT_PLUGIN_TARGET:-$root/plugin/target}   # another build (developing the stage)
lib="$root/tests/stages/lib"

if [ -z "${DOWNBEAT_ARDOUR_GUI_WORK:-}" ]; then
  for tool in ardour ardour7-lua xvfb-run openbox xdotool xwininfo xprop import javac java; do
    command -v "$tool" >/dev/null || { echo "46-ardour-editor: $tool is missing (test.sh installs ardour xvfb openbox xdotool x11-utils imagemagick)"; exit 1; }
  done
  if [ ! -f "$target/vst2/Downbeat.so" ] || [ ! -f "$target/lv2/downbeat.lv2/downbeat_ui.so" ]; then
    echo "building the plugin (no $target/vst2/Downbeat.so or LV2 UI yet)"
    (cd "$root" && nice -n 10 mvn -q -B -ntp -o -pl plugin -am package -DskipTests) || { echo "46-ardour-editor: build failed"; exit 1; }
  fi
  work=$(mktemp -d /tmp/downbeat-ardour-gui.XXXXXX)
  export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" XDG_STATE_HOME="$work/state"
  mkdir -p "$HOME" "$XDG_CONFIG_HOME/ardour7" "$XDG_CACHE_HOME" "$XDG_STATE_HOME" "$XDG_CONFIG_HOME/downbeat" "$work/tmp"
  unset DISPLAY
  # The editor writes its drag files below java.io.tmpdir: keep them in the work folder.
  echo "option=-Djava.io.tmpdir=$work/tmp" >"$XDG_CONFIG_HOME/downbeat/jvm.conf"

  # A copy of the build, so a rebuild while the stage runs changes nothing under Ardour (its scan
  # cache is keyed on the file's time: a newer Downbeat.so is "not yet indexed" and Ardour asks).
  mkdir -p "$work/vst2" "$work/lv2"
  cp -r "$target/vst2/Downbeat.so" "$target/vst2/Downbeat" "$work/vst2/" && cp -r "$target/lv2/downbeat.lv2" "$work/lv2/" \
    || { echo "46-ardour-editor: cannot copy the build from $target"; exit 1; }
  export DB_VST2="$work/vst2" DB_LV2_PATH="$work/lv2:/usr/lib/lv2:/usr/lib/ardour7/LV2"
  cp=$(ls "$work"/vst2/Downbeat/lib/*.jar | tr '\n' :)
  javac -d "$work/classes" -cp "$cp" "$lib/ardour-gui-check.java" || { echo "46-ardour-editor: the check helper does not compile"; exit 1; }
  echo "$work/classes:$cp" >"$work/cp.txt"

  echo "-- the sessions, made headlessly"
  # The scanner crashed once here (segmentation fault, no cache) and passed on the next three tries.
  for attempt in 1 2 3; do
    scan=$(LD_LIBRARY_PATH=/usr/lib/ardour7 timeout 120 /usr/lib/ardour7/ardour-vst-scanner -f "$DB_VST2/Downbeat.so" 2>&1)
    echo "$scan" | grep -q "Saved VST2 plugin cache" && break
    echo "scanning, attempt $attempt, failed:"; echo "$scan" | tail -3
  done
  echo "$scan" | grep -q "Saved VST2 plugin cache" || { echo "46-ardour-editor: Ardour's scanner did not cache Downbeat"; exit 1; }
  # Ardour 7.3's headless runs sometimes abort in setup or teardown (see 20-vst2.sh): judge by the file.
  for type in LXVST LV2; do
    for attempt in 1 2 3; do
      rm -rf "$work/session-$type"
      DB_TYPE=$type DB_SESSION_DIR="$work/session-$type" LXVST_PATH="$DB_VST2" LV2_PATH="$DB_LV2_PATH" \
        timeout 120 ardour7-lua "$lib/ardour-gui-session.lua" >"$work/session-$type.out" 2>&1
      grep -q '^saved' "$work/session-$type.out" && [ -f "$work/session-$type/downbeat.ardour" ] && break
      echo "making the $type session, attempt $attempt, failed:"; tail -3 "$work/session-$type.out"
    done
    [ -f "$work/session-$type/downbeat.ardour" ] || { echo "46-ardour-editor: no $type session"; exit 1; }
  done
  cp -r "$work/session-LXVST" "$work/session-own"

  . "$root/tests/stages/lib/ardour-gui-config.sh"
  write_ardour_gui_config "$XDG_CONFIG_HOME/ardour7"
  export DOWNBEAT_ARDOUR_GUI_WORK=$work
  status=0
  timeout 300 xvfb-run -a -s "-screen 0 1600x1000x24" bash "$0" || status=$?
  if [ "$status" -eq 0 ] && [ -z "${DOWNBEAT_KEEP_EVIDENCE:-}" ]; then rm -rf "$work"; else echo "46-ardour-editor: evidence kept in $work"; fi
  exit "$status"
fi

# --- inside the X server ---
W=$DOWNBEAT_ARDOUR_GUI_WORK
CP=$(cat "$W/cp.txt")
check() { java -cp "$CP" ArdourGuiCheck "$@"; }
log="$XDG_STATE_HOME/downbeat/downbeat.log"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  sleep 1
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
}
trap cleanup EXIT
fail() {
  echo "46-ardour-editor FAILED: $*"
  import -window root "$W/failure.png" 2>/dev/null
  xwininfo -root -tree >"$W/windows.txt" 2>/dev/null
  grep -hE "Exception|Error" "$W"/session-*.log 2>/dev/null | head -5
  exit 1
}
# Takes a screenshot named $1.png in the work folder; prints its path.
shot() { import -window root "$W/$1.png"; echo "$W/$1.png"; }
# Waits up to $1 seconds for a window whose name matches $2; prints its id.
wait_window() {
  local id
  for _ in $(seq $(($1 * 4))); do
    id=$(xdotool search --onlyvisible --name "$2" 2>/dev/null | head -1)
    [ -n "$id" ] && { echo "$id"; return 0; }
    sleep 0.25
  done
  return 1
}
# "x y w h" of window $1 on the screen.
geometry() {
  xwininfo -id "$1" | awk '/Absolute upper-left X/ {x=$NF} /Absolute upper-left Y/ {y=$NF} /Width/ {w=$NF} /Height/ {h=$NF} END {print x, y, w, h}'
}

. "$root/tests/stages/lib/openbox.sh"
start_openbox "$W"
sleep 1

# Starts Ardour's GUI on the session in folder $1 (its log: $1.log); sets main (the main window).
start_ardour() {
  ARDOUR_TRY_AUTOSTART_ENGINE=1 LXVST_PATH="$DB_VST2" LV2_PATH="$DB_LV2_PATH" \
    ardour --no-announcements --no-splash "$1/downbeat.ardour" >"$1.log" 2>&1 &
  ardour_pid=$!; pids+=($ardour_pid)
  main=$(wait_window 90 '^downbeat - Ardour$') || fail "Ardour's main window did not open (a dialog in the way?)"
  # Undecorated at 0,0 with the size the session remembers, so the buttons are where this script clicks.
  xdotool windowmove "$main" 0 0
  sleep 3
}

stop_ardour() {
  kill "$ardour_pid" 2>/dev/null
  for _ in $(seq 40); do kill -0 "$ardour_pid" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$ardour_pid" 2>/dev/null
  wait "$ardour_pid" 2>/dev/null
}

# Double-clicks Downbeat in the mixer strip ($1 names the run). Sets plugin (Ardour's plugin
# window), editor (the window showing Downbeat's editor: AWT's embedded frame, or the editor's own
# top-level) and embedded (1 or 0).
open_plugin_window() {
  plugin=""
  for attempt in 1 2 3; do
    xdotool windowactivate --sync "$main" 2>/dev/null; xdotool mousemove 1326 72 click 1   # Mix
    sleep 2
    # The first processor of the first strip: a plugin's entry is painted red-brown.
    read -r colour < <(check pixel "$(shot mixer-$1-$attempt)" 372 186)
    r=$((16#${colour:0:2})); g=$((16#${colour:2:2}))
    if [ $((r - g)) -lt 30 ]; then echo "attempt $attempt: no plugin entry at 372,186 (colour $colour)"; continue; fi
    # The log from here on tells how the editor opened (an LV2 UI opens before Ardour shows its window).
    log_lines=$(cat "$log" 2>/dev/null | wc -l)
    xdotool mousemove 372 186 click --repeat 2 --delay 80 1
    plugin=$(wait_window 30 '^drums: Downbeat') && break
  done
  [ -n "$plugin" ] || fail "double-clicking Downbeat in the mixer strip opened no plugin window"
  echo "Ardour's plugin window: $(xwininfo -id "$plugin" | sed -n 's/^xwininfo: Window id: //p')"
  editor="" embedded=0
  for _ in $(seq 60); do
    editor=$(xwininfo -tree -id "$plugin" 2>/dev/null | awk '/"JavaEmbeddedFrame"/ {print $1; exit}')
    if [ -n "$editor" ]; then embedded=1; break; fi
    # (The LV2 UI's own parent window inside Ardour's is also named "Downbeat", with no class.)
    for w in $(xdotool search --onlyvisible --name '^Downbeat$' 2>/dev/null); do
      xprop -id "$w" WM_CLASS 2>/dev/null | grep -q '"dev-downbeat' && { editor=$w; break; }
    done
    [ -n "$editor" ] && break
    sleep 0.5
  done
  xwininfo -tree -id "$plugin" >"$W/plugin-window-$1.txt" 2>&1
  [ -n "$editor" ] || { tail -3 "$log" 2>/dev/null; fail "no Downbeat editor appeared with Ardour's plugin window"; }
}

# Checks the editor is embedded in Ardour's plugin window and shown at a usable size.
check_embedded() {
  [ "$embedded" -eq 1 ] || fail "the editor opened in a window of its own, not inside Ardour's plugin window: $(grep 'own' "$log" | tail -1)"
  grep -B2 -A1 'JavaEmbeddedFrame' "$W/plugin-window-$1.txt" | head -4
  # AWT's frame appears at 1x1 and the editor sizes it a moment later.
  for _ in $(seq 40); do
    read -r fw fh < <(xwininfo -id "$editor" | awk '/Width/ {w=$NF} /Height/ {h=$NF} /Map State/ {m=$NF} END {print (m == "IsViewable" ? w : 0), h}')
    [ "${fw:-0}" -ge 720 ] && [ "${fh:-0}" -ge 400 ] && break
    sleep 0.25
  done
  [ "${fw:-0}" -ge 720 ] && [ "${fh:-0}" -ge 400 ] || fail "the embedded editor is not shown at a usable size (${fw}x${fh} after 10 s)"
  for _ in $(seq 80); do   # the log is written off the Swing thread, seconds later under load
    tail -n +$((log_lines + 1)) "$log" | grep -q "The editor is embedded in the host's window" && break
    sleep 0.25
  done
  tail -n +$((log_lines + 1)) "$log" | grep -q "The editor is embedded in the host's window" || fail "the log does not say the editor embedded"
  echo "the embedded editor: ${fw}x${fh}, viewable"
}

# With the plugin window open: reads the grid, clicks two seed cells, drags the MIDI handle onto
# the drums track, saves and checks the session in folder $1 ($2 names the run).
grid_and_drag() {
  local dir=$1 run=$2
  echo "-- back to Ardour's editor canvas, the plugin window below the tracks"
  xdotool windowactivate --sync "$main" 2>/dev/null; xdotool mousemove 1326 43 click 1   # Edit
  sleep 1
  xdotool windowmove "$plugin" 0 440; xdotool windowraise "$plugin"
  [ "$embedded" -eq 0 ] && { xdotool windowmove "$editor" 0 440; xdotool windowraise "$editor"; }
  sleep 2
  read -r ex ey ew eh < <(geometry "$editor")
  echo "the editor at $ex,$ey, ${ew}x${eh}"

  echo "-- the grid, read from the screen; two seed cells clicked"
  local s1 layout="$W/layout-$run.txt" before="$W/before-$run.txt" after="$W/after-$run.txt"
  s1=$(shot grid-$run-before)
  check grid "$s1" "$ex" "$ey" "$ew" "$eh" "$layout" || fail "no grid found in the editor's window"
  check cells "$s1" "$layout" >"$before" || { cat "$before"; fail "the grid shows cells of unknown colours"; }
  cat "$before"
  local length; length=$(awk '$1=="seedLength" {print $2}' "$before")
  [ "${length:-0}" -ge 4 ] || fail "the seed shows ${length:-no} steps"
  cell() { awk -v s="$1" -v v="$2" '$1=="seed" && $2==s && $3==v {print $4, $5}' "$layout"; }
  # Toggle snare on the seed's step 1 and open hat on its step 3 (both inside the seed).
  xdotool mousemove $(cell 1 1) click 1; sleep 0.3
  xdotool mousemove $(cell 3 3) click 1; sleep 0.3
  xdotool mousemove 5 5
  # The upcoming bars are written again from the new seed: wait until two screenshots agree.
  local prev="" now="" i
  for i in $(seq 20); do
    sleep 1
    now=$(check cells "$(shot grid-$run-after-$i)" "$layout") || { echo "$now"; fail "the grid shows cells of unknown colours after the clicks"; }
    [ "$now" = "$prev" ] && break
    prev=$now
  done
  echo "$now" >"$after"; cat "$after"
  # Snare is bit 1 and open hat bit 3 of a step's mask.
  local steps expected bar
  IFS=, read -r -a steps < <(sed -n 's/^seed //p' "$before")
  steps[1]=$((steps[1] ^ 2)); steps[3]=$((steps[3] ^ 8))
  expected=$(IFS=,; echo "${steps[*]}")
  grep -qx "seed $expected" "$after" || fail "after clicking snare@1 and open hat@3 the seed shows $(grep '^seed ' "$after"), not seed $expected"
  grep -qx "seedLength $length" "$after" || fail "the seed length changed"
  bar=$(sed -n 's/^bar //p' "$after")
  [ "$bar" != "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0" ] || fail "the upcoming bar is empty"

  echo "-- the Drag MIDI handle dragged onto the drums track"
  local hx hy tx=500 ty=369   # the drums track's lane in the editor canvas, about bar 7
  read -r hx hy < <(awk '$1=="handle" {print $2, $3}' "$layout")
  local count; count=$(ls "$dir"/interchange/*/midifiles 2>/dev/null | wc -l)
  xdotool mousemove "$hx" "$hy" mousedown 1
  for i in $(seq 1 25); do xdotool mousemove $((hx + (tx - hx) * i / 25)) $((hy + (ty - hy) * i / 25)); sleep 0.05; done
  sleep 0.5; xdotool mousemove $((tx + 3)) "$ty"; sleep 0.3
  xdotool mouseup 1
  for i in $(seq 40); do
    [ "$(ls "$dir"/interchange/*/midifiles 2>/dev/null | wc -l)" -gt "$count" ] && break
    sleep 0.25
  done
  shot dropped-$run >/dev/null

  echo "-- Ctrl+S, then the saved session"
  local saved files got
  saved=$(stat -c %Y "$dir/downbeat.ardour")
  sleep 1
  xdotool windowactivate --sync "$main" 2>/dev/null; xdotool key --window "$main" ctrl+s
  for i in $(seq 40); do [ "$(stat -c %Y "$dir/downbeat.ardour")" != "$saved" ] && break; sleep 0.25; done
  [ "$(stat -c %Y "$dir/downbeat.ardour")" != "$saved" ] || fail "Ctrl+S did not save the session"
  files=$(check session "$dir/downbeat.ardour" drums) || fail "cannot read the saved session: $files"
  [ -n "$files" ] || fail "the drums playlist holds no MIDI region after the drop (Ardour did not take it)"
  echo "regions' sources on the drums playlist:"; echo "$files"
  [ "$(echo "$files" | wc -l)" -eq 1 ] || fail "expected one region from the drop"
  [ -f "$files" ] || fail "the region's MIDI file $files is not in the session"
  grep -q 'Region name="downbeat-bar' "$dir/downbeat.ardour" || fail "the region is not named after the dragged file"
  got=$(check midi "$files") || fail "Ardour's copy of the MIDI file: $got"
  echo "$got"
  echo "$got" | grep -qx "bar $bar" || fail "the imported MIDI has $(echo "$got" | grep '^bar'), the grid showed bar $bar"
}

echo "-- 1. VST2: the editor embedded in Ardour's plugin window; grid, clicks, drag into Ardour"
start_ardour "$W/session-LXVST"
open_plugin_window vst2
check_embedded vst2
# Ardour fits its window to the plugin's frame: the sizes must settle (they once grew without end).
first=$(geometry "$plugin"); sleep 3; later=$(geometry "$plugin")
echo "Ardour's plugin window (x y w h): $first, 3 s later $later"
[ "$first" = "$later" ] || fail "Ardour's plugin window keeps changing size with the editor in it ($first, then $later)"
grid_and_drag "$W/session-LXVST" vst2
stop_ardour

echo "-- 2. LV2: the editor embedded in Ardour's plugin window; grid, clicks, drag into Ardour"
start_ardour "$W/session-LV2"
open_plugin_window lv2
check_embedded lv2
grid_and_drag "$W/session-LV2" lv2
stop_ardour

echo "-- 3. VST2 with DOWNBEAT_EDITOR_WINDOW=own: a window of its own, kept with Ardour's"
export DOWNBEAT_EDITOR_WINDOW=own
start_ardour "$W/session-own"
open_plugin_window own
[ "$embedded" -eq 0 ] || fail "DOWNBEAT_EDITOR_WINDOW=own still embedded the editor"
transient=$(xprop -id "$editor" WM_TRANSIENT_FOR 2>/dev/null | awk '{print $NF}')
echo "the editor is a window of its own ($editor), transient for ${transient:-nothing}"
[ "$((transient))" -eq "$((plugin))" ] 2>/dev/null || fail "the editor's own window is not transient for Ardour's plugin window ($plugin)"
# Ardour's window close only unmaps its plugin window (no effEditClose): the editor's must follow.
map_state() { xwininfo -id "$1" 2>/dev/null | awk '/Map State/ {print $NF}'; }
# Waits up to 10 s until window $1 is in map state $2.
wait_state() { for _ in $(seq 40); do [ "$(map_state "$1")" = "$2" ] && return 0; sleep 0.25; done; return 1; }
xdotool windowactivate --sync "$plugin" 2>/dev/null; xdotool key alt+F4   # openbox: close
wait_state "$plugin" IsUnMapped || fail "Ardour's plugin window did not close"
wait_state "$editor" IsUnMapped || fail "Ardour closed its plugin window, the editor's own window stays on screen ($(map_state "$editor"))"
echo "closed Ardour's plugin window: the editor's window is $(map_state "$editor")"
xdotool mousemove 372 186 click --repeat 2 --delay 80 1   # the mixer strip's Downbeat again
wait_state "$plugin" IsViewable || fail "double-clicking Downbeat again did not bring Ardour's plugin window back"
wait_state "$editor" IsViewable || fail "Ardour's plugin window is back, the editor's own window is not ($(map_state "$editor"))"
echo "opened it again: the editor's window is $(map_state "$editor")"
stop_ardour

if grep -E "Exception|failed" "$log" 2>/dev/null | grep -q .; then
  grep -E "Exception|failed" "$log" | head -5
  fail "the Downbeat log reports failures"
fi
echo "46-ardour-editor: all checks passed"
