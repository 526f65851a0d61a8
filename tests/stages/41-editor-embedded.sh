#!/usr/bin/env bash
# The VST2 editor inside a host's X11 window, under Xvfb, with a C host of our own
# (plugin/native/test/vst2_editor_host.c: an Xlib top-level window handed to effEditOpen, sized from
# effEditGetRect, an event loop calling effEditIdle):
#  a. the editor's X11 window is a descendant of the host's window, and no window of the editor
#     shows anywhere else (no top-level "Downbeat");
#  b. a screenshot of the host's window shows the plugin's seed (read back from its VST2 chunk, the
#     product's default seed) cell by cell;
#  c. a click with xdotool on an empty seed cell inside the host's window lights it, and the plugin's
#     chunk has exactly that cell toggled;
#  c2. the editor keeps its effEditGetRect size when the host resizes its window, and a host that
#      fits its window to the editor's configure events (as Ardour 7 does) settles, no resize loop;
#  c3. a host destroying its window under the open editor: the editor closes itself, the host lives,
#      and the next effEditOpen embeds in the host's new window;
#  d. 100 editor open/close cycles inside the host: every one embeds and leaves nothing behind, the
#     host's thread count and the display's window count stay where they were, no crash;
#  e. the fallback: DOWNBEAT_EDITOR_WINDOW=own gives a top-level "Downbeat" window, transient for the
#     host's window, hidden and shown with it, and the log says why.
# The cells' positions come from the real editor in the host's JVM: a Java agent of the tests
# (EmbeddedLayoutAgent) loaded through jvm.conf writes them. Self-contained: own X server
# (xvfb-run -a), window manager (openbox), temp HOME; cleans up. Exits non-zero on any failure.
set -euo pipefail
root=${DOWNBEAT_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root"

if [ -z "${DOWNBEAT_EMBED_IN_XVFB:-}" ]; then
  for tool in xvfb-run xdotool xwininfo xprop import openbox gcc jar; do
    command -v "$tool" >/dev/null || { echo "41-editor-embedded: $tool is missing (test.sh installs xvfb x11-utils xdotool imagemagick openbox gcc libx11-dev)"; exit 1; }
  done
  [ -f plugin/target/vst2/Downbeat.so ] || nice -n 10 mvn -q -B -ntp -o -pl plugin -am package -DskipTests
  for c in EmbeddedLayoutAgent EmbeddedSeedCheck; do
    [ -f plugin/target/test-classes/dev/downbeat/plugin/editor/$c.class ] || nice -n 10 mvn -q -B -ntp -o -pl plugin test-compile
    [ -f plugin/target/test-classes/dev/downbeat/plugin/editor/$c.class ] || { echo "41-editor-embedded: the test classes are not built"; exit 1; }
  done
  work=$(mktemp -d /tmp/downbeat-embed-test.XXXXXX)
  gcc -std=c11 -O2 -g -Wall -Wextra -Werror -o "$work/vst2_editor_host" plugin/native/test/vst2_editor_host.c -ldl -lX11 -lpthread
  printf 'Premain-Class: dev.downbeat.plugin.editor.EmbeddedLayoutAgent\n' >"$work/manifest.txt"
  # The stage's own classes (the agent and the check), beside the plugin's jars they run with.
  jar --create --file "$work/agent.jar" --manifest "$work/manifest.txt" \
    -C plugin/target/test-classes dev/downbeat/plugin/editor/EmbeddedLayoutAgent.class \
    -C plugin/target/test-classes dev/downbeat/plugin/editor/EmbeddedSeedCheck.class
  export DOWNBEAT_EMBED_WORK=$work DOWNBEAT_EMBED_IN_XVFB=1
  status=0
  xvfb-run -a -s "-screen 0 1400x900x24" bash "$0" || status=$?
  [ "$status" -eq 0 ] && rm -rf "$work" || echo "41-editor-embedded: evidence kept in $work"
  exit "$status"
fi

# --- inside the X server ---
W=$DOWNBEAT_EMBED_WORK
export HOME=$W/home XDG_CONFIG_HOME=$W/config XDG_CACHE_HOME=$W/cache XDG_STATE_HOME=$W/state
mkdir -p "$HOME" "$XDG_CONFIG_HOME/downbeat" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
PLUGIN=$root/plugin/target/vst2/Downbeat.so
CP=$W/agent.jar:$(ls "$root"/plugin/target/vst2/Downbeat/lib/*.jar | tr '\n' :)
pids=()
cleanup() { exec 3>&- 2>/dev/null || true; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
fail() { echo "41-editor-embedded FAILED: $*"; [ -f "$W/host.err" ] && tail -20 "$W/host.err"; log=$(find "$W" -name downbeat.log | head -1); [ -n "$log" ] && tail -20 "$log"; exit 1; }

openbox >"$W/openbox.log" 2>&1 & pids+=($!)
sleep 1
echo "option=-javaagent:$W/agent.jar=$W/layout.txt" >"$XDG_CONFIG_HOME/downbeat/jvm.conf"

# The host reads commands from a FIFO on fd 3 and answers each with one line in $out.
start_host() {  # name, then env assignments for the host
  local name=$1; shift
  rm -f "$W/in"; mkfifo "$W/in"
  out=$W/$name.out
  : >"$out"
  env "$@" "$W/vst2_editor_host" "$PLUGIN" <"$W/in" >"$out" 2>"$W/host.err" & host=$!; pids+=($host)
  exec 3>"$W/in"
  answered=0
  ready=$(next_answer 60) || fail "the host did not load the plugin"
  answered=1 # next_answer ran in a subshell
  hostwin=$(sed -n 's/^ready window=\(0x[0-9a-f]*\)$/\1/p' <<<"$ready")
  [ -n "$hostwin" ] || fail "the host said '$ready', not ready"
}
# Waits (at most $1 s) for the host's next answer line and prints it (the caller counts it).
next_answer() {
  for _ in $(seq $(($1 * 10))); do
    if [ "$(wc -l <"$out")" -gt "$answered" ]; then
      sed -n "$((answered + 1))p" "$out"
      return 0
    fi
    kill -0 "$host" 2>/dev/null || { echo "the host died" >&2; return 1; }
    sleep 0.1
  done
  return 1
}
# Sends a command and waits (at most $1 s) for its answer; sets $reply.
ask() { local t=$1; shift; echo "$*" >&3; reply=$(next_answer "$t") || fail "no answer from the host to '$*'"; answered=$((answered + 1)); }
descendant() { xwininfo -tree -id "$hostwin" | grep -qi "^ *$1 "; }   # $1 is a window id 0x...
windows() { xwininfo -root -tree | grep -c '^ *0x'; }
logfile() { find "$W" -name downbeat.log | head -1; }

start_host embed
echo "-- a. the editor sits inside the host's window"
ask 30 open
[[ $reply == opened* ]] || fail "effEditOpen: $reply"
ask 40 wait-child 30000; child=$reply
echo "host window $hostwin, first child: $child"
[[ $child == child* ]] || fail "the host's window has no child window: the editor did not embed"
read -r _ childwin childsize <<<"$child"
[ "$childsize" = "1180x560" ] || fail "the embedded editor is $childsize, not the 1180x560 effEditGetRect gave"
hostsize=$(xwininfo -id "$hostwin" | awk '/Width:/ {w=$2} /Height:/ {h=$2} END {print w "x" h}')
[ "$hostsize" = "1180x560" ] || fail "the host did not fit its window to effEditGetRect ($hostsize)"
for _ in $(seq 50); do [ -s "$W/layout.txt" ] && break; sleep 0.2; done
[ -s "$W/layout.txt" ] || fail "the layout agent wrote nothing (is the editor showing?)"
grep -q '^frame sun.awt.X11.XEmbeddedFrame 1180 560$' "$W/layout.txt" || fail "the editor is not in AWT's embedded frame: $(head -1 "$W/layout.txt")"
# Every visible window of the editor's JVM (WM_CLASS dev-downbeat-...) is inside the host's window.
visible=$(xdotool search --onlyvisible --class 'dev-downbeat' 2>/dev/null || true)
[ -n "$visible" ] || fail "no visible window of the editor"
for id in $visible; do
  descendant "$(printf '0x%x' "$id")" || fail "window $(printf '0x%x' "$id") of the editor is outside the host's window"
done
[ -z "$(xdotool search --name '^Downbeat$' 2>/dev/null || true)" ] || fail "a top-level Downbeat window exists beside the embedded editor"
grep -q "embedded in the host's window $hostwin" "$(logfile)" || fail "the log does not say the editor embedded"
echo "editor window $childwin inside $hostwin; $(echo "$visible" | wc -w) visible editor windows, all inside"

echo "-- b. the host window's pixels show the plugin's seed"
sleep 1
ask 10 chunk "$W/chunk0.bin"; [[ $reply == "chunk "[1-9]* ]] || fail "effGetChunk: $reply"
import -window "$hostwin" "$W/shot0.png"
java -cp "$CP" dev.downbeat.plugin.editor.EmbeddedSeedCheck "$W/shot0.png" "$W/layout.txt" "$W/chunk0.bin" default \
  || fail "the embedded grid does not show the plugin's default seed"

echo "-- c. a click inside the host's window edits the plugin's seed"
# Step 3 of the default seed is empty: the snare (voice 1) there turns on.
read -r cx cy < <(awk '$1=="seed" && $2==3 && $3==1 {print $4, $5}' "$W/layout.txt")
xdotool mousemove --window "$hostwin" "$cx" "$cy" click 1
sleep 1
ask 10 chunk "$W/chunk1.bin"; [[ $reply == "chunk "[1-9]* ]] || fail "effGetChunk: $reply"
import -window "$hostwin" "$W/shot1.png"
java -cp "$CP" dev.downbeat.plugin.editor.EmbeddedSeedCheck "$W/shot1.png" "$W/layout.txt" "$W/chunk1.bin" toggled 3 1 "$W/chunk0.bin" \
  || fail "the click at ($cx, $cy) in the host's window did not toggle the snare at step 3 in the grid and the plugin"

echo "-- c2. the editor keeps its size, whatever the host does with its window (no resize loop)"
# As in VST2 and LV2 the plugin decides its size. The host here fits its window to the editor's
# configure events plus 6 pixels, as Ardour 7 does: an editor following its host window would grow
# both without end.
ask 10 mimic-ardour on
ask 20 resize 1300x700
[ "$reply" = "resized child=1300x700" ] && fail "the editor followed the host's window to 1300x700"
[ "$reply" = "resized child=1180x560" ] || fail "the host's window at 1300x700, the editor: $reply"
ask 10 size; first=$reply
sleep 3
ask 10 size; later=$reply
[ "$first" = "$later" ] || fail "the host's window and the editor keep changing size: $first, 3 s later $later"
ask 10 close; ask 30 open; ask 40 wait-child 30000
sleep 2; ask 10 size; first=$reply
sleep 3; ask 10 size; later=$reply
[ "$first" = "size window=1180x566 child=1180x560" ] || fail "reopened with the Ardour-like host: $first"
[ "$first" = "$later" ] || fail "reopened with the Ardour-like host, the sizes keep changing: $first, 3 s later $later"
ask 10 mimic-ardour off
ask 20 resize 1180x560
echo "host window 1300x700: editor 1180x560, stable; Ardour-like fitting: $later, stable"

echo "-- c3. a host that destroys its window before closing the editor"
ask 30 destroy-window
hostwin=$(sed -n 's/^recreated window=\(0x[0-9a-f]*\)$/\1/p' <<<"$reply")
[ -n "$hostwin" ] || fail "the host did not survive its window going under the editor: $reply"
grep -q "The host destroyed its window before closing the editor: the editor closes" "$(logfile)" || fail "the editor did not notice its host window went"
ask 30 open
ask 40 wait-child 30000
[[ $reply == child*" 1180x560" ]] || fail "the editor did not embed again in the host's new window $hostwin: $reply"
echo "the editor closed itself with the window, and embeds in the host's new window $hostwin"

echo "-- d. open and close the editor 100 times inside the host"
ask 20 close
[ "$reply" = "closed children=0" ] || fail "closing the editor left windows in the host's window: $reply"
ask 120 cycle 5; [[ $reply == "cycled 5 "* ]] || fail "5 warm-up cycles: $reply"
ask 10 stats; before=$reply
windows_before=$(windows)
ask 600 cycle 100; cycled=$reply
ask 10 stats; after=$reply
windows_after=$(windows)
echo "$cycled; before: $before, $windows_before windows; after: $after, $windows_after windows"
[ "$cycled" = "cycled 100 embedded=100 gone=100" ] || fail "not every cycle embedded and closed cleanly: $cycled"
threads() { sed -n 's/.*threads=\([0-9]*\).*/\1/p' <<<"$1"; }
[ "$(threads "$after")" -le $(($(threads "$before") + 2)) ] || fail "the host's threads grew from $(threads "$before") to $(threads "$after") over 100 cycles"
[ "$windows_after" -le "$windows_before" ] || fail "the display's windows grew from $windows_before to $windows_after over 100 cycles"
ask 30 quit; [ "$reply" = "bye" ] || fail "the host did not close the plugin: $reply"
wait "$host" || fail "the host exited with $?"
exec 3>&-

echo "-- e. the fallback: a window of its own, kept with the host's window"
rm -f "$XDG_CONFIG_HOME/downbeat/jvm.conf"
start_host own DOWNBEAT_EDITOR_WINDOW=own
ask 30 open; [[ $reply == opened* ]] || fail "effEditOpen: $reply"
own=""
for _ in $(seq 100); do own=$(xdotool search --onlyvisible --name '^Downbeat$' 2>/dev/null | head -1 || true); [ -n "$own" ] && break; sleep 0.2; done
[ -n "$own" ] || fail "no window of its own appeared"
ownhex=$(printf '0x%x' "$own")
descendant "$ownhex" && fail "the own window is inside the host's window"
transient=""
for _ in $(seq 20); do  # the hint is set again once the window manager has mapped the window
  transient=$(xprop -id "$own" WM_TRANSIENT_FOR | sed -n 's/.*window id # \(0x[0-9a-f]*\).*/\1/p')
  [ -n "$transient" ] && break; sleep 0.2
done
[ -n "$transient" ] && [ "$((transient))" -eq "$((hostwin))" ] || fail "the own window $ownhex is transient for '$transient', not the host's window $hostwin"
grep -q "window of its own, not inside the host's window $hostwin: downbeat.editor.window=own" "$(logfile)" || fail "the log does not say why the editor has a window of its own"
visible_own() { xdotool search --onlyvisible --name '^Downbeat$' 2>/dev/null | head -1 || true; }
ask 20 unmap
[ -z "$(visible_own)" ] || fail "the own window stayed on screen when the host hid its window"
ask 20 map
for _ in $(seq 25); do [ -n "$(visible_own)" ] && break; sleep 0.2; done
[ -n "$(visible_own)" ] || fail "the own window did not come back when the host showed its window again"
transient=""
for _ in $(seq 20); do
  transient=$(xprop -id "$(visible_own)" WM_TRANSIENT_FOR | sed -n 's/.*window id # \(0x[0-9a-f]*\).*/\1/p')
  [ -n "$transient" ] && break; sleep 0.2
done
[ -n "$transient" ] && [ "$((transient))" -eq "$((hostwin))" ] || fail "shown again, the own window is transient for '$transient', not $hostwin"
echo "the own window hid and came back with the host's window, still transient for it"
ask 30 quit; [ "$reply" = "bye" ] || fail "the host did not close the plugin: $reply"
wait "$host" || fail "the host exited with $?"
[ -z "$(xdotool search --onlyvisible --name '^Downbeat$' 2>/dev/null || true)" ] || fail "the own window stayed after the host closed the plugin"
echo "own window $ownhex transient for $hostwin"
echo "41-editor-embedded: all checks passed"
