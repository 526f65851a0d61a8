#!/bin/bash
# Stage 35: the learned groove in a real host. Headless Ardour renders the LV2 build twice from the
# same seed at temperature 0: at Humanize 0 every onset sits on the 16th grid; at Humanize 100 the
# same beat is pushed and pulled off the grid (by less than half a 16th) and sounds different.
set -uo pipefail
root=${DOWNBEAT_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
lv2="$root/plugin/target/lv2"
native="$root/plugin/target/native"
if [ ! -f "$lv2/downbeat.lv2/downbeat.so" ]; then
  (cd "$root" && nice -n 10 mvn -q -B -ntp -o -pl plugin -am package -DskipTests) || { echo "35-groove: build failed"; exit 1; }
fi
if [ ! -x "$native/wav_check" ]; then
  make -s -C "$root/plugin/native" "$native/wav_check" OUT="$native" >/dev/null 2>&1 || true
fi
command -v ardour7-lua >/dev/null || { echo "35-groove: ardour7-lua is missing (test.sh installs ardour)"; exit 1; }
[ -x "$native/wav_check" ] || { echo "35-groove: no wav_check"; exit 1; }

work=$(mktemp -d /tmp/downbeat-groove.XXXXXX)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" XDG_STATE_HOME="$work/state"
mkdir -p "$HOME" "$XDG_CONFIG_HOME/ardour7/export" "$XDG_CACHE_HOME" "$XDG_STATE_HOME" "$work/out"
export LV2_PATH="$lv2:/usr/lib/lv2:/usr/lib/ardour7/LV2"
cp "$root/tests/stages/vst2/float-wav.preset" "$XDG_CONFIG_HOME/ardour7/export/"
fail=0
bad() { echo "FAIL: $*"; fail=1; }

. "$root/tests/stages/lib/ardour-render.sh"
# $1 stem, $2 humanize %, $3 dynamics %
render() {
  DB_HUMANIZE="$2" DB_DYNAMICS="$3" ardour_render "$1" 11 0 10 LV2 || { bad "no WAV from the render $1"; return 1; }
}

if render quantized 0 100 && render humanized 100 150; then
  "$native/wav_check" onsets "$work/out/quantized.wav" 120 8 3 || bad "Humanize 0: onsets off the 16th grid"
  off=$("$native/wav_check" onsets "$work/out/humanized.wav" 120 8 3 2>&1)
  echo "$off" | tail -1
  [[ "$off" == *"off the 16th grid"* ]] || bad "Humanize 100: every onset still on the grid (no learned timing)"
  # A 16th at 120 bpm is 125 ms: the groove moves a hit by less than half of it.
  "$native/wav_check" onsets "$work/out/humanized.wav" 120 8 62.5 || bad "Humanize 100: an onset more than half a 16th off"
  "$native/wav_check" differ "$work/out/quantized.wav" "$work/out/humanized.wav" 120 1 4 \
    || bad "Humanize 100 sounds the same as Humanize 0"
fi
[ "$fail" -eq 0 ] && echo "35-groove: all checks passed"
exit "$fail"
