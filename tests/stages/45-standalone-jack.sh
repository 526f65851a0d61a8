#!/usr/bin/env bash
# The standalone app (`downbeat play`) against live JACK servers (jackd -d dummy: no sound card here):
#  1. no server and --audio jack: a clear message and exit code 3;
#  2. headless (--no-window --bars 4 at 120 bpm) on a dummy server at 48 kHz / 256 frames: the client
#     "downbeat" has audio ports out_L/out_R and a MIDI port midi_out, connected where asked
#     (--connect: system playback; --audio-to/--midi-to: the test's recorder and jack_midi_dump);
#     JACK's buffer size changes to 512 frames while it plays; it exits 0 when the bars are played.
#     What arrived is checked by StandaloneJackCheck (plugin test code): note-ons on the note map's
#     drum pitches, on the 16th grid within 1 frame (6000 frames a step), within the 4 bars, each
#     ended by its note-off half a step later (but where its note-on or gate is within 4 cycles of a
#     discontinuity the recorder logged, see below); the audio silent until the first note-on's frame and
#     with an attack in the 1 ms after every note-on (none in the 1 ms before, none at empty steps).
#     An xrun, buffer size change or gap of JACK's clock while the app plays (the recorder logs them)
#     allows one phase break of the grid and one missed onset: a skipped cycle moves the app's clock
#     against JACK's. jack_midi_dump, a stock JACK tool, must see every note-on the app sent (the
#     app's count) but those lost on the way at a discontinuity, each proven by its note-off; the
#     recorder must see the same note-ons as jack_midi_dump, step for step and pitch for pitch, except
#     within 4 cycles of a discontinuity it logged (JACK lets the sender rewrite its port buffer while
#     a late client still reads it: see JackRecorder; a late read of the next cycle's buffer, which
#     the next cycle reads again, is recorded once, "reread" in rec.info.txt). The app's own allocation on JACK's process
#     thread (ThreadMXBean) must be nothing in all but a handful of warm-up cycles;
#  2b. --jack-transport: the app plays only while jack_transport rolls JACK's transport, on the 16th
#     grid of the frames (no timebase master), and its callback still allocates nothing;
#  3. the server killed while the headless app plays: a clear message, exit code 4;
#  4. the server killed while the app plays in a window (Xvfb): it says so and keeps running.
# Self-contained: its own JACK servers (names of its own, see start_jackd), temp HOME/XDG, cleans up;
# builds what is missing.
set -uo pipefail
root=${DOWNBEAT_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root"
if ! ls plugin/target/downbeat-plugin-*.jar >/dev/null 2>&1 || [ ! -d plugin/target/lib ]; then
  echo "building the plugin (no plugin jar yet)"
  nice -n 10 mvn -q -B -ntp -o -pl plugin -am package -DskipTests || { echo "build failed"; exit 1; }
fi
if [ ! -f plugin/target/test-classes/dev/downbeat/app/play/JackRecorder.class ]; then
  nice -n 10 mvn -q -B -ntp -o -pl plugin -am test-compile || { echo "test build failed"; exit 1; }
fi

work=$(mktemp -d /tmp/downbeat-standalone-jack.XXXXXX)
# A copy of the test classes: another build of the module must not swap them out under the stage.
cp -r plugin/target/test-classes "$work/test-classes"
cp "$(ls plugin/target/downbeat-plugin-*.jar | grep -v -e -sources -e -tests | head -1)" "$work/plugin.jar"
CP="$work/test-classes:$work/plugin.jar:$root/plugin/target/lib/*"
pids=()
servers=()
fail=0
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  release_servers
  if [ "$fail" -eq 0 ] && [ -z "${DOWNBEAT_KEEP_EVIDENCE:-}" ]; then rm -rf "$work"; else echo "45-standalone-jack: evidence kept in $work"; fi
}
trap cleanup EXIT
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" XDG_STATE_HOME="$work/state"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
unset DISPLAY
export JACK_NO_START_SERVER=1 JACK_NO_AUDIO_RESERVATION=1
step() { echo "--- $* (at ${SECONDS}s)"; }
bad() { echo "FAIL: $*"; fail=1; }

# JACK keeps a registry of servers and client semaphores in /dev/shm; servers and clients ended
# by earlier runs can leave entries behind until a new server fails with "Too many servers
# already active". With no JACK server running at all, nothing else can be using them.
if ! pgrep -x jackd >/dev/null 2>&1; then
  rm -rf /dev/shm/jack-* /dev/shm/jack_sem.* /dev/shm/jack_db-* 2>/dev/null || true
fi

# JACK's registry in /dev/shm has 8 server slots for the whole machine, and a server that is killed
# with clients attached can leave its slot taken. A slot is reclaimed when a server of the same name
# starts again, so this stage uses fixed names of its own (downbeat-standalone-<role>-<n>, n the
# first free of 1..3 should another run of the stage hold one) and, at the end, starts every server
# it killed once more and stops it cleanly, which frees the slot.
# Starts a dummy JACK server (48 kHz, 256 frames) for role $1 and makes it the default; its pid in $jackd_pid.
start_jackd() {
  local n name
  for n in 1 2 3; do
    name="downbeat-standalone-$1-$n"
    pgrep -f "jackd -n $name " >/dev/null 2>&1 && continue
    export JACK_DEFAULT_SERVER=$name
    jackd -n "$name" -d dummy -r 48000 -p 256 >"$work/$name.jackd.log" 2>&1 &
    jackd_pid=$!
    pids+=($jackd_pid)
    servers+=("$name")
    for _ in $(seq 50); do jack_lsp >/dev/null 2>&1 && return 0; kill -0 "$jackd_pid" 2>/dev/null || break; sleep 0.2; done
    cat "$work/$name.jackd.log"
  done
  return 1
}
release_servers() {
  local name p
  for name in "${servers[@]}"; do
    pgrep -f "jackd -n $name " >/dev/null 2>&1 && continue
    JACK_DEFAULT_SERVER=$name jackd -n "$name" -d dummy -r 48000 -p 256 >/dev/null 2>&1 &
    p=$!
    for _ in $(seq 25); do JACK_DEFAULT_SERVER=$name jack_lsp >/dev/null 2>&1 && break; sleep 0.2; done
    kill -TERM "$p" 2>/dev/null; wait "$p" 2>/dev/null
  done
}
# How many of $1 JACK cycles may allocate: the JVM's warm-up, 8 or 1 % of them.
allowed_allocating() { local n=$(($1 / 100)); [ "$n" -lt 8 ] && n=8; echo "$n"; }
# Waits until file $1 has a line matching $2 (at most $3 seconds).
wait_for_line() {
  for _ in $(seq $(($3 * 10))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  return 1
}

step "1. --audio jack with no JACK server"
export JACK_DEFAULT_SERVER="downbeat-none-$$"
timeout 120 "$root/downbeat" play --no-window --audio jack --bars 1 >"$work/none.out" 2>"$work/none.err"
code=$?
grep "downbeat play" "$work/none.err"
[ "$code" -eq 3 ] || bad "no JACK server: exit code $code, expected 3"
grep -q "no JACK server is running (server \"$JACK_DEFAULT_SERVER\")" "$work/none.err" || bad "no JACK server: no clear message"

step "2. headless, 4 bars at 120 bpm on a dummy JACK server"
start_jackd headless || { bad "the dummy JACK server did not start"; exit 1; }
server_log="$work/$JACK_DEFAULT_SERVER.jackd.log"
java -cp "$CP" dev.downbeat.app.play.JackRecorder "$work/rec" "$work/rec.stop" 100 >"$work/rec.log" 2>&1 &
pids+=($!)
jack_midi_dump -a >"$work/dump.txt" 2>&1 &
dump=$!
pids+=($dump)
for _ in $(seq 100); do jack_lsp | grep -q '^recorder:midi_in$' && jack_lsp | grep -q '^midi-monitor:input$' && break; sleep 0.2; done
jack_lsp | grep -q '^recorder:midi_in$' || { cat "$work/rec.log"; bad "the recorder did not start"; exit 1; }
timeout 120 "$root/downbeat" play --no-window --audio jack --tempo 120 --bars 4 --connect --audio-to recorder:in_L,recorder:in_R \
  --midi-to recorder:midi_in,midi-monitor:input >"$work/play.out" 2>"$work/play.err" &
app=$!
pids+=($app)
if wait_for_line "$work/play.err" "downbeat play: sound: JACK" 90; then
  jack_lsp -t >"$work/ports.txt"; jack_lsp -c >"$work/connections.txt"
  for p in out_L out_R; do
    grep -A1 "^downbeat:$p\$" "$work/ports.txt" | grep -q "32 bit float mono audio" || bad "no audio port downbeat:$p"
  done
  grep -A1 '^downbeat:midi_out$' "$work/ports.txt" | grep -q "8 bit raw midi" || bad "no MIDI port downbeat:midi_out"
  for c in "out_L system:playback_1" "out_R system:playback_2" "out_L recorder:in_L" "out_R recorder:in_R" \
           "midi_out recorder:midi_in" "midi_out midi-monitor:input"; do
    set -- $c
    awk -v p="downbeat:$1" -v q="   $2" '$0==p{on=1;next} /^[^ ]/{on=0} on && $0==q{f=1} END{exit !f}' "$work/connections.txt" \
      || bad "downbeat:$1 is not connected to $2"
  done
  echo "ports: $(grep '^downbeat:' "$work/ports.txt" | tr '\n' ' ')"
  sleep 3
  jack_bufsize 512 >/dev/null || bad "jack_bufsize 512 failed"
else
  cat "$work/play.err"; bad "downbeat play did not start on JACK"
fi
wait "$app"; code=$?
cat "$work/play.out"; grep -v "^downbeat play: sound:" "$work/play.err" | grep "downbeat play" | cut -c1-220
[ "$code" -eq 0 ] || bad "headless play exited with $code, expected 0"
# Every step found its bar written in time: the first step too, though the app rolls the moment the
# instrument is prepared (it once was a rest: 87 note-ons, not 89; see OpeningBarTest).
grep -q "played 16.00 quarter notes, every step in time;" "$work/play.out" \
  || bad "the app says steps were late: $(sed -n 's/.*quarter notes, \([^;]*\);.*/\1/p' "$work/play.out")"
grep -q "JACK's buffer size is now 512 frames" "$work/play.err" || bad "the app did not follow the buffer size change to 512"
touch "$work/rec.stop"
for _ in $(seq 100); do [ -s "$work/rec.info.txt" ] && break; sleep 0.1; done
sleep 0.3
kill "$dump" 2>/dev/null; wait "$dump" 2>/dev/null
cat "$work/rec.log"
xruns=$(grep -c "XRun" "$server_log")
echo "the JACK server logged $xruns xrun(s) in all (most while the app's JVM starts)"
sent=$(sed -n 's/.* \([0-9]*\) note-ons sent on.*/\1/p' "$work/play.out")
[ -n "$sent" ] && [ "$sent" -gt 0 ] || bad "the app did not say how many note-ons it sent"
java -cp "$CP" dev.downbeat.app.play.StandaloneJackCheck "$work/rec" 120 4 "$work/dump.txt" "${sent:-0}" \
  || bad "the recorded MIDI and audio fail the check, or the note-ons sent, dumped and recorded differ"
# The stock tool's frames (its own clock) must keep the 6000-frame grid too.
breaks=$(awk '/note on/ {sub(":", "", $1); print $1}' "$work/dump.txt" | uniq \
  | awk 'NR>1 {d=($1-p)%6000; if (d>1 && d<5999) n++} {p=$1} END{print n+0}')
[ "$breaks" -le "$xruns" ] || bad "jack_midi_dump sees $breaks note-on gap(s) off the 16th grid"
# Allocation on JACK's process thread inside the app's callback: the JVM's warm-up charges a few
# cycles (about 10-15 KB in 3-5 cycles in the first seconds here); code that allocated once a step
# or more would show in 64 or more. (JackCycleTest holds a cycle to the strict rule.)
read -r cycles bytes allocating < <(sed -n 's/.*callback: \([0-9]*\) cycles; the app.s code allocated \([0-9]*\) bytes in \([0-9]*\) of them.*/\1 \2 \3/p' "$work/play.out")
if [ -n "${cycles:-}" ]; then
  echo "allocation in the app's JACK callback: $bytes bytes in $allocating of $cycles cycles"
  [ "$allocating" -le "$(allowed_allocating "$cycles")" ] \
    || bad "the app's JACK callback allocates ($bytes bytes in $allocating of $cycles cycles)"
else
  bad "the app printed no allocation summary"
fi
grep -q " 0 callback failures, 0 cycles skipped for short port buffers" "$work/play.out" \
  || bad "the app's JACK callback failed or skipped cycles (after the buffer size change?)"

step "2b. following JACK's transport (--jack-transport; jack_transport rolls it, no timebase master)"
mkfifo "$work/transport.in"
sleep 600 >"$work/transport.in" &
pids+=($!)
jack_transport <"$work/transport.in" >"$work/transport.log" 2>&1 &
pids+=($!)
jack_midi_dump -a >"$work/follow.txt" 2>&1 &
dump=$!
pids+=($dump)
for _ in $(seq 50); do jack_lsp | grep -q '^midi-monitor:input$' && break; sleep 0.1; done
timeout 120 "$root/downbeat" play --no-window --audio jack --jack-transport --tempo 120 --midi-to midi-monitor:input \
  >"$work/follow.out" 2>"$work/follow.err" &
app=$!
pids+=($app)
if wait_for_line "$work/follow.err" "downbeat play: sound: JACK" 90; then
  sleep 2
  before=$(grep -c "note on" "$work/follow.txt")
  printf 'locate 0\nplay\n' >"$work/transport.in"
  sleep 4
  printf 'stop\n' >"$work/transport.in"
  sleep 1
  rolled=$(grep -c "note on" "$work/follow.txt")
  sleep 2
  after=$(grep -c "note on" "$work/follow.txt")
  kill "$app"; wait "$app" 2>/dev/null
  kill "$dump" 2>/dev/null; wait "$dump" 2>/dev/null
  follow_breaks=$(awk '/note on/ {sub(":", "", $1); print $1}' "$work/follow.txt" | uniq \
    | awk 'NR>1 {d=($1-p)%6000; if (d>1 && d<5999) n++} {p=$1} END{print n+0}')
  echo "following JACK's transport: $before note-ons while it stood, $rolled after 4 s rolling, $after 2 s after its stop; $follow_breaks gap(s) off the 16th grid"
  grep "stopped;" "$work/follow.out" | cut -c1-500
  [ "$before" -eq 0 ] || bad "notes while JACK's transport stood"
  [ "$rolled" -ge 8 ] || bad "too few notes while JACK's transport rolled ($rolled)"
  [ "$after" -eq "$rolled" ] || bad "notes after JACK's transport stopped ($rolled, then $after)"
  [ "$follow_breaks" -le "$(grep -c XRun "$server_log")" ] || bad "note-ons off the 16th grid when following JACK's transport"
  read -r cycles bytes allocating < <(sed -n 's/.*callback: \([0-9]*\) cycles; the app.s code allocated \([0-9]*\) bytes in \([0-9]*\) of them.*/\1 \2 \3/p' "$work/follow.out")
  if [ -n "${cycles:-}" ]; then
    echo "allocation in the app's JACK callback, querying the transport each cycle: $bytes bytes in $allocating of $cycles cycles"
    [ "$allocating" -le "$(allowed_allocating "$cycles")" ] \
      || bad "the JACK callback allocates when following the transport ($bytes bytes in $allocating of $cycles cycles)"
  else
    cat "$work/follow.out"; bad "the app printed no summary when stopped"
  fi
else
  cat "$work/follow.err"; bad "downbeat play --jack-transport did not start"
fi

step "3. the JACK server goes away while the headless app plays"
timeout 120 "$root/downbeat" play --no-window --audio jack --bars 100 >"$work/gone.out" 2>"$work/gone.err" &
app=$!
pids+=($app)
if wait_for_line "$work/gone.err" "downbeat play: sound: JACK" 90; then
  sleep 2
  kill "$jackd_pid"; wait "$jackd_pid" 2>/dev/null
  for _ in $(seq 200); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$app" 2>/dev/null; then bad "the app did not stop within 20 s of the server going away"; kill "$app"; fi
fi
wait "$app"; code=$?
grep "went away" "$work/gone.err" | head -1
[ "$code" -eq 4 ] || { cat "$work/gone.err"; bad "server gone: exit code $code, expected 4"; }
grep -q "JACK server \"$JACK_DEFAULT_SERVER\" went away" "$work/gone.err" || bad "server gone: no clear message"

step "4. the JACK server goes away while the app plays in a window"
start_jackd window || { bad "the second dummy JACK server did not start"; exit 1; }
Xvfb -displayfd 5 -screen 0 1280x800x24 -nolisten tcp 5>"$work/display" >"$work/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.1; done
DISPLAY=":$(cat "$work/display")" timeout 120 "$root/downbeat" play --audio jack --play >"$work/gui.out" 2>"$work/gui.err" &
gui=$!   # the launcher execs java under timeout: this is timeout's pid, java its child
pids+=($gui)
if wait_for_line "$work/gui.err" "downbeat play: sound: JACK" 90; then
  jack_lsp | grep -q '^downbeat:midi_out$' || bad "the windowed app has no JACK ports"
  sleep 2
  kill "$jackd_pid"; wait "$jackd_pid" 2>/dev/null
  wait_for_line "$work/gui.err" "playing on silently" 20 || bad "the windowed app did not say the server went away"
  sleep 3
  if kill -0 "$gui" 2>/dev/null; then
    echo "the windowed app runs on after the server went away: $(grep 'went away' "$work/gui.err" | head -1)"
    kill "$gui"
  else
    cat "$work/gui.err"; bad "the windowed app ended when the server went away"
  fi
else
  cat "$work/gui.err"; bad "the windowed app did not start on JACK"
fi
wait "$gui" 2>/dev/null

[ "$fail" -eq 0 ] && echo "45-standalone-jack: all checks passed"
exit "$fail"
