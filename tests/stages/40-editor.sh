#!/usr/bin/env bash
# The editor under Xvfb, driven like a musician with xdotool:
#  1. clicks a known pattern into the seed, drags the seed-length marker, and reads every cell of
#     the grid back from a screenshot (seed cells and the generated bars);
#  2. drags the MIDI handle into a small drop-target window of our own (X11 drag and drop) and
#     checks the dropped file parses as MIDI with exactly the bars' notes;
#  3. opens and closes the editor 100 times: nothing reachable afterwards, thread count stable;
#  4. runs the standalone app (downbeat play --audio none: no sound device here), presses Play and
#     checks the grid shows played, playing and upcoming generated bars, then closes it (exit 0).
# Self-contained: own X server (xvfb-run -a), window manager (openbox: XDnD needs managed
# windows), temp HOME; cleans up what it started. Exits non-zero on any failure.
set -euo pipefail
root=${DOWNBEAT_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root"

if [ -z "${DOWNBEAT_EDITOR_IN_XVFB:-}" ]; then
  for tool in xvfb-run xdotool import openbox; do
    command -v "$tool" >/dev/null || { echo "40-editor: $tool is missing (test.sh installs xvfb xdotool imagemagick openbox)"; exit 1; }
  done
  work=$(mktemp -d /tmp/downbeat-editor-test.XXXXXX)
  if [ -n "${DOWNBEAT_EDITOR_CP:-}" ]; then   # a ready classpath (developing the editor alone)
    echo "$DOWNBEAT_EDITOR_CP" >"$work/cp.txt"
  else
    if [ ! -d plugin/target/test-classes/dev/downbeat/plugin/editor ]; then
      nice -n 10 mvn -q -B -ntp -o -pl plugin -am test-compile
    fi
    mvn -q -B -ntp -o -pl plugin dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/deps.txt" >/dev/null
    echo "plugin/target/classes:plugin/target/test-classes:$(cat "$work/deps.txt")" >"$work/cp.txt"
  fi
  export DOWNBEAT_EDITOR_WORK=$work DOWNBEAT_EDITOR_IN_XVFB=1
  status=0
  xvfb-run -a -s "-screen 0 1280x800x24" bash "$0" || status=$?
  [ "$status" -eq 0 ] && rm -rf "$work" || echo "40-editor: evidence kept in $work"
  exit "$status"
fi

# --- inside the X server ---
W=$DOWNBEAT_EDITOR_WORK
export HOME=$W/home XDG_CONFIG_HOME=$W/config XDG_CACHE_HOME=$W/cache
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
CP=$(cat "$W/cp.txt")
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
fail() { echo "40-editor FAILED: $*"; exit 1; }

# Undecorated windows where they ask to be, so the layout Java reports is where X put them.
cat >"$W/openbox.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<openbox_config xmlns="http://openbox.org/3.4/rc">
  <keyboard><keybind key="A-F4"><action name="Close"/></keybind></keyboard>
  <applications>
    <application class="*"><decor>no</decor></application>
    <application class="dev-downbeat-plugin-editor-EditorProbe"><position force="yes"><x>0</x><y>0</y></position></application>
    <application class="dev-downbeat-plugin-editor-MidiDropTarget"><position force="yes"><x>900</x><y>600</y></position></application>
  </applications>
</openbox_config>
XML
openbox --config-file "$W/openbox.xml" >"$W/openbox.log" 2>&1 & pids+=($!)
sleep 1

echo "-- 1. a known pattern, clicked in, read back by pixels"
java -cp "$CP" dev.downbeat.plugin.editor.EditorProbe "$W/layout.txt" "$W/request" >"$W/probe.log" 2>&1 & probe=$!; pids+=($probe)
for _ in $(seq 150); do grep -q '^window' "$W/layout.txt" 2>/dev/null && break; sleep 0.2; done
grep -q '^window' "$W/layout.txt" || { cat "$W/probe.log"; fail "the editor did not open"; }
cell() { awk -v s="$1" -v v="$2" '$1=="seed" && $2==s && $3==v {print $4, $5}' "$W/layout.txt"; }
for s in 0 4 8 12; do xdotool mousemove $(cell $s 0) click 1; done            # kick on the beats
for s in 4 12; do xdotool mousemove $(cell $s 1) click 1; done                # snare on 2 and 4
for s in 0 2 4 6 8 10 12 14; do xdotool mousemove $(cell $s 2) click 1; done  # closed hat on 8ths
xdotool mousemove $(cell 14 3) click 1                                        # open hat, later cut off
# Drag the seed-length marker from 16 steps to 12.
read -r mx my < <(awk '$1=="marker" {print $2, $3}' "$W/layout.txt")
cw=$(awk '$1=="cellwidth" {print $2}' "$W/layout.txt")
tx=$(awk -v x="$mx" -v c="$cw" 'BEGIN {printf "%d", x - 4 * c}')
xdotool mousemove "$mx" "$my" mousedown 1
for i in 1 2 3 4 5 6; do xdotool mousemove $((mx + (tx - mx) * i / 6)) "$my"; sleep 0.05; done
xdotool mouseup 1
sleep 0.6
import -window root "$W/grid.png"

echo "-- 2. drag the MIDI handle into a drop window of our own"
java -cp "$CP" dev.downbeat.plugin.editor.MidiDropTarget 900 600 "$W/dropped.txt" >"$W/drop.log" 2>&1 & drop=$!; pids+=($drop)
for _ in $(seq 100); do grep -q ready "$W/drop.log" && break; sleep 0.2; done
sleep 1
read -r hx hy < <(awk '$1=="handle" {print $2, $3}' "$W/layout.txt")
xdotool mousemove "$hx" "$hy" mousedown 1
for i in $(seq 1 20); do xdotool mousemove $((hx + (1050 - hx) * i / 20)) $((hy + (680 - hy) * i / 20)); sleep 0.05; done
sleep 0.3
xdotool mouseup 1
for _ in $(seq 50); do [ -s "$W/dropped.txt" ] && break; sleep 0.2; done

touch "$W/request"
for _ in $(seq 50); do [ -s "$W/request.done" ] && break; sleep 0.2; done
wait "$probe" || true
cat "$W/request.done"
grep -q '^seedLength 12$' "$W/request.done" || fail "dragging the marker did not set the seed length to 12"
grep -q '^seed 5,0,4,0,7,0,4,0,5,0,4,0,7,0,12,0,' "$W/request.done" || fail "the clicked seed is not the pattern clicked"
java -cp "$CP" dev.downbeat.plugin.editor.ScreenshotCheck "$W/grid.png" "$W/layout.txt" "$W/request.done" || fail "the grid's pixels do not show the pattern"
[ -s "$W/dropped.txt" ] || { cat "$W/drop.log"; fail "no MIDI file was dropped on the target window"; }
java -cp "$CP" dev.downbeat.plugin.editor.DropCheck "$W/dropped.txt" "$W/request.done" || fail "the dropped MIDI file does not hold the bars"

echo "-- 3. open and close the editor 100 times"
java -cp "$CP" dev.downbeat.plugin.editor.EditorLeakCheck 100 || fail "opening and closing the editor leaks"
echo "-- 4. downbeat play, with no sound device"
if [ -x ./downbeat ] && ls plugin/target/downbeat-plugin-*.jar >/dev/null 2>&1 && [ -d plugin/target/lib ]; then
  ./downbeat play --audio none >"$W/play.log" 2>&1 & app=$!; pids+=($app)
  wid=""
  for _ in $(seq 240); do wid=$(xdotool search --name '^Downbeat$' 2>/dev/null | head -1 || true); [ -n "$wid" ] && break; sleep 0.5; done
  [ -n "$wid" ] || { cat "$W/play.log"; fail "downbeat play opened no window"; }
  grep -q "sound off" "$W/play.log" || { cat "$W/play.log"; fail "downbeat play did not say there is no sound"; }
  sleep 4
  xdotool mousemove --window "$wid" 45 14 click 1   # Play: the first button of the tool bar
  sleep 8
  import -window "$wid" "$W/play.png"
  java -cp "$CP" dev.downbeat.plugin.editor.ColourCount "$W/play.png" || fail "the app's grid does not show played, playing and upcoming bars"
  xdotool windowfocus "$wid" 2>/dev/null || true; sleep 0.3; xdotool key alt+F4   # openbox closes the focused window
  for _ in $(seq 60); do kill -0 "$app" 2>/dev/null || break; sleep 0.25; done
  if kill -0 "$app" 2>/dev/null; then kill "$app"; fail "downbeat play did not exit when its window closed"; fi
  wait "$app" || fail "downbeat play did not exit cleanly when its window closed"
else
  fail "downbeat play needs the package build (mvn package) and the ./downbeat launcher"
fi
echo "40-editor: all checks passed"
