#!/usr/bin/env bash
# Downbeat as an LV2 instrument in real Linux hosts:
#  1. lv2ls and lv2info (lilv) find the bundle and show the plugin with the ports the parameter
#     declaration says, with ranges, defaults, units and integer/toggle/enumeration properties;
#  2. the project's strict C host (plugin/native/lv2/test/lv2_strict_host.c) loads downbeat.so
#     directly: missing features refused, sample-accurate 16ths at random block sizes, state;
#  3. jalv on a dummy JACK server with jack_transport rolling plays the beat: its MIDI out,
#     recorded by jack_midi_dump, has note-ons on 16th-note positions, and its audio is not silent;
#  4. jalv loading a corrupt saved state: a clear message in the log, jalv stays up and plays;
#  5. headless Ardour (ardour7-lua) renders the LV2 build: sound, onsets on the 16th grid, bars
#     automated to temperature 0 identical across random seeds and bars at 1.5 not, and the same
#     beat, sample for sample, as the VST2 build for the same random seed and automation.
# Self-contained: fresh HOME/XDG folders, its own JACK server, no display; builds what is missing.
set -uo pipefail
root=${DOWNBEAT_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
uri=https://downbeat.dev/plugins/downbeat
lv2="$root/plugin/target/lv2"
bundle="$lv2/downbeat.lv2"
strict="$root/plugin/target/lv2-test/lv2_strict_host"
native="$root/plugin/target/native"
vst2="$root/plugin/target/vst2"

if [ ! -f "$bundle/downbeat.so" ] || [ ! -f "$bundle/downbeat.ttl" ]; then
  echo "building the plugin (no $bundle yet)"
  (cd "$root" && nice -n 10 mvn -q -B -ntp -o -pl plugin -am package -DskipTests) || { echo "build failed"; exit 1; }
fi
make -s -C "$root/plugin/native/lv2" test-host >/dev/null || { echo "FAIL: cannot build the strict LV2 host"; exit 1; }
if [ ! -x "$native/wav_check" ]; then
  make -s -C "$root/plugin/native" "$native/wav_check" OUT="$native" >/dev/null 2>&1 || true
fi

work=$(mktemp -d /tmp/downbeat-lv2.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" XDG_STATE_HOME="$work/state"
mkdir -p "$HOME" "$XDG_CONFIG_HOME/ardour7/export" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
unset DISPLAY
export LV2_PATH="$lv2:/usr/lib/lv2:/usr/lib/ardour7/LV2"
log="$XDG_STATE_HOME/downbeat/downbeat.log"
fail=0
step() { echo "--- $* (at ${SECONDS}s)"; }
bad() { echo "FAIL: $*"; fail=1; }

step "lv2ls and lv2info"
lv2ls | grep -qx "$uri" || bad "lv2ls does not list $uri"
info=$(lv2info "$uri" 2>&1)
echo "$info" | grep -q "Class: *Instrument Plugin" || bad "lv2info: not an Instrument Plugin"
for f in urid#map options#options buf-size#boundedBlockLength; do
  echo "$info" | grep -A3 "Required Features" | grep -q "$f" || bad "lv2info: $f is not a required feature"
done
echo "$info" | grep -q "Extension Data: *http://lv2plug.in/ns/ext/state#interface" || bad "lv2info: no state:interface"
# The port symbols, in order, must be the fixed ports and then every parameter id of the declaration.
want=$(java -cp "$bundle/lib/*" dev.downbeat.plugin.lv2.TurtleGenerator --symbols)
have=$(echo "$info" | sed -n 's/^\t\tSymbol: *//p')
if [ "$want" != "$have" ]; then
  bad "lv2info's ports differ from the parameter declaration"; diff <(echo "$want") <(echo "$have") | head -20
else
  echo "$(echo "$have" | wc -l) ports: $(echo "$have" | tr '\n' ' ' | cut -c1-120)..."
fi
# One port of each kind, as lilv reads it.
port() { echo "$info" | awk -v s="$1" '/^\tPort [0-9]+:/{if(hit)exit; blk=""} {blk=blk"\n"$0} $0 ~ "Symbol: *"s"$"{hit=1} END{if(hit)print blk}'; }
port temperature | grep -q "Minimum: *0.000000" && port temperature | grep -q "Maximum: *2.000000" \
  && port temperature | grep -q "Default: *1.000000" || bad "temperature port range/default"
port loop_bars | grep -q "lv2core#integer" || bad "loop_bars is not lv2:integer"
port lock | grep -q "lv2core#toggled" || bad "lock is not lv2:toggled"
port mode | grep -q "lv2core#enumeration" && port mode | grep -q "Continue" && port mode | grep -q "Loop" \
  || bad "mode is not an enumeration with Continue/Loop"
port master_level | grep -q "Minimum: *-60.000000" || bad "master_level range"
port events_in | grep -q "atom#AtomPort" && port events_in | grep -q "InputPort" || bad "events_in is not an atom input"
port midi_out | grep -q "atom#AtomPort" && port midi_out | grep -q "OutputPort" || bad "midi_out is not an atom output"
port out_l | grep -q "AudioPort" && port out_r | grep -q "AudioPort" || bad "no stereo audio out"
supports=$(sed -n '/lv2:symbol "events_in"/,/\]/p;/atom:supports/p' "$bundle/downbeat.ttl" | grep -c "time:Position")
[ "$supports" -ge 1 ] || bad "events_in does not declare atom:supports time:Position"

step "strict C host"
defaults=$("$root/plugin/native/lv2/test/control-defaults.sh")
if ! timeout 600 "$strict" "$bundle" $defaults; then
  bad "lv2_strict_host"
  [ -f "$log" ] && tail -20 "$log"
fi
for message in "did not provide the LV2 feature(s) <http://lv2plug.in/ns/ext/urid#map>" "buf-size:maxBlockLength" \
               "did not load the saved state"; do
  grep -qF "$message" "$log" || bad "the log does not explain a refusal (\"$message\")"
done

# ---- JACK ----
export JACK_DEFAULT_SERVER="downbeat-lv2-$$" JACK_NO_START_SERVER=1 JACK_NO_AUDIO_RESERVATION=1
# JACK keeps a registry of servers and client semaphores in /dev/shm; servers and clients ended
# by earlier runs can leave entries behind until a new server fails with "Too many servers
# already active". With no JACK server running at all, nothing else can be using them.
if ! pgrep -x jackd >/dev/null 2>&1; then
  rm -rf /dev/shm/jack-* /dev/shm/jack_sem.* /dev/shm/jack_db-* 2>/dev/null || true
fi
jackd -n "$JACK_DEFAULT_SERVER" -d dummy -r 48000 -p 256 >"$work/jackd.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do jack_lsp >/dev/null 2>&1 && break; sleep 0.2; done
jack_lsp >/dev/null 2>&1 || { bad "the dummy JACK server did not start"; cat "$work/jackd.log"; exit 1; }

# Starts jalv as JACK client $1 with extra arguments; its stdin is a FIFO kept open.
start_jalv() {
  local name=$1; shift
  mkfifo "$work/$name.in"
  sleep 600 >"$work/$name.in" &
  pids+=($!)
  jalv -n "$name" "$@" <"$work/$name.in" >"$work/$name.log" 2>&1 &
  jalv_pid=$!
  pids+=($jalv_pid)
  for _ in $(seq 100); do jack_lsp | grep -q "^$name:midi_out" && return 0; sleep 0.2; done
  cat "$work/$name.log"; return 1
}

# Records $2 seconds of client $1: MIDI with jack_midi_dump, audio with jack_rec; the transport rolls
# from bar 1 at 120 bpm with jack_transport as timebase master.
record() {
  local name=$1 seconds=$2
  jack_midi_dump -a >"$work/$name.midi" 2>&1 &
  local dump=$!
  pids+=($dump)
  for _ in $(seq 50); do jack_lsp | grep -q "^midi-monitor:input" && break; sleep 0.1; done
  jack_connect "$name:midi_out" midi-monitor:input || bad "cannot connect $name:midi_out"
  jack_rec -f "$work/$name.wav" -d "$((seconds + 1))" "$name:out_l" "$name:out_r" >"$work/$name.rec.log" 2>&1 &
  local rec=$!
  pids+=($rec)
  sleep 0.5
  printf 'master\ntempo 120\nlocate 0\nplay\n' >"$work/transport.in"
  sleep "$seconds"
  printf 'stop\n' >"$work/transport.in"
  wait "$rec" 2>/dev/null
  kill "$dump" 2>/dev/null; wait "$dump" 2>/dev/null
}

mkfifo "$work/transport.in"
sleep 600 >"$work/transport.in" &
pids+=($!)
jack_transport <"$work/transport.in" >"$work/transport.log" 2>&1 &
pids+=($!)

step "jalv on a dummy JACK server, transport rolling at 120 bpm"
if start_jalv downbeat "$uri"; then
  record downbeat 8
  # Note-on frames (jack_midi_dump -a: frames since it started); a 16th at 120 bpm, 48 kHz is 6000
  # frames, so the gap between two successive note-on times must be a multiple of 6000. An xrun of
  # the dummy server (this machine may be busy) can shift the phase once: allowed once per xrun.
  ons=$(awk '/note on/ && $NF+0 > 0 {sub(":", "", $1); print $1}' "$work/downbeat.midi" | uniq)
  count=$(awk '/note on/ && $NF+0 > 0' "$work/downbeat.midi" | wc -l)
  steps=$(echo "$ons" | grep -c .)
  breaks=$(echo "$ons" | awk 'NR>1 {d=($1-p)%6000; if (d>1 && d<5999) n++} {p=$1} END{print n+0}')
  xruns=$(grep -c "XRun" "$work/jackd.log")
  echo "jalv: $count note-ons on $steps distinct frames; $breaks gap(s) off the 16th grid; $xruns xrun(s) of the JACK server"
  [ "$count" -ge 16 ] && [ "$steps" -ge 8 ] || bad "jalv played too few notes ($count note-ons, $steps steps)"
  [ "$breaks" -le "$xruns" ] || { bad "note-ons off the 16th grid"; head -20 "$work/downbeat.midi"; }
  if [ -x "$native/wav_check" ]; then
    stats=$("$native/wav_check" stats "$work/downbeat.wav") || bad "jack_rec wrote no readable WAV"
    echo "jalv audio: $stats"
    rms=$(echo "$stats" | sed -n 's/.* rms \([0-9.]*\).*/\1/p')
    awk -v r="${rms:-0}" 'BEGIN{exit !(r > 0.005)}' || bad "jalv's audio is silent (rms ${rms:-?})"
  else
    sox "$work/downbeat.wav" -n stat 2>&1 | grep -E "RMS +amplitude|Maximum amplitude"
  fi
  kill -0 "$jalv_pid" 2>/dev/null || bad "jalv died"
  printf 'quit\n' >"$work/downbeat.in"
else
  bad "jalv did not start Downbeat"
fi

step "jalv loading a corrupt saved state"
mkdir -p "$work/badstate"
cat >"$work/badstate/state.ttl" <<EOF
@prefix lv2: <http://lv2plug.in/ns/lv2core#> .
@prefix pset: <http://lv2plug.in/ns/ext/presets#> .
@prefix state: <http://lv2plug.in/ns/ext/state#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<>
	a pset:Preset ;
	lv2:appliesTo <$uri> ;
	state:state [
		<$uri#state> "$(printf 'DNBT\000\000\000\001\000\000\000\020not a real state, just bytes' | base64 -w0)"^^xsd:base64Binary
	] .
EOF
lines_before=$(wc -l <"$log" 2>/dev/null || echo 0)
if start_jalv badstate -l "$work/badstate"; then
  sleep 2
  tail -n +"$((lines_before + 1))" "$log" | grep -q "did not load the saved state" \
    || { bad "no clear message about the corrupt state"; tail -5 "$log"; }
  tail -n +"$((lines_before + 1))" "$log" | grep "did not load" | head -2
  record badstate 4
  kill -0 "$jalv_pid" 2>/dev/null || bad "jalv died after the corrupt state"
  n=$(grep -c "note on" "$work/badstate.midi")
  [ "$n" -ge 4 ] || bad "after the corrupt state jalv plays nothing ($n note-ons)"
  echo "after the corrupt state: jalv alive, $n note-ons"
  printf 'quit\n' >"$work/badstate.in"
else
  bad "jalv did not start with the corrupt state"
fi

step "Ardour headless renders at 120 bpm"
cp "$root/tests/stages/vst2/float-wav.preset" "$XDG_CONFIG_HOME/ardour7/export/"
mkdir -p "$work/out"
# $1 LV2|VST2, $2 stem, $3 random seed, $4 per-bar temperatures, $5 seconds.
. "$root/tests/stages/lib/ardour-render.sh"
render() {
  local type=LV2
  [ "$1" = VST2 ] && type=LXVST
  ardour_render "$2" "$3" "$4" "$5" "$type" || { bad "no WAV from the $1 render $2"; return 1; }
}
temps="0,0,0,1.5,1.5,1.5,1.5,1.5"
if [ ! -x "$native/wav_check" ]; then
  bad "no wav_check ($native/wav_check) to judge the renders"
elif render LV2 lv2 11 "$temps" 16 && render LV2 lv2-seed 4242 "$temps" 16 && render LV2 lv2-steady 11 "0,0,0,0,0,0,0,0" 16; then
  params=$(sed -n 's/^params=//p' "$work/lv2.out")
  [ "${params:-0}" -ge 20 ] || bad "Ardour sees ${params:-no} control inputs of Downbeat"
  "$native/wav_check" stats "$work/out/lv2.wav"
  "$native/wav_check" onsets "$work/out/lv2-steady.wav" 120 16 3 || bad "LV2 render: onsets missing or off the 16th grid"
  # The per-bar temperature rule through LV2 automation.
  check_temperature_rule lv2 lv2-seed "LV2 render"
  if [ -f "$vst2/Downbeat.so" ]; then
    LD_LIBRARY_PATH=/usr/lib/ardour7 timeout 120 /usr/lib/ardour7/ardour-vst-scanner -f "$vst2/Downbeat.so" >/dev/null 2>&1
    if render VST2 vst2 11 "$temps" 16; then
      "$native/wav_check" same "$work/out/lv2.wav" "$work/out/vst2.wav" 120 1 8 \
        || bad "the LV2 and VST2 builds render different beats for the same seed and automation"
    fi
  else
    bad "no VST2 build ($vst2/Downbeat.so) to compare the LV2 render with"
  fi
fi

if [ -f "$log" ] && grep -E "Exception|audio block\(s\) failed" "$log" | head -5 | grep -q .; then
  bad "the Downbeat log reports failures:"; grep -E "Exception|failed" "$log" | head -10
fi
echo "done at ${SECONDS}s"
[ "$fail" -eq 0 ] && echo "lv2 stage passed"
exit "$fail"
